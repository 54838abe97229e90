/**
 * ORM command lines that change the schema without a migration (push, sync,
 * reset, drop), and the npm-style runners that start other package.json
 * scripts. Shared by `no-schema-sync` (commands run from code) and
 * `no-schema-push-in-scripts` (package.json scripts).
 */

export type SchemaTool = 'prisma' | 'drizzle-kit' | 'typeorm' | 'sequelize';

export interface SchemaCommand {
  /** the command as it matters, never the user's arguments: `prisma db push --accept-data-loss` */
  readonly display: string;
  readonly tool: SchemaTool;
}

/** Each tool's migrations-first replacement, for messages. */
export const MIGRATIONS_INSTEAD: Readonly<Record<SchemaTool, string>> = {
  prisma: '`prisma migrate dev` locally to write migrations, `prisma migrate deploy` to apply them',
  'drizzle-kit': '`drizzle-kit generate` to write migrations, `drizzle-kit migrate` to apply them',
  typeorm: '`typeorm migration:generate` to write migrations, `typeorm migration:run` to apply them',
  sequelize: 'sequelize-cli migrations (`sequelize db:migrate`)',
};

/** Flags that make a push or reset throw data away without asking. */
const DATA_LOSS_FLAGS = new Set(['--accept-data-loss', '--force-reset', '--force', '-f']);

const TYPEORM_BINARY = /^typeorm(?:-ts-node-(?:commonjs|esm))?$/;

/** A word of a shell command line: its text with quotes removed, and where it stands in the line (end exclusive). */
export interface ShellWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a shell command line into simple commands (at `&&`, `||`, `;`, `|`,
 * `&` and newlines outside quotes), each a list of words with quotes removed
 * and their place in the line. A quoted word that is itself a command line
 * (`sh -c "prisma db push"`, `concurrently "npm run a"`) stays one word;
 * callers split it again.
 */
export function splitShellWords(line: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let word = '';
  let start = -1;
  let quote: '"' | "'" | undefined;
  const endWord = (end: number) => {
    if (start >= 0) words.push({ text: word, start, end });
    word = '';
    start = -1;
  };
  const endCommand = (end: number) => {
    endWord(end);
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      if (start < 0) start = i;
    } else if (char === '\\' && i + 1 < line.length) {
      if (start < 0) start = i;
      word += line[++i];
    } else if (char === ';' || char === '&' || char === '|' || char === '\n' || char === '(' || char === ')') {
      endCommand(i);
    } else if (/\s/.test(char)) {
      endWord(i);
    } else {
      if (start < 0) start = i;
      word += char;
    }
  }
  endCommand(line.length);
  return commands;
}

/** {@link splitShellWords}, words only. */
export function splitShellCommands(line: string): string[][] {
  return splitShellWords(line).map((words) => words.map((word) => word.text));
}

/** `node_modules/.bin/prisma` → `prisma`, `prisma@5.2.0` → `prisma`. */
function binaryName(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  const at = base.indexOf('@', 1);
  return at > 0 ? base.slice(0, at) : base;
}

function commandIn(words: readonly string[], start: number): SchemaCommand | undefined {
  const name = binaryName(words[start]);
  const rest = words.slice(start + 1);
  const positionals = rest.filter((word) => !word.startsWith('-'));
  const hasPair = (first: string, second: readonly string[]) =>
    positionals.some((word, index) => word === first && second.includes(positionals[index + 1]));
  const flags = rest.filter((word) => DATA_LOSS_FLAGS.has(word.split('=')[0]));
  const show = (head: string) => [head, ...new Set(flags)].join(' ');
  if (name === 'prisma') {
    if (hasPair('db', ['push'])) return { display: show('prisma db push'), tool: 'prisma' };
    const migrate = positionals.findIndex((word, index) => word === 'migrate' && ['dev', 'reset'].includes(positionals[index + 1]));
    if (migrate >= 0) return { display: show(`prisma migrate ${positionals[migrate + 1]}`), tool: 'prisma' };
    return undefined;
  }
  if (name === 'drizzle-kit') {
    const push = positionals.find((word) => word === 'push' || word.startsWith('push:'));
    return push ? { display: show(`drizzle-kit ${push}`), tool: 'drizzle-kit' } : undefined;
  }
  // `typeorm-ts-node-commonjs schema:sync`, or `ts-node ./node_modules/typeorm/cli.js schema:sync`
  if (TYPEORM_BINARY.test(name) || /(?:^|\/)typeorm\/cli(?:\.[cm]?[jt]s)?$/.test(words[start])) {
    const action = positionals.find((word) => word === 'schema:sync' || word === 'schema:drop');
    return action ? { display: `typeorm ${action}`, tool: 'typeorm' } : undefined;
  }
  if (name === 'sequelize' || name === 'sequelize-cli') {
    return positionals.includes('db:drop') ? { display: 'sequelize db:drop', tool: 'sequelize' } : undefined;
  }
  return undefined;
}

