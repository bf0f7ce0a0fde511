/**
 * Base class of every error of this package: the ones `CdcSalesPipeline` throws while validating its
 * props, and the ones its deploy-time handlers report to CloudFormation.
 */
export class CdcSalesPipelineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An `existingXObj` and its `xProps` were both given: only one of them can shape the resource. */
export class ConflictingPropsError extends CdcSalesPipelineError {
  constructor(
    readonly existingProp: string,
    readonly propsProp: string,
  ) {
    super(`Error - Either provide ${existingProp} or ${propsProp}, but not both.`);
  }
}

/** A prop has a value the pipeline cannot use. */
export class InvalidPropError extends CdcSalesPipelineError {
  constructor(
    readonly prop: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${prop} ${expected}, got ${describe(value)}`);
  }
}

/** The prebuilt transformer Lambda bundle is not where the installed package says it is. */
export class TransformerBundleMissingError extends CdcSalesPipelineError {
  constructor(
    readonly bundleDir: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The @org/cdc-transformer Lambda bundle is missing at ${bundleDir}: build it with ` +
        '`pnpm --filter @org/cdc-transformer build`, or pass lambdaFunctionProps.code',
      options,
    );
  }
}

/** The prebuilt handler bundle of `AthenaStatement` is not in this package's `dist/`. */
export class AthenaStatementHandlerMissingError extends CdcSalesPipelineError {
  constructor(
    readonly bundleDir: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The AthenaStatement handler bundle is missing at ${bundleDir}: build it with ` +
        '`pnpm --filter @org/cdk-constructs build`',
      options,
    );
  }
}

/**
 * An Athena statement run by `AthenaStatement` at deploy time did not succeed; the message carries
 * Athena's own reason, and CloudFormation shows it as the reason the resource failed.
 */
export class AthenaStatementFailedError extends CdcSalesPipelineError {
  constructor(
    readonly queryExecutionId: string,
    readonly state: string,
    readonly reason: string,
  ) {
    super(`Athena query ${queryExecutionId} ${state}: ${reason}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'object';
}

/** An Athena statement run by `AthenaStatement` at deploy time was still running when its timeout passed. */
export class AthenaStatementTimedOutError extends CdcSalesPipelineError {
  constructor(
    readonly queryExecutionId: string,
    readonly state: string,
    readonly timeoutSeconds: number,
  ) {
    super(
      `Athena query ${queryExecutionId} was still ${state} after the statement's timeout of ${timeoutSeconds} s: it was stopped`,
    );
  }
}

/**
 * A statement that adds columns found the table with some of them but not all: it cannot be run (Athena
 * refuses to add a column twice) and skipping it would leave the table short of the missing ones.
 */
export class AddedColumnsPartlyPresentError extends CdcSalesPipelineError {
  constructor(
    readonly table: string,
    readonly missingColumns: readonly string[],
  ) {
    super(
      `Table ${table} has some of the columns the statement adds but not ${missingColumns.join(', ')}: ` +
        'add those with ALTER TABLE … ADD COLUMNS and deploy again',
    );
  }
}
