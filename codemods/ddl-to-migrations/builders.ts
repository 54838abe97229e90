import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { isWithin } from '../../src/estree/traverse';
import type { LintMessage } from '../lib/lint';
import { indentAt, memberName, outerExpression, type ParsedSource, type TextEdit, walk, withAttachedComments } from '../schema-sync-to-migrations/source';

/**
 * Schema-builder DDL (`db.schema.createTable(…)` of knex and Kysely, Sequelize's
 * `queryInterface.addColumn(…)`, TypeORM's `queryRunner.createTable(…)`), read
 * for a move into a migration of the tool the builder belongs to: which
 * statement runs it, which handle it runs on (renamed to the migration's own
 * parameter), the existence guard around it (`if (!(await db.schema.hasTable('x')))`,
 * the builder's `IF NOT EXISTS`, moved with it), and the package imports it
 * needs. Code that depends on anything else of the app (a local, a loop, a
 * result) is not moved, and the reason becomes a finding. Read-only.
 */

export type BuilderTool = 'knex' | 'kysely' | 'sequelize' | 'typeorm';

/** What each tool passes to a migration's `up`, and so what the handle becomes there. */
export const HANDLE_PARAMETER: Readonly<Record<BuilderTool, string>> = {
  knex: 'knex',
  kysely: 'db',
  sequelize: 'queryInterface',
  typeorm: 'queryRunner',
};

/** An import the moved code needs, from a package (never from the app). */
export interface CarriedImport {
  readonly module: string;
  /** `default`, `*` (a namespace import or a whole `require()`), or the exported name */
  readonly imported: string;
  readonly local: string;
  readonly typeOnly: boolean;
}

export interface CodeLine {
  readonly text: string;
  /** a line inside a multi-line template literal: part of a string, written back as is */
  readonly verbatim: boolean;
}

/** Builder statements, as the migration will run them. */
export interface MovedCode {
  readonly kind: 'code';
  readonly tool: BuilderTool;
  /** dedented to column 0 (but verbatim lines), the handle renamed to `HANDLE_PARAMETER[tool]` */
  readonly lines: readonly CodeLine[];
  readonly imports: readonly CarriedImport[];
}

/** Where the rule reported, 1-based as ESLint counts. */
export interface ReportPosition {
  readonly line: number;
  readonly column: number;
}

export interface BuilderUnit {
  /** the statement that goes: the builder call's `await …;`, or the existence guard around it */
  readonly statement: TSESTree.Statement;
  readonly code: MovedCode;
  /** the reports it answers (several when a guard holds several builder calls) */
  readonly reports: readonly ReportPosition[];
}

export interface BuilderProblem extends ReportPosition {
  readonly message: string;
}

type Variable = TSESLint.Scope.Variable;

/** How the builder reached the database: a variable (`db`), or an expression written the same way each time (`this.knex`, `sequelize.getQueryInterface()`). */
type Handle = { readonly kind: 'variable'; readonly variable: Variable } | { readonly kind: 'expression'; readonly text: string };

interface Site {
  readonly statement: TSESTree.ExpressionStatement;
  readonly handle: Handle;
  readonly tool: BuilderTool;
}

/** Globals whose meaning does not depend on the app: a migration has them too. */
const PURE_GLOBALS = new Set(['undefined', 'NaN', 'Infinity', 'Date', 'JSON', 'Math', 'Number', 'String', 'Boolean', 'Object', 'Array', 'BigInt', 'Symbol', 'RegExp', 'Error', 'Promise']);
/** Chained calls that consume a builder's result instead of just running it. */
const CONSUMING_METHODS = new Set(['then', 'catch', 'finally']);
/** Builder methods that destroy or rename: `dropTable`, `removeColumn`, `renameTable`, `table.dropColumn`. */
const DESTRUCTIVE = /^(?:drop|remove|rename)[A-Z]/;
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Source text without whitespace: `this . knex` and `this.knex` are one handle. */
function compact(source: ParsedSource, node: TSESTree.Node): string {
  return source.text.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
}

/** `db`, `this.knex`, `app.db`: a path of plain names. */
function isNamePath(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && isNamePath(node.object);
}

