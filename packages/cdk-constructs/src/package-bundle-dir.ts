import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PackageBundle {
  /** The package the bundle ships in, as Node resolves it. */
  readonly packageName: string;
  /** The bundle's directory inside that package, e.g. `dist/lambda`. */
  readonly bundleDir: string;
  /** A file that must be in it. */
  readonly bundleFile: string;
  /** The error to throw when the bundle is not there (`cause`: why the package was not found). */
  readonly missing: (where: string, cause?: unknown) => Error;
}

/**
 * The directory of a prebuilt Lambda bundle inside an installed package, resolved as Node resolves
 * `<package>/package.json` from `resolveFrom` (a file path or URL). A package can name itself: Node
 * resolves a package's own name from inside it, so this finds our own `dist/` from `src/` and from
 * `dist/` alike, in the ESM and CommonJS builds.
 */
export function packageBundleDir(bundle: PackageBundle, resolveFrom: string | URL): string {
  let packageJson: string;
  try {
    packageJson = createRequire(resolveFrom).resolve(`${bundle.packageName}/package.json`);
  } catch (cause) {
    throw bundle.missing(`${bundle.packageName}/${bundle.bundleDir}`, cause);
  }
  const dir = join(dirname(packageJson), bundle.bundleDir);
  if (!existsSync(join(dir, bundle.bundleFile))) throw bundle.missing(dir);
  return dir;
}
