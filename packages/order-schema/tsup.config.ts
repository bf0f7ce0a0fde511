import { defineConfig } from 'tsup';

// One entry per subpath export: `.`, `./sql`, `./testing`.
const ENTRIES = { index: 'src/index.ts', sql: 'src/sql/index.ts', testing: 'src/testing/index.ts' };
const SUBPATH_ENTRIES = { sql: ENTRIES.sql, testing: ENTRIES.testing };

export default defineConfig([
  {
    entry: ENTRIES,
    format: ['esm', 'cjs'],
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  // Declarations: the main entry's declare every type once; those of /sql and /testing import them
  // from '@org/order-schema' (no shared chunk file whose types a consumer could not name).
  { entry: { index: ENTRIES.index }, format: ['esm', 'cjs'], dts: { only: true } },
  {
    entry: SUBPATH_ENTRIES,
    format: ['esm', 'cjs'],
    dts: { only: true },
    external: ['@org/order-schema'],
  },
]);
