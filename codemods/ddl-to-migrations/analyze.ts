import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';

import type { MigrationToolId } from '../../src/project/detect';
import { isWithin } from '../../src/estree/traverse';
import { classifySql } from '../../src/sql';
import { isSourceFile, readTextIfReadable } from '../lib/files';
import { createNeonLinter, type LintMessage } from '../lib/lint';
import { compilePrefilter, DDL_TRIGGERS, SCHEMA_BUILDER_TRIGGERS } from '../lib/prefilter';
import type { Finding } from '../lib/report';
import { relativePath, type RunContext } from '../lib/transform';
import {
  indentAt,
  keyName,
  lineStartOf,
  memberName,
  outerExpression,
  parseSource,
  removalEdit,
  type ParsedSource,
  type TextEdit,
  walk,
  withAttachedComments,
} from '../schema-sync-to-migrations/source';
import { analyzeBuilders, type BuilderTool, type MovedCode, type ReportPosition } from './builders';

/**
 * The read-only pass: runs `no-ddl-outside-migrations` in-process, and for each
 * report whose SQL is fixed text made only of DDL and run as a statement of its
 * own, plans the statement's removal and the SQL's move into a migration; a
 * schema-builder call moves as code, with its existence guard, into a
 * migration of its own tool (builders.ts). A function left with nothing but
 * the client it opened for the DDL goes too, with its export, its imports and
 * its call sites (what ran after it keeps running). Anything else becomes a
 * finding. Writes nothing.
 */

export const ANSWERS = ['neon/no-ddl-outside-migrations'] as const;
export const TRIGGERS = { text: [...DDL_TRIGGERS, ...SCHEMA_BUILDER_TRIGGERS] };

export type TargetTool = 'node-pg-migrate' | 'knex' | 'typeorm' | 'kysely' | 'sequelize' | 'drizzle' | 'prisma';

/** One executing call's SQL, as the migration will run it. */
export interface MovedSql {
  readonly kind: 'sql';
  /** the SQL the call sent (a literal's value, or a template's text without holes) */
  readonly sql: string;
  /** the literal as written in the source, for JS/TS migrations: quotes, escapes and line breaks kept */
  readonly literal: string;
}

export interface Plan {
  /** absolute path → the text the edits were planned on, and the edits */
  readonly sources: Map<string, { readonly before: string; readonly edits: TextEdit[] }>;
  /** modules left with nothing to export or run, to delete */
  readonly deletions: string[];
  /** the SQL and builder code to move, in the order the application ran it */
  readonly moved: MovedItem[];
  /** a name for the migration (`init-db`) */
  name: string;
  /** project-relative files the SQL came from */
  readonly origins: string[];
  readonly tool: TargetTool;
  /** the project had no migration tool: `tool` is set up (node-pg-migrate, or the tool of the builder code moved) */
  readonly addTool: boolean;
  readonly findings: Finding[];
  /** said when statements from several files were ordered by file path, not by a call order seen in code */
  orderNote?: string;
  scanned: number;
  parsed: number;
}

export type MovedItem = MovedSql | MovedCode;

const TOOL_BY_DETECTED: readonly (readonly [MigrationToolId, TargetTool])[] = [
  ['prisma-migrate', 'prisma'],
  ['drizzle-kit', 'drizzle'],
  ['typeorm', 'typeorm'],
  ['knex', 'knex'],
  ['kysely', 'kysely'],
  ['sequelize-cli', 'sequelize'],
  ['node-pg-migrate', 'node-pg-migrate'],
];

/** Calls that only open or close the client an init function used for its DDL. */
const LIFECYCLE_METHODS = new Set(['connect', 'end', 'release', 'close', 'destroy', '$disconnect']);
/** Builder tools whose migration setup this codemod can add to a project that has none (TypeORM's needs the app's data source). */
const SETTABLE_TOOLS: ReadonlySet<BuilderTool> = new Set(['knex', 'kysely', 'sequelize']);

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** A DDL call (or builder unit) planned for removal. */
interface Move {
  readonly file: string;
  readonly statement: TSESTree.Statement;
  readonly item: MovedItem;
  /** the function it runs in; undefined at module scope */
  readonly owner: FunctionNode | undefined;
  /** the reports it answers (several for a guard holding several builder calls) */
  readonly reports: readonly ReportPosition[];
}

