import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';

import { locateSchemaCommands, type SchemaTool } from '../../src/catalog/schema-commands';
import { parseJsonc } from '../../src/project/detect';
import { createNeonLinter, type LintMessage } from '../lib/lint';
import { compilePrefilter } from '../lib/prefilter';
import type { Finding } from '../lib/report';
import { relativePath, type RunContext } from '../lib/transform';
import {
  indentAt,
  keyName,
  lineStartOf,
  memberName,
  outerExpression,
  parseSource,
  quoteOf,
  removalEdit,
  type ParsedSource,
  type TextEdit,
  withAttachedComments,
} from './source';

/**
 * The read-only pass: runs `no-schema-sync` and `no-schema-push-in-scripts`
 * in-process and turns each report into exact text edits, or into a finding
 * when the rewrite cannot be proved to keep the code's behaviour; then decides
 * the migration setup each ORM needs. Writes nothing.
 */

export const ANSWERS = ['neon/no-schema-sync', 'neon/no-schema-push-in-scripts'] as const;

export const TRIGGERS = {
  text: ['synchronize', 'dropSchema', '.sync(', 'SchemaGenerator', '.schema.', 'createSchema', 'updateSchema', 'refreshDatabase'],
};

export type TypeormCli = 'typeorm' | 'typeorm-ts-node-commonjs' | 'typeorm-ts-node-esm';

export interface TypeormSetup {
  readonly cli: TypeormCli;
  /** project-relative file exporting the DataSource the CLI loads (created when `newDataSource` is set) */
  readonly dataSource: string;
  readonly migrationsDir: string;
  /** a data source for the CLI, written when the project only configures TypeORM through `TypeOrmModule.forRoot` */
  readonly newDataSource?: { readonly entities: string };
}

export interface SequelizeSetup {
  /** `.sequelizerc` to create; absent when the project has one */
  readonly rc?: { readonly config: string; readonly models?: string; readonly migrations: string; readonly seeders: string };
  /** sequelize-cli config to create (project-relative) */
  readonly newConfig?: string;
  /** the migrations folder to create (with a .gitkeep) */
  readonly newMigrationsDir?: string;
}

export interface MikroOrmSetup {
  readonly major: number;
  readonly typescript: boolean;
}

export interface ScriptRewrite {
  /** project-relative package.json */
  readonly packageJson: string;
  readonly script: string;
  readonly from: string;
  readonly to: string;
}

export interface Plan {
  /** absolute path → the text the edits were planned on, and the edits */
  readonly sources: Map<string, { readonly before: string; readonly edits: TextEdit[] }>;
  readonly scripts: ScriptRewrite[];
  typeorm?: TypeormSetup;
  sequelize?: SequelizeSetup;
  mikroOrm?: MikroOrmSetup;
  /** tools whose push scripts became migrate/deploy scripts */
  readonly pushTools: Set<SchemaTool>;
  /** `--schema` of a rewritten prisma script, when it names one */
  prismaSchema?: string;
  readonly findings: Finding[];
  /** files the analysis read, for the report */
  scanned: number;
  parsed: number;
}

interface PackageJson {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly scripts?: Record<string, string>;
  readonly prisma?: { readonly schema?: string };
}

