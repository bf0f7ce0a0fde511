import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    // `import.meta.url` (the worker's file) in the CommonJS build too.
    shims: true,
    target: 'node20',
  },
  {
    // The CLI, and the worker that runs the real handler beside the stream (loaded by file name).
    entry: ['src/cli.ts', 'src/handler-worker.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
