import path from 'node:path';
import picomatch from 'picomatch';

import { SCRIPT_GLOBS, TOOL_CONFIG_GLOBS, type NeonSettings } from './settings';

/** What role a file plays, decided from its path alone (shape-based checks live with the rules). */
export interface FileRoles {
  readonly test: boolean;
  readonly migration: boolean;
  readonly dbModule: boolean;
  readonly toolConfig: boolean;
  /** seeds and one-off scripts */
  readonly script: boolean;
}

const matcherCache = new Map<string, (file: string) => boolean>();

function matcher(globs: readonly string[]): (file: string) => boolean {
  const key = globs.join('\0');
  let match = matcherCache.get(key);
  if (!match) {
    match = picomatch(globs as string[], { dot: true });
    matcherCache.set(key, match);
  }
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

export function matchesGlobs(filename: string, cwd: string, globs: readonly string[]): boolean {
  const relative = projectRelativePath(filename, cwd);
  const match = matcher(globs);
  // A path outside cwd is absolute; `**/` globs still apply to it.
  return match(relative) || match(relative.replace(/^\/+/, ''));
}

export function fileRoles(filename: string, cwd: string, settings: NeonSettings): FileRoles {
  return {
    test: matchesGlobs(filename, cwd, settings.tests),
    migration: matchesGlobs(filename, cwd, settings.migrations),
    dbModule: matchesGlobs(filename, cwd, settings.dbModule),
    toolConfig: matchesGlobs(filename, cwd, TOOL_CONFIG_GLOBS),
    script: matchesGlobs(filename, cwd, SCRIPT_GLOBS),
  };
}
