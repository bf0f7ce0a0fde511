import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CdcSalesPipelineProps } from '../../src/index';
import { CdcSalesPipeline } from '../../src/index';

/** CloudFormation JSON as the assertions library returns it: untyped by nature. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
export type Cfn = any;

export const ENV = { account: '123456789012', region: 'eu-west-1' } as const;

export interface Deployed {
  readonly app: App;
  readonly stack: Stack;
  readonly pipeline: CdcSalesPipeline;
  readonly template: Template;
}

/** One stack with one pipeline, synthesized once: CDK synth costs seconds, so tests share the result. */
export function deploy(
  props: CdcSalesPipelineProps = {},
  build?: (stack: Stack) => CdcSalesPipelineProps,
): Deployed {
  const app = new App();
  const stack = new Stack(app, 'Sales', { env: ENV });
  const pipeline = new CdcSalesPipeline(stack, 'Pipeline', { ...props, ...build?.(stack) });
  return { app, stack, pipeline, template: Template.fromStack(stack) };
}

/** A stack with only what a test needs (no synth): for checks that throw while the construct is built. */
export function emptyStack(): Stack {
  return new Stack(new App(), 'Sales', { env: ENV });
}

/** Unacknowledged cdk-nag AwsSolutions findings as `rule at path` lines. */
export function nagFindings(deployed: Deployed): string[] {
  const report = new AwsSolutionsChecks(deployed.app).validateScope(deployed.stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}

/** The resources of one type, by logical id. */
export function resourcesOf(
  template: Template,
  type: string,
): Record<string, { Properties: Record<string, Cfn> }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, Cfn> }>;
}

/** The single resource of a type (fails when there is not exactly one). */
export function onlyResource(
  template: Template,
  type: string,
): { logicalId: string; properties: Record<string, Cfn> } {
  const entries = Object.entries(resourcesOf(template, type));
  if (entries.length !== 1) throw new Error(`expected exactly one ${type}, found ${entries.length}`);
  const [logicalId, resource] = entries[0]!;
  return { logicalId, properties: resource.Properties };
}

/** Every IAM policy statement in the template, with the logical id of the policy or role it is in. */
export function policyStatements(template: Template): { owner: string; statement: Record<string, Cfn> }[] {
  const statements: { owner: string; statement: Record<string, Cfn> }[] = [];
  for (const [owner, policy] of Object.entries(resourcesOf(template, 'AWS::IAM::Policy'))) {
    for (const statement of policy.Properties.PolicyDocument.Statement) statements.push({ owner, statement });
  }
  for (const [owner, role] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
    for (const inline of role.Properties.Policies ?? []) {
      for (const statement of inline.PolicyDocument.Statement) statements.push({ owner, statement });
    }
  }
  return statements;
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** The text of an `Fn::Join` (or a plain string) with every token replaced by `<token>`. */
export function joinedText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return '<token>';
  return join[1].map((part) => (typeof part === 'string' ? part : '<token>')).join(join[0]);
}

/**
 * Every metric a template's alarms and dashboard name, as `namespace` and `metricName`: alarm properties
 * (single metrics and metric-math parts) and every `[namespace, name, …]` array in the dashboard body.
 */
export function metricsNamed(template: Template): { source: string; namespace: string; name: string }[] {
  const found: { source: string; namespace: string; name: string }[] = [];
  for (const [id, alarm] of Object.entries(resourcesOf(template, 'AWS::CloudWatch::Alarm'))) {
    const properties = alarm.Properties;
    if (properties.MetricName) {
      found.push({ source: id, namespace: properties.Namespace, name: properties.MetricName });
    }
    for (const part of properties.Metrics ?? []) {
      const metric = part.MetricStat?.Metric;
      if (metric) found.push({ source: id, namespace: metric.Namespace, name: metric.MetricName });
    }
  }
  const walk = (source: string, node: unknown): void => {
    if (!Array.isArray(node) && (node === null || typeof node !== 'object')) return;
    if (Array.isArray(node) && typeof node[0] === 'string' && typeof node[1] === 'string') {
      if (node[0].includes('/')) found.push({ source, namespace: node[0], name: node[1] });
    }
    for (const child of Object.values(node)) walk(source, child);
  };
  for (const [id, dashboard] of Object.entries(resourcesOf(template, 'AWS::CloudWatch::Dashboard'))) {
    walk(id, JSON.parse(joinedText(dashboard.Properties.DashboardBody)));
  }
  return found;
}
