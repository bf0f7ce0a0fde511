export { CdcSalesPipeline } from './cdc-sales-pipeline';
export type { CaptureMode, OutputFormat, StartingPosition } from './constants';
export {
  CAPTURE_MODE,
  CAPTURE_MODES,
  ERROR_OUTPUT_PREFIX,
  ERROR_PREFIX_ROOT,
  OUTPUT_FORMAT,
  OUTPUT_FORMATS,
  PIPE_PARTITION_KEY_PATH,
  STARTING_POSITION,
  STARTING_POSITIONS,
} from './constants';
export {
  CdcSalesPipelineError,
  ConflictingPropsError,
  InvalidPropError,
  TransformerBundleMissingError,
} from './errors';
export { transformerBundleDir, transformerCode } from './transformer-code';
export type { CapturePipeOptions, CdcSalesPipelineProps } from './types';
