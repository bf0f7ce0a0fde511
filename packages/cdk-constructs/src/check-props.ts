import { Token } from 'aws-cdk-lib';
import { CAPTURE_MODE, CAPTURE_MODES, OUTPUT_FORMATS } from './constants';
import { ConflictingPropsError, InvalidPropError } from './errors';
import type { CdcSalesPipelineProps } from './types';

/** Pairs of "bring your own" and "shape ours": at most one of each pair may be given. */
const EXCLUSIVE_PAIRS = [
  ['existingTableObj', 'dynamoTableProps'],
  ['existingStreamObj', 'kinesisStreamProps'],
  ['existingBucketObj', 'bucketProps'],
  ['existingLambdaObj', 'lambdaFunctionProps'],
] as const satisfies readonly (readonly [keyof CdcSalesPipelineProps, keyof CdcSalesPipelineProps])[];

const GLUE_NAME = /^[a-z_][a-z0-9_]{0,254}$/;
const WORKGROUP_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** Throws on props that contradict each other or that AWS would reject at deploy time. */
export function checkProps(props: CdcSalesPipelineProps): void {
  for (const [existing, shaping] of EXCLUSIVE_PAIRS) {
    if (props[existing] !== undefined && props[shaping] !== undefined) {
      throw new ConflictingPropsError(existing, shaping);
    }
  }
  const oneOf = (prop: string, value: string | undefined, allowed: readonly string[]) => {
    if (value !== undefined && !allowed.includes(value)) {
      throw new InvalidPropError(prop, value, `must be one of ${allowed.map((v) => `'${v}'`).join(', ')}`);
    }
  };
  oneOf('captureMode', props.captureMode, CAPTURE_MODES);
  oneOf('outputFormat', props.outputFormat, OUTPUT_FORMATS);
  const kinesisDestination = props.captureMode === CAPTURE_MODE.KINESIS_DESTINATION;
  if (kinesisDestination && props.existingTableObj) {
    throw new InvalidPropError(
      'existingTableObj',
      props.existingTableObj.tableName,
      "is only supported with captureMode 'eventbridge-pipe': the Kinesis destination of a table is set where the table is defined",
    );
  }
  if (kinesisDestination && props.capturePipeOptions) {
    throw new InvalidPropError(
      'capturePipeOptions',
      props.capturePipeOptions,
      "only applies to captureMode 'eventbridge-pipe'",
    );
  }
  for (const prop of ['glueDatabaseName', 'lakeTableName', 'currentStateViewName'] as const) {
    const value = props[prop];
    if (value !== undefined && !Token.isUnresolved(value) && !GLUE_NAME.test(value)) {
      throw new InvalidPropError(prop, value, 'must be lower case letters, digits and underscores');
    }
  }
  const workgroup = props.workgroupName;
  if (workgroup !== undefined && !Token.isUnresolved(workgroup) && !WORKGROUP_NAME.test(workgroup)) {
    throw new InvalidPropError('workgroupName', workgroup, 'must be 1-128 letters, digits, ".", "_" or "-"');
  }
}
