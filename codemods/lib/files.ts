import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Which files the codemods look at: JS/TS sources a project owns, never generated, vendored or installed code. */

export const SOURCE_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Folders that hold installed, generated or built code, skipped wherever they are. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.vercel',
  '.turbo',
  '.netlify',
  '.wrangler',
  'coverage',
  'vendor',
  // Yarn Berry's committed releases, plugins, SDKs and cache: vendored bundles of megabytes (graphile-starter).
  '.yarn',
  '.pnpm-store',
  '.output',
]);

// Declaration files hold no runtime code; minified bundles are vendored; Yarn's Plug'n'Play loaders are generated.
const SKIPPED_FILE = /\.min\.[cm]?js$|\.d\.[cm]?ts$|(?:^|[\\/])\.pnp\.(?:c?js|loader\.mjs)$/;

export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

export interface WalkResult {
  /** absolute paths, sorted */
  readonly files: readonly string[];
  /** paths given or met that were not followed (symlinks, missing paths) */
  readonly skipped: readonly SkippedPath[];
}

export interface WalkOptions {
  /** extra file names to return besides sources, e.g. `package.json` for `analyze` */
  readonly includeNames?: readonly string[];
}

interface GitignoreScope {
  readonly dir: string;
  /** `dir` with a trailing separator: the paths under it start with this */
  readonly prefix: string;
  readonly rules: Ignore;
}

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(file)) && !SKIPPED_FILE.test(file);
}

/** A package.json that makes a package: a name or dependencies, not only a `"type": "module"` marker for the files below it. */
function isPackageManifest(file: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof manifest === 'object' && manifest !== null && ['name', 'dependencies', 'devDependencies'].some((key) => key in manifest);
  } catch {
    return false;
  }
}

/** The folder of the package a file belongs to: the nearest one below `root` with a package.json that makes a package, else `root`. */
export function packageDirOf(file: string, root: string): string {
  for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && isPackageManifest(manifest)) return dir;
  }
  return root;
}

function readGitignore(dir: string): GitignoreScope | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { dir, prefix: dir.endsWith(path.sep) ? dir : dir + path.sep, rules: ignore().add(text) };
}

/** Git's precedence: the deepest .gitignore with a say wins, so a nested `!file` re-includes what a parent ignored. */
function isIgnored(scopes: readonly GitignoreScope[], file: string, isDirectory: boolean): boolean {
  for (let index = scopes.length - 1; index >= 0; index--) {
    const scope = scopes[index]!;
    // Walked paths are absolute and normalized: the part after the scope's folder is the relative path.
    if (!file.startsWith(scope.prefix)) continue;
    const relative = path.sep === '/' ? file.slice(scope.prefix.length) : file.slice(scope.prefix.length).split(path.sep).join('/');
    const verdict = scope.rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/**
 * The .gitignore files above a walked directory, up to its repository root
 * (the folder holding `.git`): running on `src/` still honours the root's rules.
 */
function ancestorScopes(dir: string): GitignoreScope[] {
  const chain: string[] = [];
  for (let current = dir; !fs.existsSync(path.join(current, '.git')); ) {
    const parent = path.dirname(current);
    // Outside a repository only the walked tree's own .gitignore files apply.
    if (parent === current) return [];
    chain.unshift(parent);
    current = parent;
  }
  return chain.map(readGitignore).filter((scope): scope is GitignoreScope => scope !== undefined);
}

/**
 * Lists the source files under the given paths (files or directories),
 * honouring nested .gitignore files and never following symlinks. A file named
 * explicitly is taken even when ignored, as long as it is a source file.
 */
export function walkSourceFiles(paths: readonly string[], options: WalkOptions = {}): WalkResult {
  const includeNames = new Set(options.includeNames ?? []);
  const wanted = (file: string) => isSourceFile(file) || includeNames.has(path.basename(file));
  const files = new Set<string>();
  const skipped: SkippedPath[] = [];

  const walk = (dir: string, inherited: readonly GitignoreScope[]): void => {
    const own = readGitignore(dir);
    const scopes = own ? [...inherited, own] : inherited;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: dir, reason: `cannot read directory (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const entry of entries) {
      const full = prefix + entry.name;
      if (entry.isSymbolicLink()) {
        if (!isIgnored(scopes, full, false)) skipped.push({ path: full, reason: 'symbolic link, not followed' });
      } else if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !isIgnored(scopes, full, true)) walk(full, scopes);
      } else if (entry.isFile() && wanted(full) && !isIgnored(scopes, full, false)) {
        files.add(full);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(given);
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(absolute);
    } catch {
      skipped.push({ path: absolute, reason: 'no such file or directory' });
      continue;
    }
    if (stats.isSymbolicLink()) skipped.push({ path: absolute, reason: 'symbolic link, not followed' });
    else if (stats.isDirectory()) walk(absolute, ancestorScopes(absolute));
    else if (wanted(absolute)) files.add(absolute);
    else skipped.push({ path: absolute, reason: 'not a JavaScript or TypeScript source file' });
  }
  return { files: [...files].sort(), skipped };
}

/** A file's text, or undefined when it cannot be read (gone, a folder, no permission): scans skip it. */
export function readTextIfReadable(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