interface ParsedFile {
  readonly file: string;
  readonly source: ParsedSource;
  readonly edits: TextEdit[];
}

function isFunction(node: TSESTree.Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/** `await x.query(…);` / `x.query(…);` standing as a statement of a block or the module. */
function statementOf(call: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  let node = outerExpression(call);
  if (node.parent?.type === 'AwaitExpression') node = outerExpression(node.parent);
  const statement = node.parent;
  if (statement?.type !== 'ExpressionStatement') return undefined;
  return statement.parent?.type === 'BlockStatement' || statement.parent?.type === 'Program' ? statement : undefined;
}

/** The SQL argument as fixed text: a string literal, a template without holes, or a tag's such template. */
function fixedSql(argument: TSESTree.Node | undefined, text: string): MovedSql | undefined {
  if (!argument) return undefined;
  if (argument.type === 'Literal' && typeof argument.value === 'string') {
    return { kind: 'sql', sql: argument.value, literal: text.slice(argument.range[0], argument.range[1]) };
  }
  const template = argument.type === 'TaggedTemplateExpression' ? argument.quasi : argument;
  if (template.type === 'TemplateLiteral' && template.expressions.length === 0) {
    const cooked = template.quasis[0]!.value.cooked;
    return cooked === null ? undefined : { kind: 'sql', sql: cooked, literal: text.slice(template.range[0], template.range[1]) };
  }
  return undefined;
}

/** The call that sends the SQL, from the node the rule reported: `pool.query(sql)`, or `sql\`…\`.execute(db)`. */
function sqlOfCall(call: TSESTree.CallExpression, text: string): MovedSql | undefined {
  const direct = fixedSql(call.arguments[0], text);
  if (direct) return direct;
  // Kysely: sql`…`.execute(db)
  if (call.callee.type === 'MemberExpression' && call.callee.object.type === 'TaggedTemplateExpression') return fixedSql(call.callee.object, text);
  return undefined;
}

/** The function's name, as callers call it: `function initDb`, `const initDb = async () =>`. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name;
  const parent = fn.parent;
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

/** The statement that declares the function at module scope (with its `export`), if it is one. */
function declarationStatement(fn: FunctionNode): TSESTree.Node | undefined {
  let node: TSESTree.Node | undefined = fn.type === 'FunctionDeclaration' ? fn : fn.parent?.parent;
  if (fn.type !== 'FunctionDeclaration' && (node?.type !== 'VariableDeclaration' || node.declarations.length !== 1)) return undefined;
  if (node?.parent?.type === 'ExportNamedDeclaration') node = node.parent;
  return node?.parent?.type === 'Program' ? node : undefined;
}

function identifiersNamed(node: TSESTree.Node, name: string): TSESTree.Identifier[] {
  return [...walk(node)].filter((child): child is TSESTree.Identifier => child.type === 'Identifier' && child.name === name);
}

/** `await client.end();`, `await queryRunner.connect();` and the like. */
function clientLifecycle(statement: TSESTree.Statement, name: string): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  let expression: TSESTree.Node = statement.expression;
  if (expression.type === 'AwaitExpression') expression = expression.argument;
  return (
    expression.type === 'CallExpression' &&
    expression.callee.type === 'MemberExpression' &&
    expression.callee.object.type === 'Identifier' &&
    expression.callee.object.name === name &&
    LIFECYCLE_METHODS.has(memberName(expression.callee) ?? '')
  );
}

/**
 * Whether the statements left in a function after the move do nothing but open
 * and close a client: `const pool = new Pool(…)` (or `await pool.connect()`,
 * `sequelize.getQueryInterface()`) used by nothing but `pool.end()`.
 */
