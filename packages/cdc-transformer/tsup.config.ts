import { statSync } from 'node:fs';
import { defineConfig } from 'tsup';

const LAMBDA_BUNDLE = 'dist/lambda/index.mjs';
const LAMBDA_BUNDLE_GOAL_BYTES = 250 * 1024;

export default defineConfig([
  {
    // The library: one entry per subpath export; dependencies stay external.
    entry: ['src/index.ts', 'src/lambda.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: ['**/*', '!lambda', '!lambda/**'],
    target: 'node20',
  },
  {
    // The Lambda asset: one self-contained ESM file, handler `index.handler`, used as is by the construct.
    entry: { index: 'src/lambda.ts' },
    outDir: 'dist/lambda',
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node22',
    noExternal: [/.*/],
    minify: true,
    treeshake: true,
    clean: true,
    dts: false,
    sourcemap: false,
    // Every dependency ships ESM, so no createRequire banner is needed; the bundle test proves it loads.
    onSuccess: async () => {
      const bytes = statSync(LAMBDA_BUNDLE).size;
      const verdict = bytes <= LAMBDA_BUNDLE_GOAL_BYTES ? 'within' : 'OVER';
      console.log(
        `Lambda bundle ${LAMBDA_BUNDLE}: ${(bytes / 1024).toFixed(1)} KB (${verdict} the ${LAMBDA_BUNDLE_GOAL_BYTES / 1024} KB goal)`,
      );
    },
  },
]);
