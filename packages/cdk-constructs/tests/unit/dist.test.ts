import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { transformerBundleDir } from '../../src/index';

// Runs against the build (`pnpm test` through turbo builds first): the published ESM and CommonJS
// files must both find the transformer bundle, which is where `import.meta.url` differs.
describe('the built package', () => {
  it('finds the transformer bundle from ESM (dist/index.js)', async () => {
    const esm = (await import('../../dist/index.js')) as typeof import('../../src/index');
    expect(esm.transformerBundleDir()).toBe(transformerBundleDir());
    expect(typeof esm.CdcSalesPipeline).toBe('function');
  });

  it('finds the transformer bundle from CommonJS (dist/index.cjs)', () => {
    const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../../src/index');
    expect(cjs.transformerBundleDir()).toBe(transformerBundleDir());
    expect(typeof cjs.CdcSalesPipeline).toBe('function');
  });
});
