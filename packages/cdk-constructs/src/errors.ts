/** Base class of every error `CdcSalesPipeline` throws while validating its props. */
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

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'object';
}