/** Every schema push/sync/reset/drop in a command line, also inside quoted sub-commands. */
export function findSchemaCommands(line: string): SchemaCommand[] {
  const found: SchemaCommand[] = [];
  for (const words of splitShellCommands(line)) {
    for (let i = 0; i < words.length; i++) {
      if (/\s/.test(words[i])) {
        found.push(...findSchemaCommands(words[i]));
        continue;
      }
      const command = commandIn(words, i);
      if (command) {
        found.push(command);
        break;
      }
    }
  }
  return found;
}

/** A schema command of a command line, located: the words of its simple command from the tool's binary on. */
export interface LocatedSchemaCommand extends SchemaCommand {
  readonly words: readonly ShellWord[];
}

/**
 * The schema commands of a command line with their place in it, for rewriting
 * the line. Commands inside a quoted sub-command (`sh -c "prisma db push"`)
 * are not located: `findSchemaCommands` still finds them.
 */
export function locateSchemaCommands(line: string): LocatedSchemaCommand[] {
  const found: LocatedSchemaCommand[] = [];
  for (const words of splitShellWords(line)) {
    const texts = words.map((word) => word.text);
    for (let i = 0; i < words.length; i++) {
      const command = commandIn(texts, i);
      if (command) {
        found.push({ ...command, words: words.slice(i) });
        break;
      }
    }
  }
  return found;
}

/** A package.json script started by another: `npm run db:push` → `db:push`. Names may be npm-run-all globs. */
export interface ScriptInvocation {
  readonly pattern: string;
  /** the words that start it, for messages: `npm run db:push` */
  readonly display: string;
}

const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NPM_SHORTHANDS = new Set(['start', 'stop', 'restart', 'test']);
const RUN_ALL = new Set(['npm-run-all', 'npm-run-all2', 'run-s', 'run-p']);
const RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun', 'concurrently', ...RUN_ALL]);
// Flags that send the run to other workspace packages, whose scripts are not this file's.
const OTHER_PACKAGE_FLAGS = new Set(['--filter', '-F', '-r', '--recursive', '--workspace', '-w', '--workspaces', '-ws', '--prefix', '-C', '--dir', '--cwd']);

function invocationsIn(words: readonly string[], isScript: (name: string) => boolean): ScriptInvocation[] {
  const found: ScriptInvocation[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (/\s/.test(word)) {
      found.push(...findScriptInvocations(word, isScript));
      continue;
    }
    const runner = binaryName(word);
    if (!RUNNERS.has(runner)) continue;
    const rest = words.slice(i + 1);
    if (rest.some((item) => OTHER_PACKAGE_FLAGS.has(item.split('=')[0]))) return found;
    const positionals = rest.filter((item) => !item.startsWith('-'));
    const [first, second] = positionals;
    if (runner === 'npm') {
      if (first && NPM_RUN.has(first) && second) found.push({ pattern: second, display: `npm run ${second}` });
      else if (first && NPM_SHORTHANDS.has(first)) found.push({ pattern: first, display: `npm ${first}` });
      return found;
    }
    if (runner === 'pnpm' || runner === 'yarn' || runner === 'bun') {
      if (first === 'run' && second) found.push({ pattern: second, display: `${runner} run ${second}` });
      else if (first && isScript(first)) found.push({ pattern: first, display: `${runner} ${first}` });
      return found;
    }
    if (RUN_ALL.has(runner)) {
      for (const pattern of positionals) found.push({ pattern, display: `${runner} ${pattern}` });
      return found;
    }
    if (runner === 'concurrently') {
      for (const argument of positionals) {
        const shorthand = /^(?:npm|pnpm|yarn|bun):(.+)$/.exec(argument);
        if (shorthand) found.push({ pattern: shorthand[1], display: `concurrently "${argument}"` });
        else if (/\s/.test(argument)) found.push(...findScriptInvocations(argument, isScript));
      }
      return found;
    }
  }
  return found;
}

/** The scripts a command line starts through npm, pnpm, yarn, bun, npm-run-all or concurrently. */
export function findScriptInvocations(line: string, isScript: (name: string) => boolean): ScriptInvocation[] {
  return splitShellCommands(line).flatMap((words) => invocationsIn(words, isScript));
}

/** npm-run-all glob: `*` stays within one `:` segment, `**` crosses them. */
export function scriptPatternMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((piece) => (piece === '**' ? '.*' : piece === '*' ? '[^:]*' : piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}
