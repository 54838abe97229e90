import path from 'node:path';
import picomatch from 'picomatch';

import { isRunByPackageScript } from './package-scripts';
import { SCRIPT_GLOBS, TOOL_CONFIG_GLOBS, type NeonSettings } from './settings';

/** What role a file plays, decided from its path and the package.json scripts that run it (shape-based checks live with the rules). */
export interface FileRoles {
  readonly test: boolean;
  readonly migration: boolean;
  readonly dbModule: boolean;
  readonly toolConfig: boolean;
  /** seeds and one-off scripts: at a script path, or run by a package.json script (`"db:setup": "tsx lib/db/setup.ts"`) */
  readonly script: boolean;
}

const matcherByKey = new Map<string, (file: string) => boolean>();
const matcherByList = new WeakMap<readonly string[], (file: string) => boolean>();

/**
 * `picomatch(globs, { dot: true })` as one regular expression: picomatch's
 * matcher for a list calls one matcher per glob, each allocating a result
 * object, on every path. Its test is the path equal to the glob or matching
 * the glob's expression, which the union keeps.
 */
function compileGlobs(globs: readonly string[]): (file: string) => boolean {
  const literal = new Set(globs);
  const union = new RegExp(globs.map((glob) => `(?:${picomatch.makeRe(glob, { dot: true }).source})`).join('|'));
  return (file) => file !== '' && (literal.has(file) || union.test(file));
}

/** The compiled list, found by the list's identity (settings keep their lists) or, for a new list, by its globs. */
function matcher(globs: readonly string[]): (file: string) => boolean {
  let match = matcherByList.get(globs);
  if (match) return match;
  const key = globs.join('\0');
  match = matcherByKey.get(key);
  if (!match) {
    match = compileGlobs(globs);
    matcherByKey.set(key, match);
  }
  matcherByList.set(globs, match);
  return match;
}

/**
 * The path globs are matched against: relative to the working directory when
 * the file is inside it, with forward slashes.
 */
export function projectRelativePath(filename: string, cwd: string): string {
  const relative = path.isAbsolute(filename) ? path.relative(cwd, filename) : filename;
  const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filename;
  return inside.split(path.sep).join('/').replace(/^\.\//, '');
}

/** A path relative to the project (see `projectRelativePath`) against globs. */
function matchesRelative(relative: string, globs: readonly string[]): boolean {
  const match = matcher(globs);
  // A path outside cwd is absolute; `**/` globs still apply to it.
  return match(relative) || match(relative.replace(/^\/+/, ''));
}

export function matchesGlobs(filename: string, cwd: string, globs: readonly string[]): boolean {
  return matchesRelative(projectRelativePath(filename, cwd), globs);
}

/**
 * Each role is matched when first asked: a rule that returns early asks for
 * none, and most files need one or two of the five glob lists.
 */
class PathRoles implements FileRoles {
  private readonly known = new Map<keyof FileRoles, boolean>();
  private readonly relative: string;

  constructor(
    private readonly filename: string,
    private readonly cwd: string,
    private readonly settings: NeonSettings,
  ) {
    this.relative = projectRelativePath(filename, cwd);
  }

  private role(name: keyof FileRoles, decide: () => boolean): boolean {
    let value = this.known.get(name);
    if (value === undefined) {
      value = decide();
      this.known.set(name, value);
    }
    return value;
  }

  get test(): boolean {
    return this.role('test', () => matchesRelative(this.relative, this.settings.tests));
  }
  get migration(): boolean {
    return this.role('migration', () => matchesRelative(this.relative, this.settings.migrations));
  }
  get dbModule(): boolean {
    return this.role('dbModule', () => matchesRelative(this.relative, this.settings.dbModule));
  }
  get toolConfig(): boolean {
    return this.role('toolConfig', () => matchesRelative(this.relative, TOOL_CONFIG_GLOBS));
  }
  get script(): boolean {
    return this.role('script', () => matchesRelative(this.relative, SCRIPT_GLOBS) || isRunByPackageScript(this.filename, this.cwd));
  }
}

export function fileRoles(filename: string, cwd: string, settings: NeonSettings): FileRoles {
  return new PathRoles(filename, cwd, settings);
}