/** The method names of a call chain, from the handle outwards: `db.schema.createTable(…).execute()` → createTable, execute. */
function chainMethods(call: TSESTree.CallExpression): string[] {
  const methods: string[] = [];
  let node: TSESTree.Node = call;
  while (node.type === 'CallExpression' || node.type === 'MemberExpression') {
    if (node.type === 'CallExpression') {
      const name = memberName(node.callee);
      if (name) methods.unshift(name);
      node = node.callee;
    } else node = node.object;
  }
  return methods;
}

/** The `x` of `x.schema` in a knex or Kysely chain. */
function schemaOwner(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  let node: TSESTree.Node = call;
  while (node.type === 'CallExpression' || node.type === 'MemberExpression') {
    if (node.type === 'MemberExpression' && memberName(node) === 'schema') return node.object;
    node = node.type === 'CallExpression' ? node.callee : node.object;
  }
  return undefined;
}

function referencesIn(source: ParsedSource, node: TSESTree.Node): TSESLint.Scope.Reference[] {
  const found: TSESLint.Scope.Reference[] = [];
  for (const scope of source.scopeManager.scopes) {
    for (const reference of scope.references) if (isWithin(reference.identifier, node)) found.push(reference as unknown as TSESLint.Scope.Reference);
  }
  return found;
}

function variableOf(source: ParsedSource, identifier: TSESTree.Identifier): Variable | undefined {
  for (const scope of source.scopeManager.scopes) {
    for (const reference of scope.references) if (reference.identifier === identifier) return (reference.resolved as unknown as Variable | null) ?? undefined;
  }
  return undefined;
}

function sameHandle(a: Handle, b: Handle): boolean {
  return a.kind === 'variable' ? b.kind === 'variable' && a.variable === b.variable : b.kind === 'expression' && a.text === b.text;
}

/** The package a module-scope binding comes from: `import x from 'pkg'`, `const { x } = require('pkg')`. */
function packageImport(variable: Variable): CarriedImport | undefined {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return undefined;
  const local = variable.name;
  if (def.type === 'ImportBinding') {
    const declaration = def.parent as TSESTree.ImportDeclaration;
    const module = declaration.source.value;
    if (module.startsWith('.') || module.startsWith('/')) return undefined;
    const specifier = def.node;
    const typeOnly = declaration.importKind === 'type' || (specifier.type === 'ImportSpecifier' && specifier.importKind === 'type');
    if (specifier.type === 'ImportDefaultSpecifier') return { module, imported: 'default', local, typeOnly };
    if (specifier.type === 'ImportNamespaceSpecifier') return { module, imported: '*', local, typeOnly };
    if (specifier.type === 'ImportSpecifier') {
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      return { module, imported, local, typeOnly };
    }
    return undefined;
  }
  if (def.type !== 'Variable' || def.node.parent?.parent?.type !== 'Program') return undefined;
  let init = def.node.init;
  let member: string | undefined;
  if (init?.type === 'MemberExpression') {
    member = memberName(init);
    init = init.object;
  }
  if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require') return undefined;
  const argument = init.arguments[0];
  if (argument?.type !== 'Literal' || typeof argument.value !== 'string' || argument.value.startsWith('.') || argument.value.startsWith('/')) return undefined;
  const module = argument.value;
  const id = def.node.id;
  if (id.type === 'Identifier') return member ? { module, imported: member, local, typeOnly: false } : { module, imported: '*', local, typeOnly: false };
  if (id.type !== 'ObjectPattern' || member) return undefined;
  for (const property of id.properties) {
    if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.value.type === 'Identifier' && property.value.name === local) {
      return { module, imported: property.key.name, local, typeOnly: false };
    }
  }
  return undefined;
}

interface Closure {
  readonly problem?: string;
  readonly renames: TextEdit[];
  readonly imports: CarriedImport[];
}

/**
 * What `node` reads from outside itself: the handle (renamed), packages
 * (imported again by the migration), globals that mean the same everywhere.
 * Anything else (a local, a parameter, `this`, an app module) is a problem.
 */
