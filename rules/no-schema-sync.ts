import { findVariable, getPropertyName, getStaticValue, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { findSchemaCommands, MIGRATIONS_INSTEAD, type SchemaCommand } from '../src/catalog/schema-commands';
import { createRule } from '../src/create-rule';
import { envVarRead } from '../src/estree/env';
import {
  getClientConstructions,
  getConfigSites,
  readUses,
  trackModuleReferences,
  type ModuleTraceSpec,
} from '../src/estree/module-tracking';
import { findProperty, resolveObject } from '../src/estree/objects';
import { getStringParts, unwrapExpression } from '../src/estree/static-string';

type Options = [{ allowEnvGated?: boolean }];
type MessageIds =
  | 'typeormOption'
  | 'typeormSynchronizeCall'
  | 'sequelizeSync'
  | 'sequelizeDestructiveSync'
  | 'mikroOrmSchemaGenerator'
  | 'schemaCommand';

type Scope = TSESLint.Scope.Scope;

/** What a receiver of `.synchronize()`, `.sync()` or `.createSchema()` is known to be. */
type OrmValue = 'typeormDataSource' | 'sequelizeInstance' | 'sequelizeModel' | 'mikroOrm' | 'mikroOrmSchemaGenerator';

type Tracked =
  | { kind: 'typeormGetConnection' }
  | { kind: 'forRootAsync' }
  | { kind: 'sequelizeModelClass' }
  | { kind: 'commandString' }
  | { kind: 'commandFileArgs' }
  | { kind: 'commandTag' }
  | { kind: 'commandPromisifiable'; fileArgs: boolean };

const TYPEORM_OPTION_TYPES = new Set(['DataSourceOptions', 'PostgresConnectionOptions', 'ConnectionOptions', 'TypeOrmModuleOptions']);
const TYPEORM_TYPE_MODULES = new Set(['typeorm', '@nestjs/typeorm']);
/** Types whose annotation makes a parameter or property a known ORM value (`constructor(private ds: DataSource)`). */
const TYPED_ORM_VALUES: readonly { modules: ReadonlySet<string>; names: ReadonlySet<string>; value: OrmValue }[] = [
  { modules: new Set(['typeorm']), names: new Set(['DataSource', 'Connection']), value: 'typeormDataSource' },
  { modules: new Set(['sequelize', 'sequelize-typescript']), names: new Set(['Sequelize']), value: 'sequelizeInstance' },
  {
    modules: new Set(['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/knex', '@mikro-orm/sql']),
    names: new Set(['MikroORM']),
    value: 'mikroOrm',
  },
];
const MIKRO_ORM_SCHEMA_METHODS = new Set(['createSchema', 'updateSchema', 'dropSchema', 'refreshDatabase']);

const CHILD_PROCESS_STRING = ['exec', 'execSync'];
const CHILD_PROCESS_FILE_ARGS = ['spawn', 'spawnSync', 'execFile', 'execFileSync'];

function childProcessSpecs(): ModuleTraceSpec<Tracked>[] {
  return [
    ...CHILD_PROCESS_STRING.map((name) => ({ path: [name], use: 'call' as const, info: { kind: 'commandString' as const } })),
    ...CHILD_PROCESS_FILE_ARGS.map((name) => ({ path: [name], use: 'call' as const, info: { kind: 'commandFileArgs' as const } })),
    { path: ['exec'], use: 'read', info: { kind: 'commandPromisifiable', fileArgs: false } },
    { path: ['execFile'], use: 'read', info: { kind: 'commandPromisifiable', fileArgs: true } },
  ];
}

const TRACKED: ReadonlyMap<string, readonly ModuleTraceSpec<Tracked>[]> = new Map<string, ModuleTraceSpec<Tracked>[]>([
  ['typeorm', [{ path: ['getConnection'], use: 'call', info: { kind: 'typeormGetConnection' } }]],
  ['@nestjs/typeorm', [{ path: ['TypeOrmModule', 'forRootAsync'], use: 'call', info: { kind: 'forRootAsync' } }]],
  ['sequelize', [{ path: ['Model'], use: 'read', info: { kind: 'sequelizeModelClass' } }]],
  ['sequelize-typescript', [{ path: ['Model'], use: 'read', info: { kind: 'sequelizeModelClass' } }]],
  ['child_process', childProcessSpecs()],
  ['node:child_process', childProcessSpecs()],
  [
    'execa',
    [
      // execa 5 (CommonJS): `execa(file, args)`, `execa.sync`, `execa.command(line)`; execa 6+: named exports and `$`.
      { path: [], use: 'call', info: { kind: 'commandFileArgs' } },
      { path: ['sync'], use: 'call', info: { kind: 'commandFileArgs' } },
      { path: ['command'], use: 'call', info: { kind: 'commandString' } },
      { path: ['commandSync'], use: 'call', info: { kind: 'commandString' } },
      { path: ['execa'], use: 'call', info: { kind: 'commandFileArgs' } },
      { path: ['execaSync'], use: 'call', info: { kind: 'commandFileArgs' } },
      { path: ['execaCommand'], use: 'call', info: { kind: 'commandString' } },
      { path: ['execaCommandSync'], use: 'call', info: { kind: 'commandString' } },
      { path: ['$'], use: 'read', info: { kind: 'commandTag' } },
    ],
  ],
  ['zx', [{ path: ['$'], use: 'read', info: { kind: 'commandTag' } }]],
  ['bun', [{ path: ['$'], use: 'read', info: { kind: 'commandTag' } }]],
]);

// `\bsync\b` keeps `async` and `readFileSync` out: nearly every file has one, and this gate is the rule's whole cost there.
const TEXT_HINT = /\bsync\b|synchronize|dropSchema|[cC]reateSchema|updateSchema|refreshDatabase|SchemaGenerator|prisma|drizzle-kit|schema:(?:sync|drop)|db:drop/;

/** Environment names that are not a deployed environment. */
const DEV_ENV_VALUES = new Set(['development', 'dev', 'local', 'test', 'testing']);
const PRODUCTION_ENV_VALUES = new Set(['production', 'prod']);
/** A variable or setting that names the environment: `NODE_ENV`, `APP_ENV`, `env`, `ENVIRONMENT`, `STAGE`. */
const ENV_NAME = /(?:^|_)(?:env|environment|stage)$/i;
/** Booleans named after the environment: `isDev`, `IS_DEVELOPMENT`, `import.meta.env.DEV`. */
const DEV_FLAG_NAME = /^(?:is_?)?(?:dev|development|local|test)(?:_?(?:env|mode))?$/i;
const PRODUCTION_FLAG_NAME = /^(?:is_?)?(?:prod|production)(?:_?(?:env|mode))?$/i;

/** What a condition tells about the environment when it is true. */
type EnvCondition = 'production' | 'notProduction' | undefined;

function isEnvNameRead(node: TSESTree.Node, scope: Scope): boolean {
  const target = unwrapExpression(node);
  const read = envVarRead(target, scope);
  if (read !== undefined) return ENV_NAME.test(read);
  if (target.type === 'Identifier') return ENV_NAME.test(target.name);
  if (target.type === 'MemberExpression') {
    const name = getPropertyName(target as never, scope as never);
    return name != null && ENV_NAME.test(name);
  }
  // `config.get('NODE_ENV')`, `app.get('env')`
  if (target.type === 'CallExpression' && target.callee.type === 'MemberExpression' && target.arguments.length === 1) {
    const key = getStringIfConstant(target.arguments[0] as never, scope as never);
    return getPropertyName(target.callee as never) === 'get' && key != null && ENV_NAME.test(key);
  }
  return false;
}

function flagName(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return getPropertyName(node as never) ?? undefined;
  return undefined;
}

function envComparison(node: TSESTree.BinaryExpression, scope: Scope): EnvCondition {
  const pairs: [TSESTree.Node, TSESTree.Node][] = [
    [node.left, node.right],
    [node.right, node.left],
  ];
  for (const [env, other] of pairs) {
    if (!isEnvNameRead(env, scope)) continue;
    const value = getStringIfConstant(other as never, scope as never)?.toLowerCase();
    if (value == null) return undefined;
    const equal = node.operator === '===' || node.operator === '==';
    const notEqual = node.operator === '!==' || node.operator === '!=';
    if (equal && PRODUCTION_ENV_VALUES.has(value)) return 'production';
    if (equal && DEV_ENV_VALUES.has(value)) return 'notProduction';
    if (notEqual && PRODUCTION_ENV_VALUES.has(value)) return 'notProduction';
    return undefined;
  }
  return undefined;
}

/** Reads a condition on NODE_ENV-like settings: `NODE_ENV !== 'production'`, `isDev`, `['development','test'].includes(env)`. */
function envCondition(node: TSESTree.Node, scope: Scope, depth = 0): EnvCondition {
  if (depth > 6) return undefined;
  const target = unwrapExpression(node);
  switch (target.type) {
    case 'UnaryExpression':
      return target.operator === '!' && envCondition(target.argument, scope, depth + 1) === 'production' ? 'notProduction' : undefined;
    case 'BinaryExpression':
      return envComparison(target, scope);
    case 'LogicalExpression': {
      const left = envCondition(target.left, scope, depth + 1);
      const right = envCondition(target.right, scope, depth + 1);
      if (target.operator === '&&') return left === 'notProduction' || right === 'notProduction' ? 'notProduction' : undefined;
      if (target.operator === '||') return left === 'notProduction' && right === 'notProduction' ? 'notProduction' : undefined;
      return undefined;
    }
    case 'CallExpression': {
      // ['development', 'test'].includes(process.env.NODE_ENV)
      const callee = target.callee;
      if (
        callee.type === 'MemberExpression' &&
        getPropertyName(callee as never) === 'includes' &&
        callee.object.type === 'ArrayExpression' &&
        target.arguments.length === 1 &&
        isEnvNameRead(target.arguments[0], scope)
      ) {
        const values = callee.object.elements.map((element) => (element ? getStringIfConstant(element as never)?.toLowerCase() : undefined));
        return values.length > 0 && values.every((value) => value != null && DEV_ENV_VALUES.has(value)) ? 'notProduction' : undefined;
      }
      return undefined;
    }
    case 'Identifier': {
      const init = singleInitializer(target, scope);
      if (init) return envCondition(init, scope, depth + 1);
      break;
    }
    default:
      break;
  }
  const name = flagName(target);
  if (name && DEV_FLAG_NAME.test(name)) return 'notProduction';
  if (name && PRODUCTION_FLAG_NAME.test(name)) return 'production';
  return undefined;
}

function exitsEarly(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type === 'BlockStatement') return statement.body.length > 0 && exitsEarly(statement.body[statement.body.length - 1]);
  if (statement.type === 'ExpressionStatement') {
    const expression = unwrapExpression(statement.expression);
    return (
      expression.type === 'CallExpression' &&
      expression.callee.type === 'MemberExpression' &&
      expression.callee.object.type === 'Identifier' &&
      expression.callee.object.name === 'process' &&
      getPropertyName(expression.callee as never) === 'exit'
    );
  }
  return false;
}

