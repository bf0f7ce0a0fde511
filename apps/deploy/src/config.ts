import { CAPTURE_MODES, type CaptureMode, OUTPUT_FORMATS, type OutputFormat } from '@org/cdk-constructs';
import { InvalidSettingError } from './errors';

/** Everything the app needs to know about one deployment. */
export interface DeployConfig {
  /** Short name of the environment (`dev`, `prod`, …); it names the stack: `CdcSales-<stage>`. */
  readonly stage: string;
  readonly region: string;
  /** Unset when synthesizing without credentials: the template is then account-agnostic. */
  readonly account: string | undefined;
  readonly captureMode: CaptureMode;
  readonly outputFormat: OutputFormat;
  /** Subscribed by e-mail to the alarm topic; without it the topic has no subscription. */
  readonly alarmEmail: string | undefined;
}

/** Each setting: its CDK context key, its environment variable, its default. */
export const SETTINGS = {
  stage: { context: 'stage', env: 'CDC_STAGE', default: 'dev' },
  region: { context: 'region', env: 'CDK_DEFAULT_REGION', default: 'eu-west-1' },
  account: { context: 'account', env: 'CDK_DEFAULT_ACCOUNT', default: undefined },
  captureMode: { context: 'captureMode', env: 'CDC_CAPTURE_MODE', default: 'eventbridge-pipe' },
  outputFormat: { context: 'outputFormat', env: 'CDC_OUTPUT_FORMAT', default: 'parquet' },
  alarmEmail: { context: 'alarmEmail', env: 'CDC_ALARM_EMAIL', default: undefined },
} as const;

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export { stackNameOf } from './stack-name';

/**
 * Reads the config: a CDK context value (`-c stage=prod`) wins over the environment variable, which
 * wins over the default. Throws `InvalidSettingError` naming the setting and the value.
 */
export function resolveDeployConfig(
  context: (key: string) => unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DeployConfig {
  const read = (name: keyof typeof SETTINGS): string | undefined => {
    const setting = SETTINGS[name];
    const fromContext = context(setting.context);
    if (fromContext !== undefined && fromContext !== null && fromContext !== '') return String(fromContext);
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    // Outside the CDK CLI the usual AWS variable names the region.
    if (name === 'region' && env.AWS_REGION) return env.AWS_REGION;
    return setting.default;
  };
  const check = (
    name: keyof typeof SETTINGS,
    value: string | undefined,
    valid: boolean,
    expected: string,
  ) => {
    if (!valid) {
      const setting = SETTINGS[name];
      throw new InvalidSettingError(
        `${name} (context ${setting.context} or ${setting.env})`,
        value,
        expected,
      );
    }
  };
  const stage = read('stage')!;
  check(
    'stage',
    stage,
    STAGE.test(stage),
    'lower case letters, digits and "-", starting with a letter, at most 20',
  );
  const region = read('region')!;
  check('region', region, REGION.test(region), 'an AWS region such as eu-west-1');
  const account = read('account');
  check('account', account, account === undefined || ACCOUNT.test(account), 'a 12-digit AWS account id');
  const captureMode = read('captureMode')!;
  check(
    'captureMode',
    captureMode,
    (CAPTURE_MODES as readonly string[]).includes(captureMode),
    `one of ${CAPTURE_MODES.join(', ')}`,
  );
  const outputFormat = read('outputFormat')!;
  check(
    'outputFormat',
    outputFormat,
    (OUTPUT_FORMATS as readonly string[]).includes(outputFormat),
    `one of ${OUTPUT_FORMATS.join(', ')}`,
  );
  const alarmEmail = read('alarmEmail');
  check('alarmEmail', alarmEmail, alarmEmail === undefined || EMAIL.test(alarmEmail), 'an e-mail address');
  return {
    stage,
    region,
    account,
    captureMode: captureMode as CaptureMode,
    outputFormat: outputFormat as OutputFormat,
    alarmEmail,
  };
}