function closureOf(source: ParsedSource, node: TSESTree.Node, handle: Handle, parameter: string): Closure {
  const renames: TextEdit[] = [];
  const imports: CarriedImport[] = [];
  const handleRanges: (readonly [number, number])[] = [];
  if (handle.kind === 'expression') {
    for (const child of walk(node)) {
      if ((child.type === 'MemberExpression' || child.type === 'CallExpression' || child.type === 'ThisExpression' || child.type === 'Identifier') && compact(source, child) === handle.text) {
        if (handleRanges.some(([start, end]) => child.range[0] >= start && child.range[1] <= end)) continue;
        handleRanges.push(child.range);
        renames.push({ start: child.range[0], end: child.range[1], text: parameter });
      }
    }
  }
  const inHandle = (child: TSESTree.Node) => handleRanges.some(([start, end]) => child.range[0] >= start && child.range[1] <= end);
  const fail = (problem: string): Closure => ({ problem, renames, imports });

  for (const child of walk(node)) {
    if (inHandle(child)) continue;
    if (child.type === 'ThisExpression' || child.type === 'Super') return fail('uses `this`, which a migration does not have');
    if (child.type === 'MetaProperty') return fail(`uses \`${source.text.slice(child.range[0], child.range[1])}\``);
    // A name the code declares itself must not shadow the migration's parameter.
    if (child.type === 'Identifier' && child.name === parameter && !(handle.kind === 'variable' && handle.variable.name === parameter)) {
      const declared = child.parent && (FUNCTIONS.has(child.parent.type) || child.parent.type === 'VariableDeclarator');
      if (declared) return fail(`declares \`${parameter}\`, the name the migration gives its database handle`);
    }
  }
  for (const reference of referencesIn(source, node)) {
    const identifier = reference.identifier as TSESTree.Identifier;
    if (inHandle(identifier)) continue;
    const variable = reference.resolved as Variable | null;
    const name = identifier.name;
    if (handle.kind === 'variable' && variable === handle.variable) {
      if (name !== parameter) renames.push({ start: identifier.range[0], end: identifier.range[1], text: parameter });
      continue;
    }
    if (!variable || variable.defs.length === 0) {
      // Globals: the types of the standard library, and values that mean the same in a migration.
      if (reference.isTypeReference || PURE_GLOBALS.has(name)) continue;
      return fail(`uses \`${name}\`, which a migration does not have`);
    }
    const def = variable.defs[0]!;
    if (isWithin(def.name, node)) continue;
    const carried = packageImport(variable);
    if (carried) {
      if (carried.local === parameter) return fail(`imports \`${parameter}\`, the name the migration gives its database handle`);
      if (!imports.some((item) => item.local === carried.local)) imports.push(carried);
      continue;
    }
    if (def.type === 'ImportBinding') return fail(`uses \`${name}\` from the app's module ${(def.parent as TSESTree.ImportDeclaration).source.value}`);
    return fail(`uses \`${name}\`, a value of the app that the migration would not have`);
  }
  return { renames, imports };
}

/** Whether a `return` of the function itself sits in `node` (one of a nested function does not count). */
function returnsIn(node: TSESTree.Node): boolean {
  const functionOf = (start: TSESTree.Node): TSESTree.Node | undefined => {
    let current = start.parent;
    while (current && !FUNCTIONS.has(current.type)) current = current.parent;
    return current;
  };
  const own = functionOf(node);
  return [...walk(node)].some((child) => child.type === 'ReturnStatement' && functionOf(child) === own);
}

/** The statements a guard's consequent runs. */
function statementsOf(node: TSESTree.Statement): TSESTree.Statement[] {
  return node.type === 'BlockStatement' ? node.body : [node];
}

function describeContainer(node: TSESTree.Node): string {
  if (LOOPS.has(node.type)) return 'runs in a loop, once per pass';
  if (node.type === 'TryStatement') return 'runs inside a `try` block, whose `catch`/`finally` would not come along';
  if (node.type === 'SwitchCase') return 'runs in a `switch` case';
  return `runs inside a \`${node.type}\` this codemod does not move`;
}

/**
 * Reads the builder reports of one file. Each becomes a unit to move or a
 * problem to report; units that share a guard are one unit. `sqlMoves` are the
 * file's raw-SQL statements planned for a move: a guard may hold them too
 * (`await db.schema.raw('CREATE INDEX …')`), and then they move with it.
 */
