import { getPropertyName } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { trackModuleReferences, type ModuleTraceSpec } from './module-tracking';
import { unwrapExpression } from './static-string';

/**
 * Recognises a migration by its shape, wherever the file lives: the globs of
 * `settings.neon.migrations` cannot know a knex folder named `db/changes` or
 * a TypeORM migration kept next to its entities.
 *
 * Shapes: a module that exports `up` and `down` (ESM functions or consts,
 * `export { up, down }`, `export default { up, down }`, CommonJS
 * `exports.up` / `module.exports = { up, down }`); a module that exports only
 * `up`, or a `migrate` function, whose first parameter is a migration tool's
 * handle (knex, node-pg-migrate `pgm`, Sequelize `queryInterface`, TypeORM
 * `queryRunner`, Kysely `db: Kysely<any>`); a class that implements TypeORM's `MigrationInterface`,
 * has `up(queryRunner)` and `down(queryRunner)` methods, or extends MikroORM's
 * `Migration` with an `up` method.
 */

/** First-parameter names that only migration tools pass to `up`. */
const MIGRATION_HANDLE_NAMES = new Set(['knex', 'pgm', 'queryInterface', 'queryRunner']);
/** Type names of the handle migration tools pass to `up`. */
const MIGRATION_HANDLE_TYPES = new Set(['Knex', 'Kysely', 'MigrationBuilder', 'QueryInterface', 'QueryRunner']);

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

interface Exports {
  /** the `up` export, and the function it is when that is known */
  up?: { fn: FunctionNode | undefined };
  /** an exported `migrate(knex)`: a hand-written upgrade step */
  migrate?: { fn: FunctionNode | undefined };
  down?: true;
  migrationClass?: true;
}

function typeName(annotation: TSESTree.TypeNode | undefined): string | undefined {
  if (annotation?.type !== 'TSTypeReference') return undefined;
  const name = annotation.typeName;
  if (name.type === 'Identifier') return name.name;
  return name.type === 'TSQualifiedName' ? name.right.name : undefined;
}

function paramIsMigrationHandle(param: TSESTree.Parameter | undefined): boolean {
  if (param?.type !== 'Identifier') return false;
  const type = typeName(param.typeAnnotation?.typeAnnotation);
  return MIGRATION_HANDLE_NAMES.has(param.name) || (type !== undefined && MIGRATION_HANDLE_TYPES.has(type));
}

/** `up` / `down` of a class or object literal, as a function. */
function memberFunction(member: TSESTree.Node): FunctionNode | undefined {
  if (member.type === 'MethodDefinition') return member.value as TSESTree.FunctionExpression;
  if (member.type === 'Property' || member.type === 'PropertyDefinition') return member.value ? asFunction(member.value) : undefined;
  return undefined;
}

function asFunction(node: TSESTree.Node): FunctionNode | undefined {
  const target = unwrapExpression(node);
  return target.type === 'FunctionExpression' || target.type === 'ArrowFunctionExpression' || target.type === 'FunctionDeclaration'
    ? target
    : undefined;
}

function isMigrationClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
  const implementsMigration = (node.implements ?? []).some((clause) => {
    const expression = clause.expression;
    const name = expression.type === 'Identifier' ? expression.name : expression.type === 'MemberExpression' ? getPropertyName(expression as never) : null;
    return name === 'MigrationInterface';
  });
  if (implementsMigration) return true;
  const methods = new Map<string, FunctionNode>();
  for (const member of node.body.body) {
    const name = member.type === 'MethodDefinition' ? getPropertyName(member as never) : null;
    const fn = memberFunction(member);
    if (name && fn) methods.set(name, fn);
  }
  const up = methods.get('up');
  const down = methods.get('down');
  if (up && down && paramIsMigrationHandle(up.params[0]) && paramIsMigrationHandle(down.params[0])) return true;
  // MikroORM: `class Migration2024 extends Migration { async up() { this.addSql(...) } }`
  const superClass = node.superClass && unwrapExpression(node.superClass);
  return up !== undefined && superClass?.type === 'Identifier' && superClass.name === 'Migration';
}

/** The function an exported value is: inline, or a same-file declaration it names. */
function resolveFunction(node: TSESTree.Node, scope: TSESLint.Scope.Scope): FunctionNode | undefined {
  const direct = asFunction(node);
  if (direct || node.type !== 'Identifier') return direct;
  const def = scope.set.get(node.name)?.defs[0];
  if (def?.type === 'FunctionName') return def.node as TSESTree.FunctionDeclaration;
  if (def?.type === 'Variable' && def.node.init) return asFunction(def.node.init);
  return undefined;
}

function noteExport(exports: Exports, name: string | null | undefined, value: TSESTree.Node | undefined, scope: TSESLint.Scope.Scope): void {
  if (name === 'up') exports.up = { fn: value ? resolveFunction(value, scope) : undefined };
  else if (name === 'migrate') exports.migrate = { fn: value ? resolveFunction(value, scope) : undefined };
  else if (name === 'down') exports.down = true;
}