/**
 * True when `node` only runs outside production: inside `if (NODE_ENV !== 'production')`,
 * the `else` of `if (isProd)`, after `if (isProd) return;`, or right of `isDev &&`.
 */
function isEnvGated(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const scope = sourceCode.getScope(parent);
    if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') {
      const condition = child === parent.test ? undefined : envCondition(parent.test, scope);
      if (child === parent.consequent && condition === 'notProduction') return true;
      if (child === parent.alternate && condition === 'production') return true;
    } else if (parent.type === 'LogicalExpression' && child === parent.right) {
      const condition = envCondition(parent.left, scope);
      if (parent.operator === '&&' && condition === 'notProduction') return true;
      if (parent.operator === '||' && condition === 'production') return true;
    } else if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'StaticBlock') {
      const body = parent.body as TSESTree.Node[];
      for (const statement of body.slice(0, body.indexOf(child))) {
        if (
          statement.type === 'IfStatement' &&
          !statement.alternate &&
          exitsEarly(statement.consequent) &&
          envCondition(statement.test, scope) === 'production'
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

/** The initializer of a binding declared once with `const`/`let`/`var x = ...`. */
function singleInitializer(identifier: TSESTree.Identifier, scope: Scope): TSESTree.Expression | undefined {
  const variable = findVariable(scope as never, identifier as never) as TSESLint.Scope.Variable | null;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return undefined;
  return def.node.init;
}

function importSource(def: TSESLint.Scope.Definition): string | undefined {
  return def.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration' ? def.parent.source.value : undefined;
}

function isRelativeModule(source: unknown): boolean {
  return typeof source === 'string' && (source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..');
}

function requiredModule(node: TSESTree.Node): string | undefined {
  const target = unwrapExpression(node);
  if (
    target.type === 'CallExpression' &&
    target.callee.type === 'Identifier' &&
    target.callee.name === 'require' &&
    target.arguments.length === 1
  ) {
    return getStringIfConstant(target.arguments[0] as never) ?? undefined;
  }
  return undefined;
}

/** `import db from './models'`, `import * as db from './db'`, `const db = require('./models')`: a project module object. */
function isProjectModuleObject(node: TSESTree.Node, scope: Scope): boolean {
  const target = unwrapExpression(node);
  if (isRelativeModule(requiredModule(target))) return true;
  if (target.type !== 'Identifier') return false;
  const variable = findVariable(scope as never, target as never) as TSESLint.Scope.Variable | null;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'ImportBinding') {
    return def.node.type !== 'ImportSpecifier' && isRelativeModule(importSource(def));
  }
  if (def?.type === 'Variable' && def.node.id.type === 'Identifier' && def.node.init) {
    return isRelativeModule(requiredModule(def.node.init));
  }
  return false;
}

/**
 * `sequelize` exported by a project module: `import { sequelize } from './db'`,
 * `const { sequelize } = require('./models')`. The sequelize-cli template
 * (`models/index.js`) exports `db.sequelize`, which `db.sequelize.sync()` uses.
 */
function isProjectSequelizeBinding(def: TSESLint.Scope.Definition): boolean {
  if (def.type === 'ImportBinding') {
    return (
      def.node.type === 'ImportSpecifier' &&
      def.node.imported.type === 'Identifier' &&
      def.node.imported.name === 'sequelize' &&
      isRelativeModule(importSource(def))
    );
  }
  if (def.type === 'Variable' && def.node.id.type === 'ObjectPattern' && def.node.init) {
    const property = def.node.id.properties.find(
      (item): item is TSESTree.Property => item.type === 'Property' && item.value.type === 'Identifier' && item.value.name === def.name.name,
    );
    return property !== undefined && getPropertyName(property as never) === 'sequelize' && isRelativeModule(requiredModule(def.node.init));
  }
  return false;
}

function typeReferenceValue(annotation: TSESTree.TypeNode | undefined, scope: Scope): OrmValue | undefined {
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName.type !== 'Identifier') return undefined;
  const variable = findVariable(scope as never, annotation.typeName as never) as TSESLint.Scope.Variable | null;
  const def = variable?.defs[0];
  if (def?.type !== 'ImportBinding' || def.node.type !== 'ImportSpecifier' || def.node.imported.type !== 'Identifier') return undefined;
  const imported = def.node.imported.name;
  const module = importSource(def) ?? '';
  return TYPED_ORM_VALUES.find((entry) => entry.modules.has(module) && entry.names.has(imported))?.value;
}

/** `this.dataSource` typed by a class property or a constructor parameter property. */
function thisPropertyValue(member: TSESTree.MemberExpression, scope: Scope): OrmValue | undefined {
  const name = getPropertyName(member as never);
  let classNode: TSESTree.Node | undefined = member.parent;
  while (classNode && classNode.type !== 'ClassBody') classNode = classNode.parent;
  if (!name || !classNode) return undefined;
  for (const element of classNode.body) {
    if (element.type === 'PropertyDefinition' && getPropertyName(element as never) === name) {
      return typeReferenceValue(element.typeAnnotation?.typeAnnotation, scope);
    }
    if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier' && param.parameter.name === name) {
          return typeReferenceValue(param.parameter.typeAnnotation?.typeAnnotation, scope);
        }
      }
    }
  }
  return undefined;
}