function onlyClientLifecycle(remaining: readonly TSESTree.Statement[]): boolean {
  const clients = new Set<string>();
  for (const statement of remaining) {
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) continue;
    const declarator = statement.declarations[0]!;
    let init = declarator.init;
    if (init?.type === 'AwaitExpression') init = init.argument;
    if (declarator.id.type === 'Identifier' && (init?.type === 'NewExpression' || init?.type === 'CallExpression')) clients.add(declarator.id.name);
  }
  return remaining.every((statement) => {
    if (statement.type === 'VariableDeclaration' && statement.declarations.length === 1 && statement.declarations[0]!.id.type === 'Identifier') {
      const name = statement.declarations[0]!.id.name;
      return clients.has(name) && remaining.every((other) => other === statement || clientLifecycle(other, name) || identifiersNamed(other, name).length === 0);
    }
    return [...clients].some((name) => clientLifecycle(statement, name));
  });
}

/** A `require('./x')` / `import … from './x'` source resolved to a file of the project, if it is one. */
function resolveModule(fromFile: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.[cm]?js$/, '');
  const candidates = [base, ...['.ts', '.js', '.mts', '.cts', '.mjs', '.cjs', '.tsx'].map((ext) => stem + ext), ...['index.ts', 'index.js'].map((name) => path.join(base, name))];
  return candidates.find((candidate) => files.has(candidate));
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase().replace(/^-|-$/g, '');
}

