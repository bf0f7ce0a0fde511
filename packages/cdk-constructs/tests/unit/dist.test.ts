import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { athenaStatementHandlerDir, transformerBundleDir } from '../../src/index';

// Runs against the build (`pnpm test` through turbo builds first): the published ESM and CommonJS
// files must both find the transformer bundle and their own handler bundle, which is where
// `import.meta.url` differs.
describe('the built package', () => {
  it('finds the transformer and AthenaStatement handler bundles from ESM (dist/index.js)', async () => {
    // Through unknown: a class with private members is nominal, so the built declaration of
    // AthenaStatementProvider is another type than the source's.
    const esm = (await import('../../dist/index.js')) as unknown as typeof import('../../src/index');
    expect(esm.transformerBundleDir()).toBe(transformerBundleDir());
    expect(esm.athenaStatementHandlerDir()).toBe(athenaStatementHandlerDir());
    expect(typeof esm.CdcSalesPipeline).toBe('function');
  });

  it('finds the transformer and AthenaStatement handler bundles from CommonJS (dist/index.cjs)', () => {
    const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../../src/index');
    expect(cjs.transformerBundleDir()).toBe(transformerBundleDir());
    expect(cjs.athenaStatementHandlerDir()).toBe(athenaStatementHandlerDir());
    expect(typeof cjs.CdcSalesPipeline).toBe('function');
  });
});