function isTypeormOptionsType(annotation: TSESTree.TypeNode | undefined, scope: Scope): boolean {
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName.type !== 'Identifier') return false;
  if (annotation.typeName.name === 'Promise') return isTypeormOptionsType(annotation.typeArguments?.params[0], scope);
  const variable = findVariable(scope as never, annotation.typeName as never) as TSESLint.Scope.Variable | null;
  const def = variable?.defs[0];
  return (
    def?.type === 'ImportBinding' &&
    def.node.type === 'ImportSpecifier' &&
    def.node.imported.type === 'Identifier' &&
    TYPEORM_OPTION_TYPES.has(def.node.imported.name) &&
    TYPEORM_TYPE_MODULES.has(importSource(def) ?? '')
  );
}

/** The function that returns `object` (as an arrow body or through `return`), if any. */
function returningFunction(object: TSESTree.Node): TSESTree.FunctionLike | undefined {
  const parent = object.parent;
  if (parent?.type === 'ArrowFunctionExpression' && parent.body === object) return parent;
  if (parent?.type !== 'ReturnStatement') return undefined;
  let node: TSESTree.Node | undefined = parent.parent;
  while (node && node.type !== 'FunctionDeclaration' && node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') {
    node = node.parent;
  }
  return node;
}

/** `{ type: 'postgres', ... }`, or an object typed `DataSourceOptions` / `TypeOrmModuleOptions`. */
function looksLikeTypeormOptions(object: TSESTree.ObjectExpression, scope: Scope): boolean {
  const type = findProperty(object, 'type', scope);
  if (type && ['postgres', 'cockroachdb'].includes(getStringIfConstant(type.value as never) ?? '')) return true;
  let outer: TSESTree.Node = object;
  while (outer.parent?.type === 'TSAsExpression' || outer.parent?.type === 'TSSatisfiesExpression') {
    if (isTypeormOptionsType(outer.parent.typeAnnotation, scope)) return true;
    outer = outer.parent;
  }
  const parent = outer.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
    return isTypeormOptionsType(parent.id.typeAnnotation?.typeAnnotation, scope);
  }
  const fn = returningFunction(outer);
  return fn !== undefined && isTypeormOptionsType(fn.returnType?.typeAnnotation, scope);
}

