import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Compiles against the built declarations (turbo runs `build` before `test`), as a consumer would.
const PACKAGE_DIR = join(import.meta.dirname, '..', '..');
const CONSUMER = join(PACKAGE_DIR, 'tests', 'types', 'aws-lambda-consumer.ts');

function compilerOptions(exactOptionalPropertyTypes: boolean): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(PACKAGE_DIR, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error('tsconfig.json could not be read');
  return { ...parsed.options, exactOptionalPropertyTypes, noEmit: true };
}

/** Type errors of `files`, plus `extra` source text compiled beside them as `extra.ts`. */
function typeErrors(exactOptionalPropertyTypes: boolean, extra?: string): string[] {
  const options = compilerOptions(exactOptionalPropertyTypes);
  const host = ts.createCompilerHost(options);
  const extraFile = join(PACKAGE_DIR, 'tests', 'types', 'extra.ts');
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    fileName === extraFile && extra !== undefined
      ? ts.createSourceFile(fileName, extra, language)
      : getSourceFile(fileName, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => (fileName === extraFile && extra !== undefined) || fileExists(fileName);
  const roots = extra === undefined ? [CONSUMER] : [CONSUMER, extraFile];
  const program = ts.createProgram(roots, options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (diagnostic) =>
        `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
}

describe('the Firehose types and @types/aws-lambda', () => {
  it.each([
    ['without exactOptionalPropertyTypes', false],
    ['with exactOptionalPropertyTypes', true],
  ])(
    'are assignable both ways, and an AWS event goes straight into the core and the handler (%s)',
    (_name, exact) => {
      expect(typeErrors(exact)).toEqual([]);
    },
  );

  it('reports the shapes that broke it before, so the check above can fail', () => {
    const errors = typeErrors(
      true,
      `import type * as Aws from 'aws-lambda';
       import type { FirehoseTransformationEvent, KinesisRecordMetadata } from '@org/cdc-transformer';
       // An optional field declared without | undefined.
       type Narrowed = Omit<FirehoseTransformationEvent, 'sourceKinesisStreamArn'> & { sourceKinesisStreamArn?: string };
       declare const awsEvent: Aws.FirehoseTransformationEvent;
       export const narrowed: Narrowed = awsEvent;
       // A subsequenceNumber typed as it arrives (a number) rather than as AWS's types say.
       type Widened = Omit<KinesisRecordMetadata, 'subsequenceNumber'> & { subsequenceNumber: number | string };
       declare const metadata: Widened;
       export const widened: Aws.FirehoseRecordMetadata = metadata;`,
    );
    expect(errors).toHaveLength(2);
    expect(errors.every((error) => error.includes('extra.ts'))).toBe(true);
  });
});
