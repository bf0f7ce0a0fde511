/** The stack name of a stage (no CDK import: the operator commands load this without the CDK). */
export function stackNameOf(stage: string): string {
  return `CdcSales-${stage}`;
}