/** Objects a factory function returns: `() => ({...})`, `async () => { return {...} }`. */
function returnedObjects(fn: TSESTree.Node | undefined, scope: Scope): TSESTree.ObjectExpression[] {
  const target = fn && unwrapExpression(fn);
  if (target?.type !== 'ArrowFunctionExpression' && target?.type !== 'FunctionExpression') return [];
  if (target.body.type !== 'BlockStatement') {
    const object = resolveObject(target.body, scope);
    return object ? [object] : [];
  }
  const objects: TSESTree.ObjectExpression[] = [];
  for (const statement of target.body.body) {
    const object = statement.type === 'ReturnStatement' && statement.argument ? resolveObject(statement.argument, scope) : undefined;
    if (object) objects.push(object);
  }
  return objects;
}

/** `{ force: true }` / `{ alter: {...} }`: anything but a static false drops or rewrites tables. */
function destructiveSyncOption(options: TSESTree.ObjectExpression | undefined, scope: Scope): string | undefined {
  if (!options) return undefined;
  for (const name of ['force', 'alter']) {
    const property = findProperty(options, name, scope);
    if (!property) continue;
    const value = getStaticValue(property.value as never, scope as never);
    if (!value || value.value) return name;
  }
  return undefined;
}

function commandFromArguments(args: readonly TSESTree.CallExpressionArgument[], scope: Scope, fileArgs: boolean): string | undefined {
  const first = args[0];
  if (!first || first.type === 'SpreadElement') return undefined;
  const pieces = getStringParts(first, scope);
  if (!pieces) return undefined;
  // A hole stands for an unknown word; it must not glue two known words together.
  const words = [pieces.parts.join(' \0 ')];
  const list = fileArgs && args[1] ? unwrapExpression(args[1]) : undefined;
  if (list?.type === 'ArrayExpression') {
    for (const element of list.elements) {
      const value = element && element.type !== 'SpreadElement' ? getStringIfConstant(element as never, scope as never) : null;
      words.push(value == null ? '\0' : `'${value.replace(/'/g, '')}'`);
    }
  }
  return words.join(' ');
}

