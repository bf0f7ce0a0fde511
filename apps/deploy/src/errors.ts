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