export function readPackageJson(file: string): PackageJson {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

/** What one file's reports turn into. */
interface FileAnalysis {
  readonly file: string;
  readonly relative: string;
  readonly source: ParsedSource;
  readonly edits: TextEdit[];
  find(line: number, column: number, message: string): void;
}

const DATA_SOURCE_EXPORT = /\bnew\s+DataSource\s*\(/;
const MIKRO_ORM_CONFIG = /^mikro-orm\.config\.[cm]?[jt]s$/;
const MIKRO_ORM_SCHEMA_METHODS = new Set(['createSchema', 'updateSchema', 'refreshDatabase', 'dropSchema']);
const MODEL_DIRS = ['models', 'src/models', 'src/db/models', 'db/models', 'app/models'];

function exists(root: string, relative: string): boolean {
  return fs.existsSync(path.join(root, relative));
}

function posixDir(relative: string): string {
  const dir = path.posix.dirname(relative);
  return dir === '.' ? '' : `${dir}/`;
}

// ---------------------------------------------------------------------------
// Shapes of the code around a report

/** The statement `await x.sync()` / `x.sync()` stands as, when it is a whole statement in a block. */
function statementOf(call: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  let node = outerExpression(call);
  if (node.parent?.type === 'AwaitExpression') node = outerExpression(node.parent);
  const statement = node.parent;
  if (statement?.type !== 'ExpressionStatement') return undefined;
  const holder = statement.parent?.type;
  return holder === 'BlockStatement' || holder === 'Program' || holder === 'StaticBlock' || holder === 'SwitchCase' ? statement : undefined;
}

/** A same-file function declared once under `name`, with its parameter count. */
function declaredFunctionParams(program: TSESTree.Program, name: string): number | undefined {
  const found: number[] = [];
  let imported = false;
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'FunctionDeclaration' && node.id?.name === name) found.push(node.params.length);
    else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === name) {
      const init = node.init;
      found.push(init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') ? init.params.length : -1);
    } else if ((node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') && node.local.name === name) {
      imported = true;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || !value || typeof value !== 'object') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(program);
  return !imported && found.length === 1 && found[0]! >= 0 ? found[0] : undefined;
}

/** A `.then` callback that does not read the value it is given. */
function ignoresValue(callback: TSESTree.Node | undefined, program: TSESTree.Program): boolean {
  if (!callback) return false;
  if (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') return callback.params.length === 0;
  return callback.type === 'Identifier' && declaredFunctionParams(program, callback.name) === 0;
}

/**
 * True when nothing reads the value the promise `node` resolves to, so a
 * promise of another value (`authenticate()`) keeps the code's behaviour:
 * a statement, `await` as a statement, `.then(() => …)`, and through
 * `.catch`/`.finally` and `.then(() => x.sync())` chains.
 */
function promiseValueUnused(node: TSESTree.Node, program: TSESTree.Program): boolean {
  const expression = outerExpression(node);
  const parent = expression.parent;
  if (!parent) return false;
  if (parent.type === 'ExpressionStatement') return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'void') return true;
  if (parent.type === 'AwaitExpression') return outerExpression(parent).parent?.type === 'ExpressionStatement';
  if (parent.type === 'MemberExpression' && parent.object === expression && parent.parent.type === 'CallExpression' && parent.parent.callee === parent) {
    const method = memberName(parent);
    const chained = parent.parent;
    if (method === 'then') return ignoresValue(chained.arguments[0], program);
    if (method === 'catch' || method === 'finally') return promiseValueUnused(chained, program);
    return false;
  }
  if (parent.type === 'ArrowFunctionExpression' && parent.body === expression) {
    const then = parent.parent;
    return (
      then?.type === 'CallExpression' &&
      then.arguments[0] === parent &&
      then.callee.type === 'MemberExpression' &&
      memberName(then.callee) === 'then' &&
      promiseValueUnused(then, program)
    );
  }
  return false;
}

/** Sync options written out in full: no variable, call or spread that could carry an environment switch. */
function staticOptions(args: readonly TSESTree.Node[]): boolean {
  const isStatic = (node: TSESTree.Node): boolean => {
    if (node.type === 'Literal') return true;
    if (node.type === 'Identifier') return node.name === 'undefined';
    if (node.type === 'ObjectExpression') return node.properties.every((property) => property.type === 'Property' && !property.computed && isStatic(property.value));
    return false;
  };
  return args.length === 0 || (args.length === 1 && args[0]!.type === 'ObjectExpression' && isStatic(args[0]!));
}

function lastName(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  return memberName(node);
}

type Ranged = { readonly range: readonly [number, number] };

/** Inserts `property` into an object literal, after `after` (default: its last property), in the object's layout. */
export function insertPropertyEdit(text: string, object: Ranged & { readonly properties: readonly Ranged[] }, property: string, after?: Ranged): TextEdit {
  const anchor = after ?? object.properties[object.properties.length - 1];
  if (!anchor) return { start: object.range[0], end: object.range[1], text: `{ ${property} }` };
  const multiline = text.slice(lineStartOf(text, anchor.range[0]), anchor.range[0]).trim() === '';
  return { start: anchor.range[1], end: anchor.range[1], text: multiline ? `,\n${indentAt(text, anchor.range[0])}${property}` : `, ${property}` };
}

function hasKey(object: TSESTree.ObjectExpression, name: string): boolean {
  return object.properties.some((property) => keyName(property) === name);
}

// ---------------------------------------------------------------------------
// The pass

export function analyzeProject(context: RunContext): Plan {
  const { root, options } = context;
  const stack = options.stack;
  const plan: Plan = { sources: new Map(), scripts: [], pushTools: new Set(), findings: [], scanned: 0, parsed: 0 };
  const linter = createNeonLinter({ cwd: root, ruleIds: [...ANSWERS] });
  const mentionsTrigger = compilePrefilter([TRIGGERS]);
  const rootPackage = readPackageJson(path.join(root, 'package.json'));
  const typescript = stack.language === 'typescript';
  const esm = stack.moduleSystem === 'esm';

  const typeormSites: { analysis: FileAnalysis; object: TSESTree.ObjectExpression; forRoot: boolean }[] = [];
  let sequelizeChanged = false;
  let mikroOrmChanged = false;
  const mikroMajor = Number(/\d+/.exec(rootPackage.dependencies?.['@mikro-orm/core'] ?? rootPackage.devDependencies?.['@mikro-orm/core'] ?? '')?.[0] ?? 6);

  const sourceTexts = new Map<string, string>();
  const readText = (file: string): string | undefined => {
    if (!sourceTexts.has(file)) {
      try {
        sourceTexts.set(file, fs.readFileSync(file, 'utf8'));
      } catch (error) {
        plan.findings.push({ file: relativePath(root, file), line: 1, column: 1, message: `cannot read: ${(error as Error).message}` });
        return undefined;
      }
    }
    return sourceTexts.get(file);
  };

  function migrationsGlob(quote: string): string {
    const dirname = esm ? 'import.meta.dirname' : '__dirname';
    return `[${dirname} + ${quote}/migrations/*.${typescript ? '{ts,js}' : 'js'}${quote}]`;
  }

  // --- TypeORM

  function typeormOption(analysis: FileAnalysis, message: LintMessage): void {
    const { source, edits } = analysis;
    const text = source.text;
    const property = source.nodesAt(source.offsetOf(message.line, message.column)).find((node) => node.type === 'Property');
    const object = property?.parent;
    if (property?.type !== 'Property' || object?.type !== 'ObjectExpression') {
      analysis.find(message.line, message.column, 'TypeORM schema sync option in a shape this codemod does not rewrite: set it to false and add migrations by hand.');
      return;
    }
    if (keyName(property) === 'dropSchema') {
      edits.push(removalEdit(text, property.range[0], property.range[1], true));
      return;
    }
    edits.push({ start: property.value.range[0], end: property.value.range[1], text: 'false' });
    if (!hasKey(object, 'migrations')) {
      edits.push(insertPropertyEdit(text, object, `migrations: ${migrationsGlob(quoteOf(text))}`, property));
    }
    const call = object.parent;
    const forRoot = call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && memberName(call.callee) === 'forRoot';
    typeormSites.push({ analysis, object, forRoot });
  }

  function typeormSynchronizeCall(analysis: FileAnalysis, message: LintMessage): void {
    const { source } = analysis;
    const call = source
      .nodesAt(source.offsetOf(message.line, message.column))
      .find((node): node is TSESTree.CallExpression => node.type === 'CallExpression' && memberName(node.callee) === 'synchronize');
    const statement = call && statementOf(call);
    if (!statement) {
      analysis.find(message.line, message.column, 'the result of `synchronize()` is used here, so the call cannot simply be removed: remove it by hand and apply migrations instead (`migration:run`).');
      return;
    }
    analysis.edits.push(removalEdit(source.text, withAttachedComments(source.text, statement.range[0]), statement.range[1], false));
  }

  // --- Sequelize

  function sequelizeSync(analysis: FileAnalysis, message: LintMessage): void {
    const { source } = analysis;
    const call = source
      .nodesAt(source.offsetOf(message.line, message.column))
      .find((node): node is TSESTree.CallExpression => node.type === 'CallExpression' && memberName(node.callee) === 'sync');
    if (!call || call.callee.type !== 'MemberExpression') {
      analysis.find(message.line, message.column, 'Sequelize `sync()` in a shape this codemod does not rewrite: replace it with sequelize-cli migrations by hand.');
      return;
    }
    if (!staticOptions(call.arguments)) {
      analysis.find(message.line, message.column, 'this `sync()` takes options computed at run time, which may be a deliberate switch (tests, local resets): replace it with sequelize-cli migrations by hand.');
      return;
    }
    const receiverName = lastName(call.callee.object);
    const isModel = receiverName !== undefined && /^[A-Z]/.test(receiverName) && receiverName !== 'Sequelize';
    if (isModel) {
      const statement = statementOf(call);
      if (!statement) {
        analysis.find(message.line, message.column, 'the result of this model `sync()` is used here, so it cannot simply be removed: replace it with a migration by hand.');
        return;
      }
      analysis.edits.push(removalEdit(source.text, withAttachedComments(source.text, statement.range[0]), statement.range[1], false));
    } else if (promiseValueUnused(call, source.program)) {
      // authenticate() still connects first and fails the same way, so what ran after the sync runs after it.
      analysis.edits.push({ start: call.callee.property.range[0], end: call.range[1], text: 'authenticate()' });
    } else {
      analysis.find(message.line, message.column, 'the value `sync()` resolves to is used here, so it cannot become `authenticate()`: replace it with sequelize-cli migrations by hand.');
      return;
    }
    sequelizeChanged = true;
  }

  // --- MikroORM

  function mikroOrmSchemaGenerator(analysis: FileAnalysis, messages: readonly LintMessage[]): void {
    const { source } = analysis;
    const byBlock = new Map<TSESTree.Node, { statement: TSESTree.ExpressionStatement; call: TSESTree.CallExpression; orm: TSESTree.Node; method: string }[]>();
    for (const message of messages) {
      const call = source
        .nodesAt(source.offsetOf(message.line, message.column))
        .find((node): node is TSESTree.CallExpression => node.type === 'CallExpression' && MIKRO_ORM_SCHEMA_METHODS.has(memberName(node.callee) ?? ''));
      const generator = call?.callee.type === 'MemberExpression' ? call.callee.object : undefined;
      let orm: TSESTree.Node | undefined;
      if (generator?.type === 'CallExpression' && memberName(generator.callee) === 'getSchemaGenerator' && generator.arguments.length === 0) {
        orm = (generator.callee as TSESTree.MemberExpression).object;
      } else if (generator?.type === 'MemberExpression' && memberName(generator) === 'schema') {
        orm = generator.object;
      }
      const statement = call && statementOf(call);
      if (!call || !orm || !statement) {
        analysis.find(message.line, message.column, 'MikroORM schema generator call in a shape this codemod does not rewrite (a stored generator, or a used result): replace it with `orm.migrator.up()` by hand.');
        continue;
      }
      const list = byBlock.get(statement.parent!) ?? [];
      list.push({ statement, call, orm, method: memberName(call.callee)! });
      byBlock.set(statement.parent!, list);
    }
    for (const calls of byBlock.values()) {
      const kept = calls.find((entry) => entry.method !== 'dropSchema');
      if (!kept) {
        for (const entry of calls) {
          const { line, column } = entry.call.loc.start;
          analysis.find(line, column + 1, '`dropSchema()` alone drops every table: remove it by hand (migrations change the schema; `migration:down` undoes one).');
        }
        continue;
      }
      const orm = source.text.slice(kept.orm.range[0], kept.orm.range[1]);
      const migrator = mikroMajor >= 6 ? `${orm}.migrator` : `${orm}.getMigrator()`;
      analysis.edits.push({ start: kept.call.range[0], end: kept.call.range[1], text: `${migrator}.up()` });
      // A drop followed by a create is one refresh: the migrator applies what is pending once.
      for (const entry of calls) {
        if (entry !== kept) analysis.edits.push(removalEdit(source.text, withAttachedComments(source.text, entry.statement.range[0]), entry.statement.range[1], false));
      }
      mikroOrmChanged = true;
    }
  }

  // --- package.json scripts

  function pushScripts(file: string, messages: readonly LintMessage[]): void {
    const relative = relativePath(root, file);
    const scripts = readPackageJson(file).scripts ?? {};
    for (const message of messages) {
      const script = String(message.data?.script ?? '');
      const line = scripts[script];
      if (line === undefined) continue;
      if (message.messageId === 'schemaPushReachedFromScript') {
        plan.findings.push({
          file: relative,
          line: message.line,
          column: message.column,
          ruleId: message.ruleId,
          message: `\`${script}\` is a script of its own that a lifecycle script reaches (from \`${String(message.data?.root)}\`): point that lifecycle script at a migrate/deploy command instead of \`${script}\`, and keep \`${script}\` for local development.`,
        });
        continue;
      }
      const rewritten = rewriteScript(line);
      if (!rewritten) {
        plan.findings.push({
          file: relative,
          line: message.line,
          column: message.column,
          ruleId: message.ruleId,
          message: `\`${script}\` runs \`${String(message.data?.command)}\`, which has no migrate/deploy counterpart this codemod can write: replace it by hand.`,
        });
        continue;
      }
      plan.scripts.push({ packageJson: relative, script, from: line, to: rewritten.line });
      for (const tool of rewritten.tools) plan.pushTools.add(tool);
      if (rewritten.prismaSchema) plan.prismaSchema = rewritten.prismaSchema;
    }
  }

  // --- the walk

  const codeMessages = new Map<string, LintMessage[]>();
  for (const file of context.files) {
    const isPackageJson = path.basename(file) === 'package.json';
    plan.scanned++;
    const text = readText(file);
    if (text === undefined || (!isPackageJson && !mentionsTrigger(text))) continue;
    plan.parsed++;
    const result = linter.lint(text, file);
    if (result.fatal) {
      plan.findings.push({ file: relativePath(root, file), line: result.fatal.line, column: result.fatal.column, message: `does not parse, left untouched: ${result.fatal.message}` });
      continue;
    }
    const messages = result.messages.filter((message) => (ANSWERS as readonly string[]).includes(message.ruleId));
    if (messages.length === 0) continue;
    if (isPackageJson) pushScripts(file, messages);
    else codeMessages.set(file, [...messages]);
  }

  for (const [file, messages] of codeMessages) {
    const relative = relativePath(root, file);
    const analysis: FileAnalysis = {
      file,
      relative,
      source: parseSource(sourceTexts.get(file)!, file),
      edits: [],
      find: (line, column, message) => plan.findings.push({ file: relative, line, column, message, ruleId: 'neon/no-schema-sync' }),
    };
    const mikro: LintMessage[] = [];
    for (const message of messages) {
      switch (message.messageId) {
        case 'typeormOption':
          typeormOption(analysis, message);
          break;
        case 'typeormSynchronizeCall':
          typeormSynchronizeCall(analysis, message);
          break;
        case 'sequelizeSync':
        case 'sequelizeDestructiveSync':
          sequelizeSync(analysis, message);
          break;
        case 'mikroOrmSchemaGenerator':
          mikro.push(message);
          break;
        default:
          // A schema command run from code (`execSync('prisma db push')`): what to run instead is the deploy's business.
          analysis.find(message.line, message.column, `${message.message} (not rewritten: move it to the deploy as a migrate command)`);
      }
    }
    if (mikro.length > 0) mikroOrmSchemaGenerator(analysis, mikro);
    if (analysis.edits.length > 0) plan.sources.set(file, { before: analysis.source.text, edits: analysis.edits });
  }

  if (typeormSites.length > 0) planTypeorm();
  if (sequelizeChanged) plan.sequelize = sequelizeSetup(root, esm, readText);
  if (mikroOrmChanged) planMikroOrm();
  return plan;

  function planMikroOrm(): void {
    plan.mikroOrm = { major: mikroMajor, typescript };
    const configFile = context.files.find((file) => MIKRO_ORM_CONFIG.test(path.basename(file)));
    const text = configFile && readText(configFile);
    const object = text ? mikroOrmConfigObject(parseSource(text, configFile!).program) : undefined;
    if (!configFile || !text || !object) {
      plan.findings.push({
        file: configFile ? relativePath(root, configFile) : 'package.json',
        line: 1,
        column: 1,
        message:
          'no mikro-orm.config file exporting the options object: the mikro-orm CLI (migration:create, migration:up) needs one; move the options given to MikroORM.init() there and add `migrations: { path, pathTs }`.',
      });
      return;
    }
    if (hasKey(object, 'migrations')) return;
    const relative = relativePath(root, configFile);
    const configDir = posixDir(relative);
    const quote = quoteOf(text);
    let migrations: string;
    if (typescript) {
      const srcDir = configDir || (exists(root, 'src') ? 'src/' : '');
      // The compiled migrations run in production, the TypeScript ones under the CLI.
      migrations = `{ path: ${quote}${tsOutDir()}/migrations${quote}, pathTs: ${quote}${srcDir}migrations${quote} }`;
    } else {
      migrations = `{ path: ${quote}./${configDir}migrations${quote} }`;
    }
    const planned = plan.sources.get(configFile) ?? { before: text, edits: [] };
    planned.edits.push(insertPropertyEdit(text, object, `migrations: ${migrations}`));
    plan.sources.set(configFile, planned);
  }

  function tsOutDir(): string {
    try {
      const config = parseJsonc(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions?: { outDir?: unknown } };
      const outDir = config.compilerOptions?.outDir;
      if (typeof outDir === 'string') return outDir.replace(/^\.\//, '').replace(/\/$/, '');
    } catch {
      // no tsconfig.json: tsc's usual layout
    }
    return 'dist';
  }

  function planTypeorm(): void {
    const cli: TypeormCli = typescript ? (esm ? 'typeorm-ts-node-esm' : 'typeorm-ts-node-commonjs') : 'typeorm';
    const existing = findDataSourceFile();
    if (existing) {
      plan.typeorm = { cli, dataSource: existing, migrationsDir: `${posixDir(existing)}migrations` };
      return;
    }
    const nest = typeormSites.find((site) => site.forRoot);
    if (!nest) {
      const { analysis, object } = typeormSites[0]!;
      const { line, column } = object.loc.start;
      analysis.find(line, column + 1, 'no file exports a TypeORM DataSource, which the TypeORM CLI needs for migration:generate and migration:run: export one (`export default new DataSource({...})`) and add the migration scripts.');
      return;
    }
    const dataSource = `${posixDir(nest.analysis.relative)}data-source.${typescript ? 'ts' : 'js'}`;
    const entities = findEntities(nest);
    plan.typeorm = { cli, dataSource, migrationsDir: `${posixDir(dataSource)}migrations`, newDataSource: { entities } };
  }

  /** forRoot's `entities` when it is a list of globs (valid in a sibling file as is), else the Nest convention, with a note. */
  function findEntities(site: (typeof typeormSites)[number]): string {
    const property = site.object.properties.find((item) => keyName(item) === 'entities');
    const value = property?.type === 'Property' ? property.value : undefined;
    const isGlob = (node: TSESTree.Node | null): boolean =>
      node?.type === 'Literal' ||
      (node?.type === 'BinaryExpression' && node.operator === '+' && isGlob(node.left as TSESTree.Node) && isGlob(node.right)) ||
      (node?.type === 'Identifier' && node.name === '__dirname');
    if (value?.type === 'ArrayExpression' && value.elements.length > 0 && value.elements.every(isGlob)) {
      return site.analysis.source.text.slice(value.range[0], value.range[1]);
    }
    const { line, column } = site.object.loc.start;
    site.analysis.find(line, column + 1, 'the new data source for the TypeORM CLI loads the entities matching `*.entity.{ts,js}`; check that it lists the same entities as TypeOrmModule.forRoot.');
    const quote = quoteOf(site.analysis.source.text);
    return `[${esm ? 'import.meta.dirname' : '__dirname'} + ${quote}/**/*.entity.${typescript ? '{ts,js}' : 'js'}${quote}]`;
  }

  /** A source file that exports a `new DataSource(...)`: what `typeorm -d <file>` loads. */
  function findDataSourceFile(): string | undefined {
    const candidates = [...new Set([...typeormSites.map((site) => site.analysis.file), ...context.files])];
    for (const file of candidates) {
      if (path.basename(file) === 'package.json') continue;
      const text = readText(file);
      if (!text || !DATA_SOURCE_EXPORT.test(text)) continue;
      let source: ParsedSource;
      try {
        source = parseSource(text, file);
      } catch {
        continue;
      }
      if (exportsDataSource(source.program)) return relativePath(root, file);
    }
    return undefined;
  }
}

/**
 * The sequelize-cli setup a project lacks: `.sequelizerc` pointing at a config
 * (an existing one, or a new one reading the direct URL), the models and the
 * migrations folder. Nothing when the project has a `.sequelizerc`.
 */
export function sequelizeSetup(root: string, esm: boolean, readText: (file: string) => string | undefined): SequelizeSetup {
  if (exists(root, '.sequelizerc')) return {};
  const configExt = esm ? 'cjs' : 'js';
  const existingConfig = ['config/config.json', 'config/config.js', 'config/config.cjs', 'config/database.json', 'config/database.js'].find((candidate) => {
    const text = exists(root, candidate) ? readText(path.join(root, candidate)) : undefined;
    return text !== undefined && /\b(?:dialect|use_env_variable)\b/.test(text);
  });
  const newConfig = existingConfig ? undefined : [`config/config.${configExt}`, `config/sequelize-cli.${configExt}`].find((candidate) => !exists(root, candidate));
  const config = existingConfig ?? newConfig ?? `config/config.${configExt}`;
  const models = MODEL_DIRS.find((dir) => fs.existsSync(path.join(root, dir)) && fs.statSync(path.join(root, dir)).isDirectory());
  const migrations = 'migrations';
  return {
    rc: { config, ...(models ? { models } : {}), migrations, seeders: 'seeders' },
    ...(newConfig ? { newConfig } : {}),
    ...(exists(root, migrations) ? {} : { newMigrationsDir: migrations }),
  };
}

/** The options object a mikro-orm.config file exports: `export default defineConfig({...})`, `module.exports = {...}`, or through a const. */
function mikroOrmConfigObject(program: TSESTree.Program): TSESTree.ObjectExpression | undefined {
  const consts = new Map<string, TSESTree.Node>();
  let exported: TSESTree.Node | undefined;
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.init) consts.set(declarator.id.name, declarator.init);
      }
    }
    if (statement.type === 'ExportDefaultDeclaration') exported = statement.declaration;
    if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      statement.expression.left.type === 'MemberExpression' &&
      statement.expression.left.object.type === 'Identifier' &&
      statement.expression.left.object.name === 'module' &&
      memberName(statement.expression.left) === 'exports'
    ) {
      exported = statement.expression.right;
    }
  }
  const resolve = (node: TSESTree.Node | undefined, depth: number): TSESTree.ObjectExpression | undefined => {
    if (!node || depth > 4) return undefined;
    if (node.type === 'ObjectExpression') return node;
    if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') return resolve(node.expression, depth + 1);
    if (node.type === 'CallExpression' && node.arguments.length === 1) return resolve(node.arguments[0], depth + 1);
    if (node.type === 'Identifier') return resolve(consts.get(node.name), depth + 1);
    return undefined;
  };
  return resolve(exported, 0);
}