export function analyzeBuilders(
  source: ParsedSource,
  messages: readonly LintMessage[],
  sqlMoves: ReadonlySet<TSESTree.Statement>,
): { units: BuilderUnit[]; problems: BuilderProblem[] } {
  const problems: BuilderProblem[] = [];
  const sites = new Map<TSESTree.Statement, Site>();
  const reportedAt = new Map<TSESTree.Statement, LintMessage>();
  const problem = (message: ReportPosition, text: string) => problems.push({ line: message.line, column: message.column, message: text });

  // 1. Each report: the builder chain, its handle, the `await …;` statement it stands as, what it closes over.
  for (const message of messages) {
    const site = siteOf(source, message);
    if (typeof site === 'string') {
      problem(message, site);
      continue;
    }
    const closure = closureOf(source, site.statement, site.handle, HANDLE_PARAMETER[site.tool]);
    if (closure.problem) {
      problem(message, `this schema-builder DDL ${closure.problem}, so it cannot move into a migration as it is: move it by hand.`);
      continue;
    }
    // Teardown (`deactivate() { dropTable }`) runs where the app takes that path; a migration would run it on every database.
    const destructive = [...walk(site.statement)].map((node) => (node.type === 'CallExpression' ? memberName(node.callee) : undefined)).find((name) => name && DESTRUCTIVE.test(name));
    if (destructive) {
      problem(message, `this schema-builder DDL drops or renames schema objects (\`${destructive}\`): as a migration it would run once on every database, not only where the app takes this path, so it is left for a human to move.`);
      continue;
    }
    sites.set(site.statement, site);
    reportedAt.set(site.statement, message);
  }

  // 2. Lift each statement to the existence guards around it, when everything they run moves too.
  const movable = (statement: TSESTree.Statement, handle: Handle, tool: BuilderTool): boolean => {
    const site = sites.get(statement);
    if (site) return site.tool === tool && sameHandle(site.handle, handle);
    if (sqlMoves.has(statement)) return !closureOf(source, statement, handle, HANDLE_PARAMETER[tool]).problem;
    if (statement.type !== 'IfStatement' || statement.alternate) return false;
    if (closureOf(source, statement.test, handle, HANDLE_PARAMETER[tool]).problem) return false;
    return statementsOf(statement.consequent).every((inner) => movable(inner, handle, tool));
  };
  const units = new Map<TSESTree.Statement, { site: Site; reports: ReportPosition[] }>();
  for (const [statement, site] of sites) {
    let unit: TSESTree.Statement = statement;
    let why: string | undefined;
    for (;;) {
      let container = unit.parent!;
      if (container.type === 'Program' || (container.type === 'BlockStatement' && FUNCTIONS.has(container.parent!.type))) break;
      if (container.type === 'BlockStatement') {
        if (container.parent?.type !== 'IfStatement') {
          why = describeContainer(container.parent!);
          break;
        }
        container = container.parent;
      }
      if (container.type !== 'IfStatement') {
        why = describeContainer(container);
        break;
      }
      if (container.alternate) {
        why = 'runs under an `if` with an `else`';
        break;
      }
      if (container.consequent !== unit && container.consequent !== unit.parent) {
        why = 'runs in an `else` branch';
        break;
      }
      const test = closureOf(source, container.test, site.handle, HANDLE_PARAMETER[site.tool]);
      if (test.problem) {
        why = `runs under a condition that ${test.problem}`;
        break;
      }
      if (!movable(container, site.handle, site.tool)) {
        why = 'shares its `if` block with code that does not move';
        break;
      }
      unit = container;
    }
    // `if (await db.schema.hasTable('x')) return;` above it: whether it ran depended on code that stays.
    const siblings = unit.parent?.type === 'BlockStatement' ? unit.parent.body : [];
    if (!why && siblings.slice(0, siblings.indexOf(unit)).some(returnsIn)) why = 'runs after an early `return`';
    // sequelize-cli migrations are JavaScript.
    if (!why && site.tool === 'sequelize' && [...walk(unit)].some((node) => node.type.startsWith('TS'))) why = 'uses TypeScript syntax, and sequelize-cli migrations are JavaScript';
    if (why) {
      problem(reportedAt.get(statement)!, `this schema-builder DDL ${why}, so it cannot move into a migration as it is: move it by hand.`);
      continue;
    }
    const { line, column } = reportedAt.get(statement)!;
    const entry = units.get(unit) ?? { site, reports: [] };
    entry.reports.push({ line, column });
    units.set(unit, entry);
  }

  return {
    problems,
    units: [...units].map(([statement, { site, reports }]) => {
      const closure = closureOf(source, statement, site.handle, HANDLE_PARAMETER[site.tool]);
      return { statement, reports, code: { kind: 'code', tool: site.tool, lines: codeLines(source, statement, closure.renames), imports: closure.imports } };
    }),
  };
}

