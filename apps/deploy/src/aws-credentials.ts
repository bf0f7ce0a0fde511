import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { MissingCredentialsError } from './errors';

/** A function that resolves AWS credentials, as SDK clients take it in `credentials`. */
export type CredentialsProvider = ReturnType<typeof defaultProvider>;

/** What the default chain says when no source had credentials (as opposed to a source that failed). */
const NOTHING_FOUND = 'Could not load credentials from any providers';

/**
 * The credential provider every AWS SDK client and the CDK CLI use: environment, SSO, web identity,
 * shared config and credentials files, then container or instance metadata. Memoized, so clients that
 * share it resolve once.
 * https://docs.aws.amazon.com/sdk-for-javascript/latest/developer-guide/setting-credentials-node.html
 */
export function awsCredentials(profile?: string): CredentialsProvider {
  return defaultProvider(profile === undefined ? {} : { profile });
}

/**
 * Resolves credentials before a command talks to AWS, so that a machine without any ends with one line
 * that says so (`MissingCredentialsError`) instead of a stack trace from deep inside a command.
 */
export async function requireAwsCredentials(
  command: string,
  credentials: CredentialsProvider,
  profile?: string,
): Promise<void> {
  try {
    await credentials();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    throw new MissingCredentialsError(command, message === NOTHING_FOUND ? undefined : message, profile);
  }
}