function isNewDataSource(node: TSESTree.Node | null | undefined): boolean {
  let target = node;
  while (target && (target.type === 'TSAsExpression' || target.type === 'TSSatisfiesExpression' || target.type === 'TSNonNullExpression')) {
    target = target.expression;
  }
  return target?.type === 'NewExpression' && target.callee.type === 'Identifier' && target.callee.name === 'DataSource';
}

function exportsDataSource(program: TSESTree.Program): boolean {
  const instances = new Set<string>();
  const exported = new Set<string>();
  const isModuleExports = (node: TSESTree.Node): boolean =>
    node.type === 'MemberExpression' &&
    ((node.object.type === 'Identifier' && node.object.name === 'module' && memberName(node) === 'exports') ||
      (node.object.type === 'Identifier' && node.object.name === 'exports') ||
      isModuleExports(node.object));
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && isNewDataSource(declarator.init)) {
          instances.add(declarator.id.name);
          if (statement.type === 'ExportNamedDeclaration') return true;
        }
      }
    }
    if (statement.type === 'ExportDefaultDeclaration') {
      if (isNewDataSource(statement.declaration as TSESTree.Node)) return true;
      if (statement.declaration.type === 'Identifier') exported.add(statement.declaration.name);
    }
    if (statement.type === 'ExportNamedDeclaration' && !statement.declaration && !statement.source) {
      for (const specifier of statement.specifiers) if (specifier.local.type === 'Identifier') exported.add(specifier.local.name);
    }
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && isModuleExports(statement.expression.left)) {
      const value = statement.expression.right;
      if (isNewDataSource(value)) return true;
      if (value.type === 'Identifier') exported.add(value.name);
      if (value.type === 'ObjectExpression') {
        for (const property of value.properties) if (property.type === 'Property' && property.value.type === 'Identifier') exported.add(property.value.name);
      }
    }
  }
  return [...instances].some((name) => exported.has(name));
}

