import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Publishability, for real: pack every public @org package, lint the tarballs (publint, attw), install them
 * together into an empty project that cannot fetch any @org name from a registry, and import each one
 * from ESM and from CommonJS. A package with optional peer dependencies (the transformer's Powertools,
 * needed only by its /lambda subpath) is also installed alone, without them, and its main entry must
 * still import.
 */
const root = resolve(import.meta.dirname, '../../..');

interface PackageUnderTest {
  readonly name: string;
  readonly dir: string;
  readonly subpaths: readonly string[];
  /** Optional peer dependencies as `name@range`: a subpath may need them, the main entry must not. */
  readonly optionalPeers: readonly string[];
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
      optionalPeers: Object.entries(
        (manifest.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>,
      )
        .filter(([, meta]) => meta.optional === true)
        .map(([peer]) => `${peer}@${(manifest.peerDependencies as Record<string, string>)[peer]}`),
    }));
}

// PACKAGE_CHECK_ONLY=a,b narrows the run to some packages while one is being worked on.
const only = process.env.PACKAGE_CHECK_ONLY?.split(',');
const packages = publicPackages().filter((pkg) => only === undefined || only.includes(pkg.name));
// Without NODE_PATH: `pnpm exec` points it at the workspace's store, where require() would find
// packages the consumer project never installed.
const { NODE_PATH: _storePath, ...environment } = process.env;
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: environment });
/** A tool of the workspace root, run without `pnpm exec` (which costs a second of CPU per call). */
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

let workDir: string;
let tarballs: Map<string, string>;
let project: string;

/** An empty project that can fetch no @org name from a registry, with `installs` installed. */
function consumerProject(name: string, installs: string[]): string {
  const dir = join(workDir, name);
  run('mkdir', ['-p', dir], workDir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  // Any @org fetch fails at once: every @org package must come from the tarballs beside it.
  writeFileSync(join(dir, '.npmrc'), '@org:registry=http://127.0.0.1:9/\nfetch-retries=0\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...installs], dir);
  return dir;
}

/**
 * The export names of `specifier` as JSON, from ESM (`import()`) and from CommonJS (`require()`), read in
 * one process: each format loads its own entry file.
 */
const importKeys = (specifier: string, cwd: string): { esm: string; cjs: string } =>
  JSON.parse(
    run(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module';
const keys = (m) => JSON.stringify(Object.keys(m).sort());
const esm = keys(await import('${specifier}'));
const cjs = keys(createRequire(process.cwd() + '/')('${specifier}'));
console.log(JSON.stringify({ esm, cjs }));`,
      ],
      cwd,
    ),
  );

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

  // Every optional peer too, so that every subpath can be imported.
  project = consumerProject('consumer', [
    ...tarballs.values(),
    ...packages.flatMap((pkg) => pkg.optionalPeers),
  ]);
}, 600_000);

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe.each(packages)('$name', (pkg) => {
  it('has no dependency on an unpublished workspace or catalog protocol', () => {
    const manifest = run('tar', ['-xOzf', tarballs.get(pkg.name)!, 'package/package.json'], workDir);
    expect(manifest).not.toContain('workspace:');
    expect(manifest).not.toContain('catalog:');
  });

  it('passes publint', () => {
    const output = run(bin('publint'), ['run', tarballs.get(pkg.name)!, '--level', 'warning'], root);
    expect(output).not.toMatch(/warning|error/i);
  });

  it('passes @arethetypeswrong/cli (node16 profile)', () => {
    const output = run(
      bin('attw'),
      [tarballs.get(pkg.name)!, '--profile', 'node16', '--format', 'json', '--no-summary'],
      root,
    );
    const report = JSON.parse(output) as { analysis: { problems: { resolutionKind?: string }[] } };
    // The node16 profile leaves out node10 resolution, which cannot see subpath exports.
    expect(report.analysis.problems.filter((problem) => problem.resolutionKind !== 'node10')).toEqual([]);
  });

  it.each(pkg.subpaths)('imports %s from ESM and CommonJS in a fresh project', (subpath) => {
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const { esm, cjs } = importKeys(specifier, project);
    expect(JSON.parse(esm).length).toBeGreaterThan(0);
    expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
  });
});

const withOptionalPeers = packages.filter((pkg) => pkg.optionalPeers.length > 0);

describe.runIf(withOptionalPeers.length > 0).each(withOptionalPeers)(
  '$name without its optional peers',
  (pkg) => {
    let bare: string;
    beforeAll(() => {
      // The package and what it depends on from this workspace, and nothing else of ours.
      const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
      const ours = Object.keys(manifest.dependencies ?? {}).filter((name) => tarballs.has(name));
      bare = consumerProject(`bare-${pkg.name.split('/')[1]}`, [
        tarballs.get(pkg.name)!,
        ...ours.map((name) => tarballs.get(name)!),
      ]);
    }, 600_000);

    it('has none of them installed', () => {
      for (const peer of pkg.optionalPeers) {
        const name = peer.slice(0, peer.lastIndexOf('@'));
        expect(() => run('node', ['-e', `require.resolve('${name}')`], bare), name).toThrow();
      }
    });

    it('imports its main entry from ESM and CommonJS', () => {
      const { esm, cjs } = importKeys(pkg.name, bare);
      expect(JSON.parse(esm).length).toBeGreaterThan(0);
      expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
    });
  },
);
