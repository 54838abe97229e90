#!/usr/bin/env node
import fs from 'node:fs';
import { parseArgs } from 'node:util';

import { CATALOG } from '../src/catalog';
import { detectProject, findProjectRoot } from '../src/project/detect';
import { DEFAULT_ENV_VAR } from '../src/project/settings';
import { projectEnvVar } from './lib/env-files';
import { walkSourceFiles } from './lib/files';
import { checkSafeToWrite } from './lib/git';
import { exitCodeOf, Reporter, type RunReport } from './lib/report';
import { relativePath, runFileTransform, type CodemodOptions, type RunContext } from './lib/transform';
import { CODEMODS, findCodemod } from './registry';

/** `neon-codemod <transform> [paths…]`: exit 0 done, 1 some files failed, 2 usage (or refused). */

const EXIT_DONE = 0;
const EXIT_USAGE = 2;

const OPTIONS = {
  dry: { type: 'boolean', default: false },
  print: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  'env-var': { type: 'string' },
  'write-env': { type: 'boolean', default: false },
  'db-module': { type: 'string' },
  driver: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const DRIVER_IDS = CATALOG.map((entry) => entry.id);

function usage(): string {
  const width = Math.max(...CODEMODS.map((codemod) => codemod.meta.name.length));
  return [
    'Usage: neon-codemod <transform> [paths…] [options]',
    '',
    'Transforms:',
    ...CODEMODS.map((codemod) => `  ${codemod.meta.name.padEnd(width)}  ${codemod.meta.description}`),
    '',
    'Options:',
    '  --dry             print a unified diff, write nothing',
    '  --print           print each changed file to stdout',
    '  --json            machine-readable report on stdout (nothing else goes there)',
    '  --force           run on a git tree with uncommitted changes',
    '  --env-var NAME    environment variable for the connection string (default: the one the code reads, DATABASE_URL or POSTGRES_URL; else DATABASE_URL)',
    '  --write-env       move real connection strings into a git-ignored .env',
    '  --db-module PATH  the module that creates the database client',
    `  --driver NAME     the driver to target (${DRIVER_IDS.join(', ')})`,
    '  -h, --help        this help',
    '',
    'Paths default to the current directory. Exit codes: 0 done, 1 some files failed, 2 usage or refused.',
  ].join('\n');
}

class UsageError extends Error {}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function validate(values: ReturnType<typeof parse>['values'], paths: readonly string[]): void {
  if (values.print && values.json) throw new UsageError('--print and --json both write to stdout: use one of them');
  if (values['env-var'] !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values['env-var'])) {
    throw new UsageError(`--env-var must be an environment variable name, got '${values['env-var']}'`);
  }
  if (values.driver !== undefined && !DRIVER_IDS.includes(values.driver)) {
    throw new UsageError(`unknown driver '${values.driver}'; known drivers: ${DRIVER_IDS.join(', ')}`);
  }
  const missing = paths.filter((given) => !fs.existsSync(given));
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
}

/**
 * The connection string's variable when `--env-var` is not given: the one the
 * code already reads (a project on Vercel's Neon integration reads
 * `POSTGRES_URL`), so that moved URLs and new modules use it too. `analyze`
 * writes nothing and reads no more files for it.
 */
function chooseEnvVar(files: readonly string[], readOnly: boolean, reporter: Reporter, warnings: string[]): string {
  if (readOnly) return DEFAULT_ENV_VAR;
  const { name, found } = projectEnvVar(files);
  if (name !== DEFAULT_ENV_VAR) reporter.out(`The code reads its connection string from ${name}: the codemods use it (--env-var to choose another).`);
  else if (found.length > 1) warnings.push(`the code reads ${found.join(' and ')}, not ${DEFAULT_ENV_VAR}: the codemods use ${DEFAULT_ENV_VAR}; pass --env-var to choose`);
  return name;
}

async function run(argv: readonly string[], reporterFor: (json: boolean, print: boolean) => Reporter): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    return EXIT_DONE;
  }
  const [name, ...given] = positionals;
  if (name === undefined) {
    process.stderr.write(`${usage()}\n`);
    return EXIT_USAGE;
  }
  const codemod = findCodemod(name);
  if (!codemod) {
    throw new UsageError(`unknown transform '${name}'; known transforms: ${CODEMODS.map((entry) => entry.meta.name).join(', ')}`);
  }
  const paths = given.length > 0 ? given : ['.'];
  validate(values, paths);

  const reporter = reporterFor(values.json, values.print);
  const warnings: string[] = [];
  if (!codemod.readOnly && !values.dry) {
    const decision = checkSafeToWrite(paths, values.force);
    if (!decision.proceed) {
      reporter.error(decision.error ?? 'refused');
      return EXIT_USAGE;
    }
    if (decision.warning) warnings.push(decision.warning);
  }

  const root = findProjectRoot(paths);
  const stack = detectProject(root);
  warnings.push(...stack.problems.map((problem) => `${problem.file}: ${problem.message}`));
  const walk = walkSourceFiles(paths, { includeNames: ['package.json'] });
  const envVar = values['env-var'] ?? chooseEnvVar(walk.files, codemod.readOnly === true, reporter, warnings);
  const options: CodemodOptions = {
    root,
    stack,
    dry: values.dry,
    print: values.print,
    envVar,
    writeEnv: values['write-env'],
    ...(values['db-module'] !== undefined ? { dbModule: values['db-module'] } : {}),
    ...(values.driver !== undefined ? { driver: values.driver } : {}),
  };
  const context: RunContext = { root, paths, codemods: CODEMODS, files: walk.files, walkSkipped: walk.skipped, options, reporter };
  const transformReport =
    codemod.kind === 'file' ? await runFileTransform(codemod.module, context) : await codemod.module.run(context);

  const report: RunReport = {
    transform: codemod.meta.name,
    root,
    dry: values.dry,
    transforms: transformReport.steps ? [...transformReport.steps] : [transformReport],
    ...(transformReport.steps && transformReport.diffs.length > 0 ? { diffs: transformReport.diffs } : {}),
    skipped: walk.skipped.map((entry) => ({ file: relativePath(root, entry.path), reason: entry.reason })),
    warnings,
  };
  reporter.finish(report);
  return exitCodeOf(report);
}

/** The CLI, callable in-process: resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let json = false;
  const reporterFor = (asJson: boolean, print: boolean) => {
    json = asJson;
    return new Reporter({ json: asJson, print });
  };
  try {
    return await run(argv, reporterFor);
  } catch (error) {
    const reporter = new Reporter({ json });
    if (error instanceof UsageError) {
      reporter.error(`${error.message}\nRun neon-codemod --help for usage.`);
      return EXIT_USAGE;
    }
    reporter.error(`unexpected failure: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  // V8's code cache for the modules this thread loads from here on (ESLint, TypeScript), as ESLint's own CLI does: Node 22.8+ only.
  (require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