// ---------------------------------------------------------------------------
// Script rewrites

/** Each push tool's deploy command, and the flags of the push that still mean the same there. */
const DEPLOY_COMMAND: Readonly<Record<SchemaTool, { readonly command: string; readonly keep: readonly string[] } | undefined>> = {
  prisma: { command: 'migrate deploy', keep: ['--schema'] },
  'drizzle-kit': { command: 'migrate', keep: ['--config'] },
  typeorm: { command: 'migration:run', keep: ['-d', '--dataSource', '--data-source'] },
  sequelize: undefined,
};

/**
 * Replaces each push/sync/reset in a script with the tool's deploy command,
 * keeping what stands around it (`npx`, `dotenv --`, `&& next build`).
 * Undefined when a command has no safe counterpart (`schema:drop`, `db:drop`)
 * or sits inside a quoted sub-command.
 */
function rewriteScript(line: string): { line: string; tools: SchemaTool[]; prismaSchema?: string } | undefined {
  const located = locateSchemaCommands(line);
  if (located.length === 0) return undefined;
  let out = line;
  let prismaSchema: string | undefined;
  for (const command of [...located].reverse()) {
    const deploy = DEPLOY_COMMAND[command.tool];
    if (!deploy || command.display.includes('schema:drop')) return undefined;
    const [binary, ...rest] = command.words;
    const kept: string[] = [];
    for (let index = 0; index < rest.length; index++) {
      const word = rest[index]!;
      const [flag, inline] = word.text.split('=', 2);
      if (!deploy.keep.includes(flag!)) continue;
      const value = inline ?? rest[index + 1]?.text;
      const raw = inline !== undefined ? line.slice(word.start, word.end) : `${line.slice(word.start, word.end)} ${line.slice(rest[index + 1]?.start ?? 0, rest[index + 1]?.end ?? 0)}`;
      if (value === undefined) continue;
      kept.push(raw);
      if (command.tool === 'prisma') prismaSchema = value;
      if (inline === undefined) index++;
    }
    const last = command.words[command.words.length - 1]!;
    const replacement = [line.slice(binary!.start, binary!.end), deploy.command, ...kept].join(' ');
    out = out.slice(0, binary!.start) + replacement + out.slice(last.end);
  }
  if (locateSchemaCommands(out).length > 0) return undefined;
  return { line: out, tools: [...new Set(located.map((command) => command.tool))], ...(prismaSchema ? { prismaSchema } : {}) };
}
