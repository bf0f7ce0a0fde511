import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library.
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Both builds run at once: keep the command's files when cleaning.
    clean: ['**/*', '!cli.js', '!cli.js.map'],
    target: 'node20',
  },
  {
    // The `order-generator` command; only this entry gets the shebang.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    dts: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