/** Calls that apply migrations from the app's own code, with a migration tool that has no config file to detect it by. */
const CODE_MIGRATION_RUNNER = /\.migrate\.(?:latest|up)\s*\(|\bnew\s+Umzug\s*\(|['"`]postgres-migrations['"`]/;

/** Where the project applies migrations from code (`file:line`), if it does. Only asked when a tool would be added. */
function codeMigrationRunner(sourceFiles: readonly string[], root: string): string | undefined {
  for (const file of sourceFiles) {
    const text = readTextIfReadable(file);
    const match = text === undefined ? null : CODE_MIGRATION_RUNNER.exec(text);
    if (!match) continue;
    const line = text!.slice(0, match.index).split('\n').length;
    return `${relativePath(root, file)}:${line}`;
  }
  return undefined;
}

export function targetTool(detected: readonly MigrationToolId[]): { tool: TargetTool; addTool: boolean } {
  for (const [id, tool] of TOOL_BY_DETECTED) if (detected.includes(id)) return { tool, addTool: false };
  return { tool: 'node-pg-migrate', addTool: true };
}

export function analyzeProject(context: RunContext): Plan {
  const { root, options } = context;
  const linter = createNeonLinter({ cwd: root, ruleIds: [...ANSWERS] });
  const mentionsTrigger = compilePrefilter([TRIGGERS]);
  const sourceFiles = context.files.filter(isSourceFile);
  const fileSet = new Set(sourceFiles);
  const findings: Finding[] = [];
  const parsed = new Map<string, ParsedFile>();
  const moves: Move[] = [];
  let parsedCount = 0;

  const find = (file: string, line: number, column: number, message: string): void => {
    findings.push({ file: relativePath(root, file), line, column, message, ruleId: ANSWERS[0] });
  };
  const parseFile = (file: string): ParsedFile | undefined => {
    if (parsed.has(file)) return parsed.get(file);
    try {
      const text = fs.readFileSync(file, 'utf8');
      const entry = { file, source: parseSource(text, file), edits: [] };
      parsed.set(file, entry);
      return entry;
    } catch {
      return undefined;
    }
  };

  /**
   * The migration runs before the app starts: DDL that moves must not overtake
   * DDL that stays above it in the same function (`dropTableIfExists('x')`
   * left, `createTable('x')` after it), so that stays too, and so on down.
   */
  function keepOrder(source: ParsedSource, fileMoves: readonly Move[]): void {
    const file = fileMoves[0]?.file;
    if (!file) return;
    const relative = relativePath(root, file);
    const stays = (): TSESTree.Node[] => findings.filter((finding) => finding.file === relative).map((finding) => source.nodesAt(source.offsetOf(finding.line, finding.column))[0]!);
    for (const move of [...fileMoves].sort((a, b) => a.statement.range[0] - b.statement.range[0])) {
      const before = stays().filter((node) => node && node.range[0] < move.statement.range[0] && enclosingFunction(node) === move.owner);
      if (before.length === 0) continue;
      moves.splice(moves.indexOf(move), 1);
      const line = Math.max(...before.map((node) => node.loc.start.line));
      for (const { line: at, column } of move.reports) {
        find(file, at, column, `this DDL runs after DDL that stays (line ${line}): moved into a migration it would run before that instead, so it stays too.`);
      }
    }
  }

  // 1. Every DDL call the rule reports (tests and migrations are relaxed by the presets, so never seen here).
  for (const file of sourceFiles) {
    const text = readTextIfReadable(file);
    if (text === undefined) continue;
    if (!mentionsTrigger(text)) continue;
    parsedCount++;
    const messages = linter.lint(text, file).messages;
    if (messages.length === 0) continue;
    const entry = parseFile(file);
    if (!entry) continue;
    const builderMessages: LintMessage[] = [];
    for (const message of messages) {
      const offset = entry.source.offsetOf(message.line, message.column);
      if (message.data?.builder && message.messageId === 'dynamicDdlOutsideMigration') {
        find(file, message.line, message.column, 'this schema-builder DDL works on a table or schema named at run time, so it cannot become a fixed migration: left in place for a human (per-tenant schemas usually belong in a provisioning script, not at app startup).');
        continue;
      }
      if (message.data?.builder) {
        builderMessages.push(message);
        continue;
      }
      if (message.messageId === 'dynamicDdlOutsideMigration') {
        find(file, message.line, message.column, 'DDL built at run time (its SQL has a `${…}` hole in a name) cannot become a fixed migration: left in place for a human (per-tenant schemas usually belong in a provisioning script, not at app startup).');
        continue;
      }
      const call = entry.source.nodesAt(offset).find((node): node is TSESTree.CallExpression => node.type === 'CallExpression');
      const sql = call && sqlOfCall(call, text);
      const statement = call && statementOf(call);
      if (!sql) {
        find(file, message.line, message.column, 'this DDL is not a fixed string at the call (a variable or a built string): move it into a migration by hand.');
        continue;
      }
      const statements = classifySql(sql.sql).filter((item) => item.kind !== undefined);
      if (statements.some((item) => !item.ddl)) {
        find(file, message.line, message.column, 'this SQL mixes DDL with data statements: split it, then move the DDL into a migration by hand.');
        continue;
      }
      if (!statement) {
        find(file, message.line, message.column, 'the result of this DDL call is used here, so it cannot simply be removed: move the DDL into a migration by hand.');
        continue;
      }
      moves.push({ file, statement, item: sql, owner: enclosingFunction(statement), reports: [{ line: message.line, column: message.column }] });
    }
    const sqlMoves = moves.filter((move) => move.file === file);
    const builders = analyzeBuilders(entry.source, builderMessages, new Set(sqlMoves.map((move) => move.statement)));
    for (const problem of builders.problems) find(file, problem.line, problem.column, problem.message);
    // SQL run inside a guard that moves goes with the guard, as code.
    for (const move of sqlMoves) {
      if (builders.units.some(({ statement }) => isWithin(move.statement, statement))) moves.splice(moves.indexOf(move), 1);
    }
    for (const unit of builders.units) moves.push({ file, statement: unit.statement, item: unit.code, owner: enclosingFunction(unit.statement), reports: unit.reports });
    keepOrder(entry.source, moves.filter((move) => move.file === file));
  }

  // The migration's tool: the project's; else the tool of the builder code moved; else node-pg-migrate, added.
  const detected = options.stack.migrationTools;
  const builderTools = moves.flatMap((move) => (move.item.kind === 'code' ? [move.item.tool] : []));
  let { tool, addTool } = targetTool(detected);
  const firstBuilderTool = builderTools.find((builderTool) => SETTABLE_TOOLS.has(builderTool));
  if (addTool && firstBuilderTool) tool = firstBuilderTool;
  // Migrations applied from code (`knex.migrate.latest({ migrationSource })`, Umzug) are a tool the project detection
  // does not see: adding one would leave the project two. The DDL stays, with a finding each.
  const runner = addTool && moves.length > 0 ? codeMigrationRunner(sourceFiles, root) : undefined;
  if (runner) {
    addTool = false;
    for (const move of moves.splice(0)) {
      for (const { line, column } of move.reports) {
        find(move.file, line, column, `the project applies its migrations from code (${runner}), through a setup this codemod does not write migrations for: move this DDL into one of them by hand.`);
      }
    }
  }
  for (const move of [...moves]) {
    if (move.item.kind !== 'code' || move.item.tool === tool) continue;
    moves.splice(moves.indexOf(move), 1);
    const message =
      addTool && !SETTABLE_TOOLS.has(move.item.tool)
        ? 'this TypeORM query-runner DDL needs a TypeORM migration, and the project has no TypeORM migrations yet (a migrations folder its data source lists, a `migration:run` script): set them up, then run this again, or move it by hand.'
        : `this ${move.item.tool} schema-builder DDL would need a ${move.item.tool} migration, but the project's migrations are ${tool}'s: move it into one of those by hand (as SQL).`;
    for (const { line, column } of move.reports) find(move.file, line, column, message);
  }

  const plan: Plan = {
    sources: new Map(),
    deletions: [],
    moved: [],
    name: 'move-ddl-from-app',
    origins: [],
    tool,
    addTool,
    findings,
    scanned: sourceFiles.length,
    parsed: parsedCount,
  };
  // Findings in reading order, whichever step found them.
  const inReadingOrder = (): Plan => {
    findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return plan;
  };
  if (moves.length === 0) return inReadingOrder();

  // 2. Remove each moved call; a function left with only its client's open/close goes too, with its callers.
  const owners = new Map<FunctionNode | string, Move[]>();
  for (const move of moves) {
    const key = move.owner ?? move.file;
    owners.set(key, [...(owners.get(key) ?? []), move]);
  }
  const removedFunctions: { file: string; name: string; fn: FunctionNode }[] = [];
  for (const group of owners.values()) {
    const { file, owner } = group[0]!;
    const entry = parsed.get(file)!;
    const text = entry.source.text;
    const removed = new Set<TSESTree.Node>(group.map((move) => move.statement));
    const body = owner?.body.type === 'BlockStatement' ? owner.body.body : undefined;
    const remaining = body?.filter((statement) => !removed.has(statement));
    const name = owner && functionName(owner);
    const declaration = owner && declarationStatement(owner);
    if (owner && remaining && name && declaration && onlyClientLifecycle(remaining)) {
      removedFunctions.push({ file, name, fn: owner });
      entry.edits.push(blockRemoval(text, withAttachedComments(text, declaration.range[0]), declaration.range[1]));
      continue;
    }
    for (const statement of group.map((move) => move.statement)) {
      entry.edits.push(removalEdit(text, withAttachedComments(text, statement.range[0]), statement.range[1], false));
    }
  }

  // 3. Exports, imports and calls of the removed functions.
  const callOrder = new Map<FunctionNode, { file: string; offset: number }>();
  const keptFunctions = new Set<FunctionNode>();
  const candidates = sourceFiles.filter((file) => removedFunctions.some(({ name }) => fs.readFileSync(file, 'utf8').includes(name)));
  for (const removed of removedFunctions) {
    const edits: { entry: ParsedFile; edit: TextEdit }[] = [];
    let unsure: string | undefined;
    for (const file of candidates) {
      const entry = parseFile(file);
      if (!entry) continue;
      const sameFile = file === removed.file;
      const result = callerEdits(entry, removed, sameFile, fileSet);
      edits.push(...result.edits.map((edit) => ({ entry, edit })));
      if (result.unsure && !unsure) unsure = `${relativePath(root, file)}:${result.unsure.line}:${result.unsure.column}`;
      for (const offset of result.calls) if (!callOrder.has(removed.fn)) callOrder.set(removed.fn, { file, offset });
    }
    if (unsure) {
      // Keep the function (without its DDL) rather than break a use this codemod cannot rewrite.
      keptFunctions.add(removed.fn);
      const [file, line, column] = unsure.split(':');
      find(path.join(root, file!), Number(line), Number(column), `\`${removed.name}()\` is used here in a way this codemod does not rewrite: its DDL moved to a migration, so the call now only opens and closes a client; remove it by hand.`);
      continue;
    }
    for (const { entry, edit } of edits) entry.edits.push(edit);
  }
  for (const kept of keptFunctions) {
    const index = removedFunctions.findIndex((removed) => removed.fn === kept);
    const { file } = removedFunctions[index]!;
    const entry = parsed.get(file)!;
    const declaration = declarationStatement(kept)!;
    entry.edits.splice(entry.edits.findIndex((edit) => edit.end >= declaration.range[1] && edit.start <= declaration.range[0]), 1);
    for (const move of moves.filter((item) => item.owner === kept)) {
      entry.edits.push(removalEdit(entry.source.text, withAttachedComments(entry.source.text, move.statement.range[0]), move.statement.range[1], false));
    }
    removedFunctions.splice(index, 1);
  }

  // 4. Order: within a function by position; across functions by the order their calls run when one file calls them all.
  const groups = [...owners.values()];
  const callFiles = new Set(groups.map((group) => (group[0]!.owner ? callOrder.get(group[0]!.owner)?.file : undefined)));
  const byCalls = groups.length > 1 && callFiles.size === 1 && !callFiles.has(undefined);
  groups.sort((a, b) => {
    if (byCalls) return callOrder.get(a[0]!.owner!)!.offset - callOrder.get(b[0]!.owner!)!.offset;
    return a[0]!.file.localeCompare(b[0]!.file) || a[0]!.statement.range[0] - b[0]!.statement.range[0];
  });
  const files = new Set(groups.map((group) => group[0]!.file));
  if (files.size > 1 && !byCalls) {
    plan.orderNote = `DDL from ${files.size} files was ordered by file path (no single caller shows the order the app ran them): check that the migration creates objects before they are referenced.`;
  }
  for (const group of groups) {
    for (const move of [...group].sort((a, b) => a.statement.range[0] - b.statement.range[0])) plan.moved.push(move.item);
  }
  plan.origins.push(...[...files].map((file) => relativePath(root, file)));
  const names = groups.map((group) => group[0]!.owner && functionName(group[0]!.owner)).filter((name): name is string => Boolean(name));
  if (names.length === 1 || (names.length > 0 && new Set(names).size === 1)) plan.name = kebab(names[0]!);

  for (const entry of parsed.values()) if (entry.edits.length > 0) plan.sources.set(entry.file, { before: entry.source.text, edits: entry.edits });

  // 5. Modules left with nothing but imports, that no other file still imports, are deleted.
  for (const { file } of removedFunctions) {
    const planned = plan.sources.get(file);
    if (!planned || plan.deletions.includes(file)) continue;
    if (leftEmpty(planned.before, planned.edits, file) && !importedElsewhere(file, sourceFiles, plan)) plan.deletions.push(file);
  }
  return inReadingOrder();
}

/** Removes a top-level block and, when blank lines stood on both sides of it, one of them. */
function blockRemoval(text: string, start: number, end: number): TextEdit {
  const edit = removalEdit(text, start, end, false);
  const blankBefore = edit.start === 0 || /\n[ \t]*\n$/.test(text.slice(0, edit.start));
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(edit.end));
  return blankBefore && blankAfter && edit.text === '' ? { ...edit, end: edit.end + blankAfter[0].length } : edit;
}

/** Whether the module would hold nothing but imports, requires and directives after the edits. */
function leftEmpty(before: string, edits: readonly TextEdit[], file: string): boolean {
  let after = before;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) after = after.slice(0, edit.start) + edit.text + after.slice(edit.end);
  try {
    return parseSource(after, file).program.body.every((statement) => {
      if (statement.type === 'ImportDeclaration') return true;
      if (statement.type === 'ExpressionStatement') return statement.directive !== undefined;
      if (statement.type !== 'VariableDeclaration') return false;
      return statement.declarations.every((declarator) => {
        let init = declarator.init;
        while (init?.type === 'MemberExpression') init = init.object;
        return init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require';
      });
    });
  } catch {
    return false;
  }
}

/** Whether a file still imports `target` once the planned edits are applied. */
function importedElsewhere(target: string, files: readonly string[], plan: Plan): boolean {
  const stem = path.basename(target).replace(/\.[cm]?[jt]sx?$/, '');
  const fileSet = new Set(files);
  return files.some((file) => {
    if (file === target) return false;
    const planned = plan.sources.get(file);
    let text = planned?.before ?? fs.readFileSync(file, 'utf8');
    if (!text.includes(stem)) return false;
    if (planned) for (const edit of [...planned.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    for (const match of text.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.[^'"]*)\1/g)) {
      if (resolveModule(file, match[2]!, fileSet) === target) return true;
    }
    return false;
  });
}

/** Arguments whose evaluation does nothing, so a call can go with them: `initSchema(pool)`. */
function isPlainArgument(node: TSESTree.Node): boolean {
  return node.type === 'Identifier' || node.type === 'Literal' || (node.type === 'MemberExpression' && !node.computed && isPlainArgument(node.object)) || node.type === 'ThisExpression';
}

interface CallerResult {
  readonly edits: TextEdit[];
  /** offsets of the calls rewritten, in source order */
  readonly calls: number[];
  /** a use this codemod cannot rewrite */
  readonly unsure?: { line: number; column: number };
}

/**
 * The edits a file needs once `removed` is gone: its export (same file), the
 * import of it (other files), and each call: `await initDb();` and `initDb();`
 * go, `initDb().then(() => { … })` becomes the callback's body.
 */
function callerEdits(entry: ParsedFile, removed: { file: string; name: string; fn: FunctionNode }, sameFile: boolean, files: ReadonlySet<string>): CallerResult {
  const { source, file } = entry;
  const text = source.text;
  const edits: TextEdit[] = [];
  const calls: number[] = [];
  let unsure: { line: number; column: number } | undefined;
  /** the local name the function is known by in this file */
  let local: string | undefined = sameFile ? removed.name : undefined;
  const handled = new Set<TSESTree.Node>();

  for (const statement of source.program.body) {
    // import { initDb } from './init-db' / const { initDb } = require('./init-db')
    if (!sameFile && statement.type === 'ImportDeclaration' && resolveModule(file, statement.source.value, files) === removed.file) {
      const specifier = statement.specifiers.find((item) => item.type === 'ImportSpecifier' && (item.imported.type === 'Identifier' ? item.imported.name : item.imported.value) === removed.name);
      if (!specifier) continue;
      local = specifier.local.name;
      handled.add(specifier.local);
      if (specifier.type === 'ImportSpecifier') handled.add(specifier.imported);
      edits.push(statement.specifiers.length === 1 ? blockRemoval(text, statement.range[0], statement.range[1]) : removalEdit(text, specifier.range[0], specifier.range[1], true));
    }
    if (!sameFile && statement.type === 'VariableDeclaration' && statement.declarations.length === 1) {
      const declarator = statement.declarations[0]!;
      const init = declarator.init;
      const isRequire = init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' && init.arguments[0]?.type === 'Literal';
      if (!isRequire || declarator.id.type !== 'ObjectPattern') continue;
      if (resolveModule(file, String((init.arguments[0] as TSESTree.Literal).value), files) !== removed.file) continue;
      const property = declarator.id.properties.find((item) => keyName(item) === removed.name);
      if (property?.type !== 'Property' || property.value.type !== 'Identifier') continue;
      local = property.value.name;
      handled.add(property.value);
      if (property.key !== property.value) handled.add(property.key);
      edits.push(declarator.id.properties.length === 1 ? removalEdit(text, statement.range[0], statement.range[1], false) : removalEdit(text, property.range[0], property.range[1], true));
    }
    // module.exports = { initDb } / exports.initDb = initDb / export { initDb }
    if (sameFile && statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const isModuleExports = left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && memberName(left) === 'exports';
      if (isModuleExports && right.type === 'ObjectExpression') {
        const property = right.properties.find((item) => item.type === 'Property' && item.value.type === 'Identifier' && item.value.name === removed.name);
        if (!property || property.type !== 'Property') continue;
        for (const node of identifiersNamed(property, removed.name)) handled.add(node);
        edits.push(right.properties.length === 1 ? removalEdit(text, statement.range[0], statement.range[1], false) : removalEdit(text, property.range[0], property.range[1], true));
      } else if (left.type === 'MemberExpression' && right.type === 'Identifier' && right.name === removed.name) {
        handled.add(right);
        if (left.property.type === 'Identifier') handled.add(left.property);
        edits.push(removalEdit(text, withAttachedComments(text, statement.range[0]), statement.range[1], false));
      }
    }
    if (sameFile && statement.type === 'ExportNamedDeclaration' && !statement.declaration && !statement.source) {
      const specifier = statement.specifiers.find((item) => item.local.type === 'Identifier' && item.local.name === removed.name);
      if (!specifier) continue;
      for (const node of identifiersNamed(specifier, removed.name)) handled.add(node);
      edits.push(statement.specifiers.length === 1 ? blockRemoval(text, statement.range[0], statement.range[1]) : removalEdit(text, specifier.range[0], specifier.range[1], true));
    }
  }
  if (!local) return { edits, calls };

  const declaration = sameFile ? declarationStatement(removed.fn) : undefined;
  for (const node of walk(source.program)) {
    if (node.type !== 'Identifier' || node.name !== local || handled.has(node)) continue;
    if (declaration && isWithin(node, declaration)) continue;
    const call = node.parent;
    if (call?.type !== 'CallExpression' || call.callee !== node || !call.arguments.every(isPlainArgument)) {
      if (node.parent?.type === 'MemberExpression' && node.parent.property === node && !node.parent.computed) continue;
      if (node.parent?.type === 'Property' && node.parent.key === node && !node.parent.computed && node.parent.value !== node) continue;
      unsure ??= { line: node.loc.start.line, column: node.loc.start.column + 1 };
      continue;
    }
    const edit = callRemoval(text, call);
    if (edit) {
      edits.push(edit);
      calls.push(call.range[0]);
    } else unsure ??= { line: node.loc.start.line, column: node.loc.start.column + 1 };
  }
  return { edits, calls, ...(unsure ? { unsure } : {}) };
}

/** `await f();` / `f();` → nothing; `f().then(() => { body })` → body, dedented; `f().then(() => x)` → `x;`. */
function callRemoval(text: string, call: TSESTree.CallExpression): TextEdit | undefined {
  const alone = statementOf(call);
  if (alone) return removalEdit(text, withAttachedComments(text, alone.range[0]), alone.range[1], false);
  const member = call.parent;
  if (member?.type !== 'MemberExpression' || member.object !== call || memberName(member) !== 'then') return undefined;
  const then = member.parent;
  if (then?.type !== 'CallExpression' || then.callee !== member || then.arguments.length !== 1) return undefined;
  const statement = then.parent;
  if (statement?.type !== 'ExpressionStatement' || (statement.parent?.type !== 'Program' && statement.parent?.type !== 'BlockStatement')) return undefined;
  const callback = then.arguments[0]!;
  if ((callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression') || callback.params.length > 0 || callback.async) return undefined;
  const indent = indentAt(text, statement.range[0]);
  if (callback.body.type !== 'BlockStatement') {
    return { start: statement.range[0], end: statement.range[1], text: `${text.slice(callback.body.range[0], callback.body.range[1])};` };
  }
  const inner = callback.body.body;
  if (inner.length === 0) return removalEdit(text, statement.range[0], statement.range[1], false);
  // A `return` in the callback would become a module-level return.
  if ([...walk(callback.body)].some((node) => node.type === 'ReturnStatement' && enclosingFunction(node) === callback)) return undefined;
  const first = lineStartOf(text, inner[0]!.range[0]);
  const innerIndent = indentAt(text, inner[0]!.range[0]);
  const body = text
    .slice(first, inner[inner.length - 1]!.range[1])
    .split('\n')
    .map((line) => (line.startsWith(innerIndent) ? indent + line.slice(innerIndent.length) : line))
    .join('\n');
  return { start: lineStartOf(text, statement.range[0]), end: statement.range[1], text: body };
}
