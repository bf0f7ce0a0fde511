import { statSync } from 'node:fs';
import { defineConfig } from 'tsup';

const BACKFILL_BUNDLE = 'dist/backfill-handler/index.mjs';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Keep the handler bundle that the second build writes beside the library.
    clean: [
      '**/*',
      '!athena-statement-handler',
      '!athena-statement-handler/**',
      '!backfill-handler',
      '!backfill-handler/**',
    ],
    target: 'node20',
    // `import.meta.url` (used to find the Lambda bundles) gets a CommonJS equivalent in index.cjs.
    shims: true,
    // Peer and workspace dependencies stay imports: the app's own aws-cdk-lib and constructs must be used.
    external: ['aws-cdk-lib', 'constructs', '@org/order-schema', '@org/cdc-transformer'],
  },
  {
    // The AthenaStatement handlers (`index.onEvent`, `index.isComplete`) as one ESM file for Node.js 24.
    // The AWS SDK stays external: the nodejs24.x runtime provides SDK v3, and the two Athena calls the
    // handlers make have not changed since Athena launched, so the asset stays a few KB.
    entry: { index: 'src/athena-statement-handler/index.ts' },
    outDir: 'dist/athena-statement-handler',
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node22',
    external: ['@aws-sdk/client-athena'],
    noExternal: [/^(?!@aws-sdk\/)/],
    treeshake: true,
    clean: true,
    dts: false,
    sourcemap: false,
  },
  {
    // The snapshot backfill's Lambda (`index.handler`) as one self-contained ESM file: the S3 and Kinesis
    // clients and the transformer's snapshotRecord inlined, so the asset works whatever SDK the runtime
    // has. Names are kept: the error names are what Step Functions reports and retries on.
    entry: { index: 'src/backfill-handler/index.ts' },
    outDir: 'dist/backfill-handler',
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node22',
    noExternal: [/.*/],
    minify: true,
    keepNames: true,
    // One file: the SDK's dynamically imported credential providers are inlined too.
    splitting: false,
    treeshake: true,
    clean: true,
    dts: false,
    sourcemap: false,
    // A few SDK dependencies are CommonJS and require Node built-ins; ESM has no `require` of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    onSuccess: async () => {
      const bytes = statSync(BACKFILL_BUNDLE).size;
      console.log(`Backfill bundle ${BACKFILL_BUNDLE}: ${(bytes / 1024).toFixed(1)} KB`);
    },
  },
]);
