import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TRANSFORMER_BUNDLE_DIR, TRANSFORMER_BUNDLE_FILE, TRANSFORMER_PACKAGE } from './constants';
import { TransformerBundleMissingError } from './errors';

/**
 * The directory of the prebuilt transformer bundle (`dist/lambda/index.mjs`) of the installed
 * @org/cdc-transformer, as Node resolves it from `resolveFrom` (a file path or URL; by default this
 * module). Resolved on call, not on import, so that importing this package never fails and the ESM
 * and CommonJS builds both find it from where they are installed.
 */
export function transformerBundleDir(resolveFrom: string | URL = import.meta.url): string {
  let packageJson: string;
  try {
    packageJson = createRequire(resolveFrom).resolve(`${TRANSFORMER_PACKAGE}/package.json`);
  } catch (cause) {
    throw new TransformerBundleMissingError(`${TRANSFORMER_PACKAGE}/${TRANSFORMER_BUNDLE_DIR}`, { cause });
  }
  const bundleDir = join(dirname(packageJson), TRANSFORMER_BUNDLE_DIR);
  if (!existsSync(join(bundleDir, TRANSFORMER_BUNDLE_FILE)))
    throw new TransformerBundleMissingError(bundleDir);
  return bundleDir;
}

/** The transformer bundle as Lambda code: a plain asset, no Docker and no bundling at synth. */
export function transformerCode(): lambda.Code {
  return lambda.Code.fromAsset(transformerBundleDir());
}
