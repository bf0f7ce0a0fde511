import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TRANSFORMER_BUNDLE_DIR, TRANSFORMER_BUNDLE_FILE, TRANSFORMER_PACKAGE } from './constants';
import { TransformerBundleMissingError } from './errors';
import { packageBundleDir } from './package-bundle-dir';

/**
 * The directory of the prebuilt transformer bundle (`dist/lambda/index.mjs`) of the installed
 * @org/cdc-transformer, as Node resolves it from `resolveFrom` (a file path or URL; by default this
 * module). Resolved on call, not on import, so that importing this package never fails and the ESM
 * and CommonJS builds both find it from where they are installed.
 */
export function transformerBundleDir(resolveFrom: string | URL = import.meta.url): string {
  return packageBundleDir(
    {
      packageName: TRANSFORMER_PACKAGE,
      bundleDir: TRANSFORMER_BUNDLE_DIR,
      bundleFile: TRANSFORMER_BUNDLE_FILE,
      missing: (where, cause) => new TransformerBundleMissingError(where, cause ? { cause } : undefined),
    },
    resolveFrom,
  );
}

/** The transformer bundle as Lambda code: a plain asset, no Docker and no bundling at synth. */
export function transformerCode(): lambda.Code {
  return lambda.Code.fromAsset(transformerBundleDir());
}
