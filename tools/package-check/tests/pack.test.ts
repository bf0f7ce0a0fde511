import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Publishability, for real: pack every public @org package, lint the tarballs (publint, attw), install them
 * together into an empty project that cannot fetch any @org name from a registry, and import each one
 * from ESM and from CommonJS.
 */
const root = resolve(import.meta.dirname, '../../..');

interface PackageUnderTest {
  readonly name: string;
  readonly dir: string;
  readonly subpaths: readonly string[];
}

function publicPackages(): PackageUnderTest[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({
      name: manifest.name as string,
      dir,
      subpaths: Object.keys(manifest.exports as Record<string, unknown>).filter(
        (key) => key !== './package.json',
      ),
    }));
}

// PACKAGE_CHECK_ONLY=a,b narrows the run to some packages while one is being worked on.
const only = process.env.PACKAGE_CHECK_ONLY?.split(',');
const packages = publicPackages().filter((pkg) => only === undefined || only.includes(pkg.name));
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env });

let workDir: string;
let tarballs: Map<string, string>;
let project: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'org-pack-'));
  const filters = packages.flatMap((pkg) => ['--filter', pkg.name]);
  run('pnpm', [...filters, 'pack', '--pack-destination', workDir], root);
  const files = readdirSync(workDir).filter((file) => file.endsWith('.tgz'));
  tarballs = new Map(
    packages.map((pkg) => {
      const prefix = `${pkg.name.replace('@', '').replace('/', '-')}-`;
      const file = files.find((candidate) => candidate.startsWith(prefix));
      if (file === undefined) throw new Error(`no tarball for ${pkg.name} in ${files.join(', ')}`);
      return [pkg.name, join(workDir, file)];
    }),
  );

  project = join(workDir, 'consumer');
  run('mkdir', ['-p', project], workDir);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
  );
  // Any @org fetch fails at once: every @org package must come from the tarballs beside it.
  writeFileSync(join(project, '.npmrc'), '@org:registry=http://127.0.0.1:9/\nfetch-retries=0\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs.values()], project);
}, 600_000);

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe.each(packages)('$name', (pkg) => {
  it('has no dependency on an unpublished workspace protocol', () => {
    const manifest = run('tar', ['-xOzf', tarballs.get(pkg.name)!, 'package/package.json'], workDir);
    expect(manifest).not.toContain('workspace:');
  });

  it('passes publint', () => {
    const output = run(
      'pnpm',
      ['exec', 'publint', 'run', tarballs.get(pkg.name)!, '--level', 'warning'],
      root,
    );
    expect(output).not.toMatch(/warning|error/i);
  });

  it('passes @arethetypeswrong/cli (node16 profile)', () => {
    const output = run(
      'pnpm',
      ['exec', 'attw', tarballs.get(pkg.name)!, '--profile', 'node16', '--format', 'json', '--no-summary'],
      root,
    );
    const report = JSON.parse(output) as { analysis: { problems: { resolutionKind?: string }[] } };
    // The node16 profile leaves out node10 resolution, which cannot see subpath exports.
    expect(report.analysis.problems.filter((problem) => problem.resolutionKind !== 'node10')).toEqual([]);
  });

  it.each(pkg.subpaths)('imports %s from ESM and CommonJS in a fresh project', (subpath) => {
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const esm = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `const m = await import('${specifier}'); console.log(JSON.stringify(Object.keys(m).sort()))`,
      ],
      project,
    );
    const cjs = run(
      'node',
      ['-e', `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`],
      project,
    );
    expect(JSON.parse(esm).length).toBeGreaterThan(0);
    expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
  });
});
