import { CAPTURE_MODE, CAPTURE_MODES, OUTPUT_FORMATS } from '@org/order-schema';
import { Token } from 'aws-cdk-lib';
import { MIN_ERROR_RETENTION_DAYS } from './constants';
import { ConflictingPropsError, InvalidPropError } from './errors';
import type { CdcSalesPipelineProps } from './types';

/** Pairs of "bring your own" and "shape ours": at most one of each pair may be given. */
const EXCLUSIVE_PAIRS = [
  ['existingTableObj', 'dynamoTableProps'],
  ['existingStreamObj', 'kinesisStreamProps'],
  ['existingBucketObj', 'bucketProps'],
  ['existingLambdaObj', 'lambdaFunctionProps'],
  ['existingAlarmTopic', 'alarmEmail'],
] as const satisfies readonly (readonly [keyof CdcSalesPipelineProps, keyof CdcSalesPipelineProps])[];

const GLUE_NAME = /^[a-z_][a-z0-9_]{0,254}$/;
const WORKGROUP_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

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
  for (const prop of [
    'glueDatabaseName',
    'lakeTableName',
    'currentStateViewName',
    'currentStateTableName',
  ] as const) {
    const value = props[prop];
    if (value !== undefined && !Token.isUnresolved(value) && !GLUE_NAME.test(value)) {
      throw new InvalidPropError(prop, value, 'must be lower case letters, digits and underscores');
    }
  }
  if (props.createCurrentStateTable === false && props.currentStateTableOptions !== undefined) {
    throw new InvalidPropError(
      'currentStateTableOptions',
      props.currentStateTableOptions,
      'needs createCurrentStateTable: there is no current-state table',
    );
  }
  checkAlarmProps(props);
  checkErrorRetention(props);
  const workgroup = props.workgroupName;
  if (workgroup !== undefined && !Token.isUnresolved(workgroup) && !WORKGROUP_NAME.test(workgroup)) {
    throw new InvalidPropError('workgroupName', workgroup, 'must be 1-128 letters, digits, ".", "_" or "-"');
  }
}

function checkAlarmProps(props: CdcSalesPipelineProps): void {
  if (props.createCloudWatchAlarms === false) {
    for (const prop of ['alarmEmail', 'existingAlarmTopic', 'failedRecordsThreshold'] as const) {
      if (props[prop] !== undefined) {
        throw new InvalidPropError(prop, props[prop], 'needs createCloudWatchAlarms: there are no alarms');
      }
    }
  }
  const email = props.alarmEmail;
  if (email !== undefined && !Token.isUnresolved(email) && !EMAIL.test(email)) {
    throw new InvalidPropError('alarmEmail', email, 'must be an e-mail address');
  }
  const threshold = props.failedRecordsThreshold;
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold >= 0)) {
    throw new InvalidPropError('failedRecordsThreshold', threshold, 'must be a number >= 0');
  }
}

/** Objects under `errors/` are the only copy of what failed: they must outlive an investigation. */
function checkErrorRetention(props: CdcSalesPipelineProps): void {
  if (props.errorRetention === undefined) return;
  const days = props.errorRetention.toDays({ integral: false });
  if (days !== 0 && !(Number.isInteger(days) && days >= MIN_ERROR_RETENTION_DAYS)) {
    throw new InvalidPropError(
      'errorRetention',
      `${days} days`,
      `must be whole days, at least ${MIN_ERROR_RETENTION_DAYS} (or 0 to never expire): objects under errors/ are the only copy of the records that failed`,
    );
  }
}