/** The statement a report stands for, with its handle and tool, or why it cannot move. */
function siteOf(source: ParsedSource, message: LintMessage): Site | string {
  const builder = String(message.data?.builder ?? '');
  const driver = String(message.data?.driver ?? '');
  const call = source.nodesAt(source.offsetOf(message.line, message.column)).find((node): node is TSESTree.CallExpression => node.type === 'CallExpression');
  if (!call) return 'schema-builder DDL in a shape this codemod does not read: move it into a migration by hand.';
  const methods = chainMethods(call);
  if (methods.some((method) => CONSUMING_METHODS.has(method))) {
    return 'this schema-builder DDL is chained with `.then()`/`.catch()`, so code depends on its result: move it into a migration by hand.';
  }
  let handleNode: TSESTree.Node | undefined;
  let tool: BuilderTool;
  if (builder === 'schema') {
    handleNode = schemaOwner(call);
    // Kysely runs a builder at `.execute()`; knex when it is awaited.
    tool = driver === 'knex' || driver === 'kysely' ? driver : methods.includes('execute') ? 'kysely' : 'knex';
  } else {
    if (call.callee.type !== 'MemberExpression') return 'schema-builder DDL in a shape this codemod does not read: move it into a migration by hand.';
    handleNode = call.callee.object;
    tool = builder === 'queryInterface' ? 'sequelize' : 'typeorm';
  }
  const awaited = outerExpression(call).parent;
  const statement = awaited?.type === 'AwaitExpression' ? outerExpression(awaited).parent : undefined;
  if (statement?.type !== 'ExpressionStatement') {
    return awaited?.type === 'ExpressionStatement'
      ? 'this schema-builder DDL is not awaited, so when it runs (or, for knex, whether it runs at all) depends on the code around it: move it into a migration by hand.'
      : 'the result of this schema-builder DDL is used here, so it cannot simply be removed: move it into a migration by hand.';
  }
  if (!handleNode) return 'schema-builder DDL in a shape this codemod does not read: move it into a migration by hand.';
  let handle: Handle;
  if (handleNode.type === 'Identifier') {
    const variable = variableOf(source, handleNode);
    if (!variable) return `this schema-builder DDL runs on \`${handleNode.name}\`, which is not declared in this file: move it into a migration by hand.`;
    handle = { kind: 'variable', variable };
  } else if (isNamePath(handleNode) || (handleNode.type === 'CallExpression' && handleNode.arguments.length === 0 && isNamePath(handleNode.callee))) {
    // `this.knex`, `sequelize.getQueryInterface()`: the same text is the same handle.
    handle = { kind: 'expression', text: compact(source, handleNode) };
  } else {
    return 'this schema-builder DDL runs on a handle computed in place, which this codemod does not rename: move it into a migration by hand.';
  }
  return { statement, handle, tool };
}

/** The unit's text, with the `//` comments right above it, the renames, dedented; lines inside multi-line template literals stay as written. */
function codeLines(source: ParsedSource, statement: TSESTree.Statement, renames: readonly TextEdit[]): CodeLine[] {
  const start = withAttachedComments(source.text, statement.range[0]);
  const end = statement.range[1];
  let text = source.text.slice(start, end);
  for (const rename of [...renames].sort((a, b) => b.start - a.start)) {
    text = text.slice(0, rename.start - start) + rename.text + text.slice(rename.end - start);
  }
  const templates = [...walk(statement)].filter((node) => node.type === 'TemplateLiteral').map((node) => node.range);
  const base = indentAt(source.text, start);
  let offset = start;
  return text.split('\n').map((line, index) => {
    const lineStart = offset;
    offset = source.text.indexOf('\n', offset) + 1;
    const verbatim = index > 0 && templates.some(([from, to]) => lineStart > from && lineStart < to);
    if (verbatim) return { text: line, verbatim };
    const plain = line.replace(/\r$/, '');
    return { text: index > 0 && plain.startsWith(base) ? plain.slice(base.length) : plain, verbatim };
  });
}
