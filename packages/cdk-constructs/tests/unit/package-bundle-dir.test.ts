import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AthenaStatementHandlerMissingError,
  athenaStatementHandlerDir,
  TransformerBundleMissingError,
  transformerBundleDir,
} from '../../src/index';

/** An app directory where `packageName` is installed but not built (no `dist/`). */
function unbuiltInstall(packageName: string): { app: URL; packageDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'unbuilt-'));
  const packageDir = join(root, 'node_modules', ...packageName.split('/'));
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name: packageName, version: '0.0.0' }));
  return { app: pathToFileURL(join(root, 'app.js')), packageDir };
}

describe.each([
  {
    locate: transformerBundleDir,
    packageName: '@org/cdc-transformer',
    bundleDir: join('dist', 'lambda'),
    error: TransformerBundleMissingError,
    message:
      'The @org/cdc-transformer Lambda bundle is missing at <dir>: build it with `pnpm --filter @org/cdc-transformer build`, or pass lambdaFunctionProps.code',
  },
  {
    locate: athenaStatementHandlerDir,
    packageName: '@org/cdk-constructs',
    bundleDir: join('dist', 'athena-statement-handler'),
    error: AthenaStatementHandlerMissingError,
    message:
      'The AthenaStatement handler bundle is missing at <dir>: build it with `pnpm --filter @org/cdk-constructs build`',
  },
])('$locate.name', ({ locate, packageName, bundleDir, error, message }) => {
  it('says how to build the bundle when the package is installed but not built', () => {
    const { app, packageDir } = unbuiltInstall(packageName);
    const call = () => locate(app);
    expect(call).toThrow(error);
    expect(call).toThrow(message.replace('<dir>', join(packageDir, bundleDir)));
  });
});
