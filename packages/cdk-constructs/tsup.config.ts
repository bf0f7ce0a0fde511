import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // `import.meta.url` (used to find the transformer bundle) gets a CommonJS equivalent in index.cjs.
  shims: true,
  // Peer and workspace dependencies stay imports: the app's own aws-cdk-lib and constructs must be used.
  external: ['aws-cdk-lib', 'constructs', '@org/order-schema', '@org/cdc-transformer'],
});
