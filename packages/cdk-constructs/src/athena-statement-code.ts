import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ATHENA_STATEMENT_HANDLER_DIR, ATHENA_STATEMENT_HANDLER_FILE, CONSTRUCTS_PACKAGE } from './constants';
import { AthenaStatementHandlerMissingError } from './errors';
import { packageBundleDir } from './package-bundle-dir';

/**
 * The directory of this package's prebuilt `AthenaStatement` handler bundle
 * (`dist/athena-statement-handler/index.mjs`), found the way the transformer bundle is: resolved on
 * call, through Node's resolution of this package's own name.
 */
export function athenaStatementHandlerDir(resolveFrom: string | URL = import.meta.url): string {
  return packageBundleDir(
    {
      packageName: CONSTRUCTS_PACKAGE,
      bundleDir: ATHENA_STATEMENT_HANDLER_DIR,
      bundleFile: ATHENA_STATEMENT_HANDLER_FILE,
      missing: (where, cause) => new AthenaStatementHandlerMissingError(where, cause ? { cause } : undefined),
    },
    resolveFrom,
  );
}

/** The handler bundle as Lambda code: a plain asset. */
export function athenaStatementHandlerCode(): lambda.Code {
  return lambda.Code.fromAsset(athenaStatementHandlerDir());
}