function templateCommand(template: TSESTree.TemplateLiteral): string {
  return template.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join(' \0 ');
}

export default createRule<Options, MessageIds>({
  name: 'no-schema-sync',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow ORM schema sync and schema push at run time; change the schema with migrations',
      recommended: 'recommended',
      relaxIn: ['tests', 'migrations'],
      strictOptions: [{ allowEnvGated: false }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowEnvGated: {
            type: 'boolean',
            description:
              'Allow a sync that only runs outside production (guarded by NODE_ENV/APP_ENV/isDev), and `synchronize` values computed at run time.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowEnvGated: true }],
    messages: {
      typeormOption:
        "TypeORM `{{option}}: true` rewrites the schema from the entity classes every time the app boots{{dropNote}}. On Neon every branch, preview and production database then takes whatever schema the last deployed code had: columns and their data are dropped on rename, there is no history to review or roll back, and instances booting together race. Set it to false and use migrations: `typeorm migration:generate` to write them, `typeorm migration:run` (or `migrationsRun: true`) to apply them.",
      typeormSynchronizeCall:
        "`{{callee}}.synchronize()` rewrites the schema from the entity classes at run time. On Neon every branch, preview and production database then takes whatever schema the last deployed code had: columns and their data are dropped on rename, there is no history to review or roll back, and instances booting together race. Use migrations: `typeorm migration:generate` to write them, `typeorm migration:run` to apply them.",
      sequelizeSync:
        "`{{callee}}.sync()` creates the schema from the models at run time. On Neon every branch, preview and production database then takes whatever the last booted code defined, with no history to review or roll back, and later model changes never reach existing tables. Use sequelize-cli migrations (`sequelize migration:generate`, `sequelize db:migrate`).",
      sequelizeDestructiveSync:
        "`{{callee}}.sync({ {{option}} })` {{effect}} at run time, wherever it runs: on a Neon branch, preview or production database the data goes with it, and there is no history to review or roll back. Guarding it by environment does not make it safe. Use sequelize-cli migrations (`sequelize migration:generate`, `sequelize db:migrate`).",
      mikroOrmSchemaGenerator:
        "MikroORM `{{method}}()` changes the schema from the entities at run time. On Neon every branch, preview and production database then takes whatever schema the last booted code had, with no history to review or roll back, and instances booting together race. Use the MikroORM Migrator: `mikro-orm migration:create` to write migrations, `mikro-orm migration:up` (or `orm.migrator.up()`) to apply them.",
      schemaCommand:
        "`{{command}}` run from code changes the database schema without a migration. On Neon every branch, preview and production database then takes whatever schema this code pushed, data can be dropped, and there is no history to review or roll back. Use {{instead}}.",
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    if (!TEXT_HINT.test(sourceCode.text)) return {};
    const allowEnvGated = options.allowEnvGated !== false;
    const reported = new Set<TSESTree.Node>();

    const typeormOptionObjects = new Set<TSESTree.ObjectExpression>();
    const constructionValues = new Map<TSESTree.Node, OrmValue>();
    const getConnectionCalls = new Set<TSESTree.Node>();
    const modelClassReads = new Set<TSESTree.Node>();
    const commandCalls: { node: TSESTree.Node; command: string }[] = [];

    function report(node: TSESTree.Node, messageId: MessageIds, data: Record<string, string>): void {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId, data });
    }

    function collectTracked(): void {
      for (const construction of getClientConstructions(sourceCode)) {
        const scope = sourceCode.getScope(construction.node);
        if (construction.driver.id === 'typeorm') {
          constructionValues.set(construction.node, 'typeormDataSource');
          const object = resolveObject(construction.node.arguments[construction.spec.optionsArg ?? 0], scope);
          if (object) typeormOptionObjects.add(object);
        } else if (construction.driver.id === 'sequelize') {
          constructionValues.set(construction.node, 'sequelizeInstance');
        } else if (construction.driver.id === 'mikro-orm') {
          constructionValues.set(construction.node, 'mikroOrm');
        }
      }
      for (const site of getConfigSites(sourceCode)) {
        if (site.driver.id !== 'nestjs-typeorm') continue;
        const object = resolveObject(site.node.arguments[site.spec.optionsArg], sourceCode.getScope(site.node));
        if (object) typeormOptionObjects.add(object);
      }
      for (const ref of trackModuleReferences(sourceCode, TRACKED)) {
        const node = ref.node;
        const scope = sourceCode.getScope(node);
        switch (ref.info.kind) {
          case 'typeormGetConnection':
            getConnectionCalls.add(node);
            break;
          case 'forRootAsync': {
            const asyncOptions = resolveObject((node as TSESTree.CallExpression).arguments[0], scope);
            const factory = asyncOptions && findProperty(asyncOptions, 'useFactory', scope);
            for (const object of returnedObjects(factory?.value, scope)) typeormOptionObjects.add(object);
            break;
          }
          case 'sequelizeModelClass':
            for (const use of readUses(sourceCode, node)) modelClassReads.add(use);
            break;
          case 'commandString':
          case 'commandFileArgs': {
            const call = node as TSESTree.CallExpression;
            const command = commandFromArguments(call.arguments, scope, ref.info.kind === 'commandFileArgs');
            if (command) commandCalls.push({ node: call, command });
            break;
          }
          case 'commandTag':
            for (const use of readUses(sourceCode, node)) collectTaggedCommand(use);
            break;
          case 'commandPromisifiable':
            for (const use of readUses(sourceCode, node)) collectPromisifiedCalls(use, ref.info.fileArgs);
            break;
        }
      }
    }

    /** $`npx prisma db push` and $({ stdio: 'inherit' })`...` */
    function collectTaggedCommand(tag: TSESTree.Node): void {
      const tagged = tag.parent?.type === 'CallExpression' && tag.parent.callee === tag ? tag.parent : tag;
      const parent = tagged.parent;
      if (parent?.type === 'TaggedTemplateExpression' && parent.tag === tagged) {
        commandCalls.push({ node: parent, command: templateCommand(parent.quasi) });
      }
    }

    /** `const run = promisify(exec); await run('npx prisma db push')` */
    function collectPromisifiedCalls(reference: TSESTree.Node, fileArgs: boolean): void {
      const call = reference.parent;
      if (call?.type !== 'CallExpression' || call.arguments[0] !== reference) return;
      const callee = call.callee;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee as never) : null;
      if (name !== 'promisify' || call.parent.type !== 'VariableDeclarator' || call.parent.id.type !== 'Identifier') return;
      const [variable] = sourceCode.getDeclaredVariables(call.parent);
      for (const use of variable?.references ?? []) {
        const usage = use.identifier.parent;
        if (usage?.type !== 'CallExpression' || usage.callee !== use.identifier) continue;
        const command = commandFromArguments(usage.arguments, sourceCode.getScope(usage), fileArgs);
        if (command) commandCalls.push({ node: usage, command });
      }
    }

    function extendsSequelizeModel(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
      return node.superClass !== null && modelClassReads.has(node.superClass);
    }

    /** What `node` evaluates to, followed through same-file bindings. */
    function ormValue(node: TSESTree.Node, depth = 0): OrmValue | undefined {
      if (depth > 6) return undefined;
      let target = unwrapExpression(node);
      while (target.type === 'AwaitExpression' || target.type === 'ChainExpression') {
        target = unwrapExpression(target.type === 'AwaitExpression' ? target.argument : target.expression);
      }
      const known = constructionValues.get(target);
      if (known) return known;
      const scope = sourceCode.getScope(target);
      switch (target.type) {
        case 'Identifier': {
          const variable = findVariable(scope as never, target as never) as TSESLint.Scope.Variable | null;
          const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
          if (!def) return undefined;
          if (isProjectSequelizeBinding(def)) return 'sequelizeInstance';
          if (def.type === 'ClassName') return extendsSequelizeModel(def.node) ? 'sequelizeModel' : undefined;
          if (def.type === 'Parameter' && def.name.type === 'Identifier') {
            return typeReferenceValue(def.name.typeAnnotation?.typeAnnotation, scope) ?? initializeCallbackValue(def, depth);
          }
          if (def.type === 'Variable' && def.node.id.type === 'Identifier') {
            if (def.node.init) {
              const fromInit = ormValue(def.node.init, depth + 1);
              if (fromInit) return fromInit;
            }
            return typeReferenceValue(def.node.id.typeAnnotation?.typeAnnotation, scope);
          }
          return undefined;
        }
        case 'ClassExpression':
          return extendsSequelizeModel(target) ? 'sequelizeModel' : undefined;
        case 'MemberExpression': {
          const property = getPropertyName(target as never, scope as never);
          if (target.object.type === 'ThisExpression') return thisPropertyValue(target, scope);
          if (property === 'sequelize' && isProjectModuleObject(target.object, scope)) return 'sequelizeInstance';
          if (property === 'schema' && ormValue(target.object, depth + 1) === 'mikroOrm') return 'mikroOrmSchemaGenerator';
          return undefined;
        }
        case 'CallExpression': {
          if (getConnectionCalls.has(target)) return 'typeormDataSource';
          if (target.callee.type !== 'MemberExpression') return undefined;
          const method = getPropertyName(target.callee as never);
          const receiver = ormValue(target.callee.object, depth + 1);
          if (method === 'define' && receiver === 'sequelizeInstance') return 'sequelizeModel';
          if (method === 'init' && receiver === 'sequelizeModel') return 'sequelizeModel';
          if (method === 'initialize' && receiver === 'typeormDataSource') return 'typeormDataSource';
          if (method === 'getSchemaGenerator' && receiver === 'mikroOrm') return 'mikroOrmSchemaGenerator';
          return undefined;
        }
        default:
          return undefined;
      }
    }

    /** `AppDataSource.initialize().then((ds) => ds.synchronize())` */
    function initializeCallbackValue(def: TSESLint.Scope.Definition, depth: number): OrmValue | undefined {
      const fn = def.node;
      if ((fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.params[0] !== def.name) return undefined;
      const then = fn.parent;
      if (then?.type !== 'CallExpression' || then.arguments[0] !== fn || then.callee.type !== 'MemberExpression') return undefined;
      if (getPropertyName(then.callee as never) !== 'then') return undefined;
      const promise = then.callee.object;
      return promise.type === 'CallExpression' && ormValue(promise, depth + 1) === 'typeormDataSource' ? 'typeormDataSource' : undefined;
    }

    function calleeText(node: TSESTree.Node): string {
      const text = sourceCode.getText(node);
      return text.length > 40 || text.includes('\n') ? '…' : text;
    }

    function checkCall(node: TSESTree.CallExpression): void {
      if (node.callee.type !== 'MemberExpression') return;
      const method = getPropertyName(node.callee as never);
      if (method !== 'sync' && method !== 'synchronize' && !(method && MIKRO_ORM_SCHEMA_METHODS.has(method))) return;
      const receiver = ormValue(node.callee.object);
      if (!receiver) return;
      const callee = calleeText(node.callee.object);
      if (method === 'sync' && (receiver === 'sequelizeInstance' || receiver === 'sequelizeModel')) {
        const scope = sourceCode.getScope(node);
        const destructive = destructiveSyncOption(resolveObject(node.arguments[0], scope), scope);
        if (destructive) {
          const effect = destructive === 'force' ? 'drops and recreates every table' : 'alters tables to match the models, dropping columns and their data';
          report(node, 'sequelizeDestructiveSync', { callee, option: `${destructive}: true`, effect });
          return;
        }
        if (!(allowEnvGated && isEnvGated(node, sourceCode))) report(node, 'sequelizeSync', { callee });
        return;
      }
      if (allowEnvGated && isEnvGated(node, sourceCode)) return;
      if (method === 'synchronize' && receiver === 'typeormDataSource') report(node, 'typeormSynchronizeCall', { callee });
      else if (method && MIKRO_ORM_SCHEMA_METHODS.has(method) && receiver === 'mikroOrmSchemaGenerator') {
        report(node, 'mikroOrmSchemaGenerator', { method });
      }
    }

    function checkTypeormOption(property: TSESTree.Property): void {
      const option = getPropertyName(property as never);
      if (option !== 'synchronize' && option !== 'dropSchema') return;
      const object = property.parent;
      if (object?.type !== 'ObjectExpression') return;
      const scope = sourceCode.getScope(property);
      if (!typeormOptionObjects.has(object) && !looksLikeTypeormOptions(object, scope)) return;
      const value = getStaticValue(property.value as never, scope as never);
      const flagged = value ? Boolean(value.value) : !allowEnvGated;
      if (!flagged) return;
      const dropNote = option === 'dropSchema' ? ', after dropping every table and its data' : '';
      report(property, 'typeormOption', { option, dropNote });
    }

    function checkCommand(node: TSESTree.Node, command: string): void {
      const found: SchemaCommand | undefined = findSchemaCommands(command)[0];
      if (!found || (allowEnvGated && isEnvGated(node, sourceCode))) return;
      report(node, 'schemaCommand', { command: found.display, instead: MIGRATIONS_INSTEAD[found.tool] });
    }

    return {
      Program() {
        collectTracked();
      },
      CallExpression: checkCall,
      Property: checkTypeormOption,
      'Program:exit'() {
        for (const { node, command } of commandCalls) checkCommand(node, command);
      },
    };
  },
});
