import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Without per-file isolation a worker loads DuckDB, the transformer and the schema once instead of once
// per test file (about a third of the CPU time). The files share no mutable module state: no module
// mocks, no environment or global stubs; each run writes under its own temporary directory.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
