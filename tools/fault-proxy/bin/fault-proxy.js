#!/usr/bin/env node
// Runs the TypeScript source through tsx, so the command works right after `pnpm install`, no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('../src/cli.ts', import.meta.url);
