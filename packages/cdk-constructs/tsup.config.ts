import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Keep the handler bundle that the second build writes beside the library.
    clean: ['**/*', '!athena-statement-handler', '!athena-statement-handler/**'],
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
]);
