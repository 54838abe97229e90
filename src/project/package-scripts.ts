import fs from 'node:fs';
import path from 'node:path';

/** A source file named in a script command: `tsx lib/db/setup.ts`, `node ./scripts/seed.mjs`. */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/**
 * Script names of one-off jobs (`db:setup`, `seed`, `migrate:reset`): a word of the
 * name, split at `:`, `-`, `_` and `.`, is one of these. `start`, `dev`, `worker`
 * run the app itself, whose entry file is no script.
 */
const ONE_OFF_WORDS = new Set([
  'db',
  'database',
  'seed',
  'seeds',
  'setup',
  'migrate',
  'migration',
  'migrations',
  'reset',
  'init',
  'bootstrap',
  'provision',
  'populate',
  'fixtures',
  'backfill',
  'script',
  'scripts',
]);
/** Commands that keep running (a watcher, a process manager) are the app, not a one-off job. */
const LONG_RUNNING = /\b(?:watch|nodemon|pm2|forever)\b/;
/** What separates the words of a script command: blanks, shell operators, quotes. */
const WORD_SEPARATORS = /[\s;&|()<>'"`=]+/;

interface ScriptTargets {
  readonly mtimeMs: number;
  readonly files: ReadonlySet<string>;
}

// package.json path → the files its scripts run; read again when the file changes (an editor's ESLint lives long).
const cache = new Map<string, ScriptTargets>();

/** The absolute paths of the source files a package.json's one-off scripts run, or null when it cannot be read. */
function scriptTargets(manifest: string): ReadonlySet<string> | null {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(manifest).mtimeMs;
  } catch {
    return null;
  }
  const cached = cache.get(manifest);
  if (cached && cached.mtimeMs === mtimeMs) return cached.files;
  const files = new Set<string>();
  try {
    const { scripts } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { scripts?: unknown };
    const dir = path.dirname(manifest);
    if (scripts && typeof scripts === 'object') {
      for (const [name, command] of Object.entries(scripts)) {
        if (typeof command !== 'string' || LONG_RUNNING.test(command)) continue;
        if (!name.split(/[:\-_.]/).some((word) => ONE_OFF_WORDS.has(word.toLowerCase()))) continue;
        for (const word of command.split(WORD_SEPARATORS)) {
          if (SOURCE_FILE.test(word) && !word.includes('*') && !path.isAbsolute(word)) files.add(path.resolve(dir, word));
        }
      }
    }
  } catch {
    // Not JSON: a broken manifest names no script.
  }
  cache.set(manifest, { mtimeMs, files });
  return files;
}

/**
 * Whether a one-off `package.json` script runs the file (`"db:setup": "tsx lib/db/setup.ts"`),
 * which makes it a script of the project, whatever its folder. Every package.json
 * from the file's folder up to `cwd` counts (a monorepo root runs
 * `tsx packages/db/seed.ts`); a file outside `cwd`, only its nearest ones up
 * to the filesystem root.
 */
export function isRunByPackageScript(filename: string, cwd: string): boolean {
  const file = path.resolve(cwd, filename);
  const top = file.startsWith(cwd + path.sep) ? cwd : path.parse(file).root;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (scriptTargets(path.join(dir, 'package.json'))?.has(file)) return true;
    if (dir === top || path.dirname(dir) === dir) return false;
  }
}
