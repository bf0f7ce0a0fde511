import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BackfillHandlerMissingError } from './backfill-errors';
import { BACKFILL_HANDLER_DIR, BACKFILL_HANDLER_FILE, CONSTRUCTS_PACKAGE } from './constants';
import { packageBundleDir } from './package-bundle-dir';

/**
 * The directory of this package's prebuilt backfill Lambda bundle (`dist/backfill-handler/index.mjs`),
 * found as the other bundles are: resolved on call, through Node's resolution of this package's own name.
 */
export function backfillHandlerDir(resolveFrom: string | URL = import.meta.url): string {
  return packageBundleDir(
    {
      packageName: CONSTRUCTS_PACKAGE,
      bundleDir: BACKFILL_HANDLER_DIR,
      bundleFile: BACKFILL_HANDLER_FILE,
      missing: (where, cause) => new BackfillHandlerMissingError(where, cause ? { cause } : undefined),
    },
    resolveFrom,
  );
}

/** The backfill bundle as Lambda code: a plain asset. */
export function backfillHandlerCode(): lambda.Code {
  return lambda.Code.fromAsset(backfillHandlerDir());
}
