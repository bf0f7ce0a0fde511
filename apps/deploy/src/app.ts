import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CdcSalesStack } from './cdc-sales-stack';
import { type DeployConfig, resolveDeployConfig, stackNameOf } from './config';

/**
 * Builds the CDK app of one stage, with cdk-nag's AwsSolutions checks as a validation plugin: any
 * unacknowledged finding fails `cdk synth`. `props` lets tests pass context and an output directory.
 */
export function buildApp(
  props: {
    context?: Record<string, unknown>;
    outdir?: string;
    env?: Record<string, string | undefined>;
  } = {},
): {
  app: App;
  config: DeployConfig;
  stack: CdcSalesStack;
} {
  const app = new App({ context: props.context, outdir: props.outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const config = resolveDeployConfig((key) => app.node.tryGetContext(key), props.env ?? process.env);
  const stack = new CdcSalesStack(app, stackNameOf(config.stage), {
    config,
    env: { account: config.account, region: config.region },
    description: `CDC of DynamoDB orders into an Athena-queryable S3 lake (${config.stage})`,
    tags: { project: 'cdc-sales-pipeline', stage: config.stage },
  });
  return { app, config, stack };
}
