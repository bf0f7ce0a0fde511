import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { CdcSalesPipeline } from '../../src/index';
import { ENV } from '../helpers/synth';

/** An app with cdk-nag's AwsSolutions pack as a validation plugin, as a real CDK app registers it. */
function nagApp(): App {
  const app = new App({ outdir: undefined });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

describe('cdk-nag AwsSolutions as a synth-time validation plugin', () => {
  it('synthesizes the pipeline with no unacknowledged finding, and every acknowledgement has a reason', () => {
    const app = nagApp();
    const stack = new Stack(app, 'Sales', { env: ENV });
    new CdcSalesPipeline(stack, 'Pipeline');
    const assembly = app.synth();
    expect(assembly.getStackByName('Sales').template.Resources).toBeDefined();
    const acknowledged = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string | { reason?: string }>));
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const [id, value] of acknowledged) {
      const reason = typeof value === 'string' ? value : value.reason;
      expect(reason, id).toMatch(/\w{3,}.*\w{3,}/);
    }
  });

  it('fails synth on findings nobody acknowledged (the plugin is live: a control without the pipeline)', () => {
    const app = nagApp();
    const stack = new Stack(app, 'Control', { env: ENV });
    const role = new iam.Role(stack, 'Wide', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    new s3.Bucket(stack, 'Plain');
    expect(() => app.synth()).toThrow(/AwsSolutions-(IAM5|S1|S10)/);
  });
});