/** `{ up, down }`, `{ async up(queryInterface) {} }`, a class, or a same-file const holding one. */
function noteExportedValue(exports: Exports, value: TSESTree.Node, scope: TSESLint.Scope.Scope): void {
  let target = unwrapExpression(value);
  if (target.type === 'Identifier') {
    const def = scope.set.get(target.name)?.defs[0];
    if (def?.type === 'ClassName') target = def.node;
    else if (def?.type === 'Variable' && def.node.init) target = unwrapExpression(def.node.init);
  }
  if (target.type === 'ObjectExpression') {
    for (const property of target.properties) {
      if (property.type === 'Property') noteExport(exports, getPropertyName(property as never), property.value, scope);
    }
  } else if ((target.type === 'ClassExpression' || target.type === 'ClassDeclaration') && isMigrationClass(target)) {
    exports.migrationClass = true;
  }
}

/** `exports.up`, `module.exports.up`: the exported name, if the target is one. */
function commonJsExportName(left: TSESTree.Node): string | null | undefined {
  if (left.type !== 'MemberExpression') return undefined;
  const object = left.object;
  const isExports = object.type === 'Identifier' && object.name === 'exports';
  const isModuleExports =
    object.type === 'MemberExpression' &&
    object.object.type === 'Identifier' &&
    object.object.name === 'module' &&
    getPropertyName(object as never) === 'exports';
  return isExports || isModuleExports ? getPropertyName(left as never) : undefined;
}

function isModuleExports(left: TSESTree.Node): boolean {
  return (
    left.type === 'MemberExpression' &&
    left.object.type === 'Identifier' &&
    left.object.name === 'module' &&
    getPropertyName(left as never) === 'exports'
  );
}

function collectExports(program: TSESTree.Program, scope: TSESLint.Scope.Scope): Exports {
  const exports: Exports = {};
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ExportNamedDeclaration': {
        const declaration = statement.declaration;
        if (declaration?.type === 'FunctionDeclaration') noteExport(exports, declaration.id?.name, declaration, scope);
        else if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier') noteExport(exports, declarator.id.name, declarator.init ?? undefined, scope);
          }
        } else if (declaration?.type === 'ClassDeclaration' && isMigrationClass(declaration)) exports.migrationClass = true;
        for (const specifier of statement.specifiers) {
          const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
          noteExport(exports, exported, statement.source ? undefined : specifier.local, scope);
        }
        break;
      }
      case 'ExportDefaultDeclaration':
        noteExportedValue(exports, statement.declaration, scope);
        break;
      case 'TSExportAssignment':
        noteExportedValue(exports, statement.expression, scope);
        break;
      case 'ClassDeclaration':
        if (isMigrationClass(statement)) exports.migrationClass = true;
        break;
      case 'ExpressionStatement': {
        const expression = statement.expression;
        if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') break;
        if (isModuleExports(expression.left)) noteExportedValue(exports, expression.right, scope);
        else noteExport(exports, commonJsExportName(expression.left), expression.right, scope);
        break;
      }
      default:
        break;
    }
  }
  return exports;
}

const shapeCache = new WeakMap<object, boolean>();

/** Whether the file is shaped like a migration (see the top of this file). Cached per file. */
export function isMigrationShaped(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const cached = shapeCache.get(sourceCode);
  if (cached !== undefined) return cached;
  const scope = sourceCode.scopeManager?.globalScope;
  let shaped = false;
  if (scope) {
    // ESM bindings live in the module scope, scripts' in the global scope, CommonJS ones in a function scope over the program.
    const moduleScope = scope.childScopes.find((child) => child.block === sourceCode.ast) ?? scope;
    const exports = collectExports(sourceCode.ast, moduleScope as TSESLint.Scope.Scope);
    shaped =
      exports.migrationClass === true ||
      (exports.up !== undefined && (exports.down === true || paramIsMigrationHandle(exports.up.fn?.params[0]))) ||
      paramIsMigrationHandle(exports.migrate?.fn?.params[0]);
  }
  shapeCache.set(sourceCode, shaped);
  return shaped;
}

const DRIZZLE_MIGRATOR_MODULES = ['node-postgres', 'postgres-js', 'neon-serverless', 'neon-http', 'vercel-postgres', 'pg-proxy'].map(
  (driver) => `drizzle-orm/${driver}/migrator`,
);

/** Calls and classes that apply migrations: a file that uses one is a migration runner. */
const MIGRATORS: ReadonlyMap<string, readonly ModuleTraceSpec<true>[]> = new Map<string, ModuleTraceSpec<true>[]>([
  ...DRIZZLE_MIGRATOR_MODULES.map((module): [string, ModuleTraceSpec<true>[]] => [module, [{ path: ['migrate'], use: 'call', info: true }]]),
  ['kysely', [{ path: ['Migrator'], use: 'construct', info: true }]],
  [
    'node-pg-migrate',
    [
      { path: [], use: 'call', info: true },
      { path: ['runner'], use: 'call', info: true },
      { path: ['default'], use: 'call', info: true },
    ],
  ],
  ['umzug', [{ path: ['Umzug'], use: 'construct', info: true }]],
  ['postgres-migrations', [{ path: ['migrate'], use: 'call', info: true }]],
]);

const runnerCache = new WeakMap<object, boolean>();

/**
 * A migration runner: the file applies migrations through a migrator
 * (drizzle's `migrate`, Kysely's `Migrator`, node-pg-migrate's `runner`,
 * Umzug, postgres-migrations), whatever it is called.
 */
export function runsMigrations(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const cached = runnerCache.get(sourceCode);
  if (cached !== undefined) return cached;
  const result = !trackModuleReferences(sourceCode, MIGRATORS).next().done;
  runnerCache.set(sourceCode, result);
  return result;
}
