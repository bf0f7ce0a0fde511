/** Base class of the errors of the deploy app and its operator commands. */
export class DeployError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A context value, environment variable or command-line flag has a value we cannot use. */
export class InvalidSettingError extends DeployError {
  constructor(
    readonly setting: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${setting} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

/** The stack is not deployed, or lacks an output the command needs. */
export class StackOutputsError extends DeployError {}

/** An Athena query did not succeed. */
export class AthenaQueryError extends DeployError {}

/** A command-line flag, option or argument we do not understand. */
export class UsageError extends DeployError {}

const HOW_TO_PROVIDE_CREDENTIALS =
  'set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login';

/**
 * No AWS credentials could be resolved for a command that needs AWS. The message is the one line the
 * user sees: what is missing and how to provide it.
 */
export class MissingCredentialsError extends DeployError {
  constructor(
    readonly command: string,
    /** What the credential source that failed said; none when no source had any. */
    readonly reason?: string,
    readonly profile?: string,
  ) {
    super(
      reason === undefined
        ? `${command}: no AWS credentials found${profile ? ` for profile ${profile}` : ''} (${HOW_TO_PROVIDE_CREDENTIALS})`
        : `${command}: AWS credentials could not be loaded: ${reason} (${HOW_TO_PROVIDE_CREDENTIALS})`,
    );
  }
}

/** The backfill could not run to its end: the export, the state machine or its results. */
export class BackfillError extends DeployError {}
