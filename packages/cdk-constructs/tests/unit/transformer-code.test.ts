import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { transformerBundleDir, transformerCode } from '../../src/index';

const transformerPackage = createRequire(import.meta.url).resolve('@org/cdc-transformer/package.json');

describe('transformerBundleDir', () => {
  it('finds the prebuilt handler bundle of the installed @org/cdc-transformer', () => {
    const dir = transformerBundleDir();
    expect(dir).toBe(join(transformerPackage, '..', 'dist', 'lambda'));
    const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(
      /export\s*\{[^}]*\bas handler\b|export\s+(async\s+)?function handler|export\s*\{[^}]*\bhandler\b/,
    );
  });
});

describe('transformerCode', () => {
  it('is a plain asset of the bundle directory: staged as is, no Docker, no bundling', () => {
    const app = new App();
    const stack = new Stack(app, 'Code');
    const fn = new lambda.Function(stack, 'Fn', {
      code: transformerCode(),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
    });
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, 'Code.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
      dockerImages?: Record<string, unknown>;
    };
    const sources = Object.values(manifest.files).map((file) => file.source);
    const asset = sources.find((source) => source.packaging === 'zip')!;
    expect(asset).toBeDefined();
    expect(manifest.dockerImages ?? {}).toEqual({});
    const stagedBundle = readFileSync(join(assembly.directory, asset.path, 'index.mjs'));
    expect(stagedBundle.equals(readFileSync(join(transformerBundleDir(), 'index.mjs')))).toBe(true);
    expect(fn.runtime.name).toBe('nodejs24.x');
  });
});
