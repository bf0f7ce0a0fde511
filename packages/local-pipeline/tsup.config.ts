import { defineConfig } from 'tsup';

export default defineConfig({
  // The CLI, the entry point of callers of runLocalPipeline, and the worker that runs the real
  // handler beside the stream (started by its file name, beside the module that starts it).
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/cli.ts',
    'handler-worker': 'src/firehose/handler-worker.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
