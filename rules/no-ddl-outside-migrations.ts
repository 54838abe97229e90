import { findVariable, getPropertyName, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule';
import { contextFileRoles } from '../src/estree/context';
import { functionReturning } from '../src/estree/functions';
import { isPostgresOptions } from '../src/estree/client-options';
import { isMigrationShaped } from '../src/estree/migration-shape';
import { getClientConstructions, readUses, trackModuleReferences, type ModuleTraceSpec } from '../src/estree/module-tracking';
import { findProperty, resolveObject } from '../src/estree/objects';
import { constInitializer, getStringParts, stringExpressionRoot, unwrapExpression } from '../src/estree/static-string';
import { DDL_HINT_WORDS, findDdl, mayContainDdl, type SqlStatement, type SqlText } from '../src/sql';

type Options = [];
type MessageIds = 'ddlOutsideMigration' | 'dynamicDdlOutsideMigration';

type Scope = TSESLint.Scope.Scope;

/**
 * What an expression is to this rule: a database handle known by reference
 * tracking (`client`), one known only by its name (`named`: `pool`, `this.db`),
 * or a SQL fragment builder whose result runs only when passed to a handle
 * (drizzle's and Kysely's `sql`, `Prisma.sql`).
 */
interface Handle {
  readonly kind: 'client' | 'named' | 'fragment';
  /** the catalog driver, for tracked clients */
  readonly driver?: string;
}

/** What a schema-builder report adds to its data: the builder's kind and, when tracked, the client's catalog driver. */
interface BuilderData {
  readonly builder: 'schema' | 'queryInterface' | 'queryRunner';
  readonly driver: string;
}

/** Where SQL text reaches the database, and the text it sends there. */
interface Site {
  readonly node: TSESTree.Node;
  /** the text, when it was fixed by a fragment on the way; otherwise read from the argument at the site */
  readonly sql: SqlText | undefined;
  readonly sqlNode: TSESTree.Node;
}

/** Methods that send their first argument to the server as SQL, on a database handle. */
const EXECUTING_METHODS = new Set([
  'query',
  'execute',
  'raw',
  'unsafe',
  // pg-promise
  'none',
  'one',
  'oneOrNone',
  'many',
  'manyOrNone',
  'any',
  'multi',
  'multiResult',
  'result',
  // deno-postgres
  'queryArray',
  'queryObject',
]);
/** Prisma's raw SQL methods: the `$` names are Prisma's own, whatever the receiver is called. */
const PRISMA_RAW_METHODS = new Set(['$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe']);
/** Fragment builder methods that turn a string into SQL without running it (`sql.raw`, `Prisma.raw`). */
const FRAGMENT_METHODS = new Set(['raw', 'unsafe']);
/** Bare functions a project's db module exports to run SQL: `import { query } from './db'`. */
const BARE_EXECUTING_FUNCTIONS = new Set(['query', 'execute']);
/** A chain of a schema builder that runs it (Kysely needs `.execute()`), or that only renders its SQL. */
const RUNNING_CHAIN_METHODS = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'then']);
const RENDERING_CHAIN_METHODS = new Set(['toString', 'toSQL', 'toQuery', 'compile', 'generateDdlCommands']);

/** Names that, by themselves, say a value is a database handle; compared in lower case. */
const HANDLE_NAMES = new Set([
  'pool',
  'client',
  'db',
  'database',
  'knex',
  'pg',
  'sql',
  'prisma',
  'tx',
  'trx',
  'transaction',
  'conn',
  'connection',
  'queryrunner',
  'manager',
  'entitymanager',
  'datasource',
  'sequelize',
  'em',
  'kysely',
  'postgres',
  'psql',
  'repository',
  'repo',
]);
/** `pgPool`, `primaryDb`, `AppDataSource`, `read_pool`. */
const HANDLE_NAME_SUFFIX =
  /^[A-Za-z][A-Za-z0-9]*(?:Pool|Client|Db|DB|Database|Conn|Connection|Sql|SQL|Tx|Trx|Knex|Prisma|DataSource|Datasource|Manager|Repository|Repo|QueryRunner)$|_(?:pool|client|db|database|conn|sql|tx)$/i;
/** Calls whose result is a handle: `pool.connect()`, `em.fork()`, `getConnection()`, `ds.createQueryRunner()`. */
const HANDLE_FACTORY_PREFIX = /^(?:get|create|use|acquire)(?=[A-Z])/;
const HANDLE_FACTORY_NAMES = new Set(['connect', 'fork', 'transaction', 'begin', 'reserve']);

/** A non-Postgres SQL driver, drizzle adapter or Kysely dialect in a file turns off name-based handles there: `db.query` may be MySQL or SQLite. */
const NON_POSTGRES_IMPORT =
  /(?:\bfrom|\brequire\(|\bimport\()\s*['"](?:mysql2?|mariadb|sqlite3?|better-sqlite3|bun:sqlite|node:sqlite|@libsql\/client|@planetscale\/database|@tidbcloud\/serverless|cassandra-driver|mssql|tedious|oracledb|duckdb|@duckdb\/[\w.-]+|@google-cloud\/(?:bigquery|spanner)|snowflake-sdk|@clickhouse\/client|@databricks\/sql|drizzle-orm\/(?:mysql[\w-]*|[\w-]*sqlite[\w-]*|libsql|d1|planetscale-serverless|tidb-serverless|singlestore[\w-]*|sql-js))(?:\/[^'"]*)?['"]|\b(?:Sqlite|Mysql|Mssql)Dialect\b/;

/** Schema builder methods and the statement each one runs. */
const SCHEMA_BUILDER_KINDS: Readonly<Record<string, string>> = {
  createTable: 'CREATE TABLE',
  createTableIfNotExists: 'CREATE TABLE',
  createTableLike: 'CREATE TABLE',
  alterTable: 'ALTER TABLE',
  table: 'ALTER TABLE',
  renameTable: 'ALTER TABLE',
  dropTable: 'DROP TABLE',
  dropTableIfExists: 'DROP TABLE',
  createSchema: 'CREATE SCHEMA',
  createSchemaIfNotExists: 'CREATE SCHEMA',
  dropSchema: 'DROP SCHEMA',
  dropSchemaIfExists: 'DROP SCHEMA',
  createView: 'CREATE VIEW',
  createViewOrReplace: 'CREATE VIEW',
  alterView: 'ALTER VIEW',
  dropView: 'DROP VIEW',
  dropViewIfExists: 'DROP VIEW',
  createMaterializedView: 'CREATE MATERIALIZED VIEW',
  dropMaterializedView: 'DROP MATERIALIZED VIEW',
  dropMaterializedViewIfExists: 'DROP MATERIALIZED VIEW',
  createExtension: 'CREATE EXTENSION',
  createExtensionIfNotExists: 'CREATE EXTENSION',
  dropExtension: 'DROP EXTENSION',
  dropExtensionIfExists: 'DROP EXTENSION',
  createIndex: 'CREATE INDEX',
  dropIndex: 'DROP INDEX',
  createType: 'CREATE TYPE',
  alterType: 'ALTER TYPE',
  dropType: 'DROP TYPE',
};
/** Sequelize `queryInterface` methods that change the schema. */
const QUERY_INTERFACE_KINDS: Readonly<Record<string, string>> = {
  createTable: 'CREATE TABLE',
  dropTable: 'DROP TABLE',
  dropAllTables: 'DROP TABLE',
  renameTable: 'ALTER TABLE',
  addColumn: 'ALTER TABLE',
  removeColumn: 'ALTER TABLE',
  changeColumn: 'ALTER TABLE',
  renameColumn: 'ALTER TABLE',
  addConstraint: 'ALTER TABLE',
  removeConstraint: 'ALTER TABLE',
  addIndex: 'CREATE INDEX',
  removeIndex: 'DROP INDEX',
  createSchema: 'CREATE SCHEMA',
  dropSchema: 'DROP SCHEMA',
  dropAllSchemas: 'DROP SCHEMA',
  createFunction: 'CREATE FUNCTION',
  dropFunction: 'DROP FUNCTION',
  renameFunction: 'ALTER FUNCTION',
  createTrigger: 'CREATE TRIGGER',
  dropTrigger: 'DROP TRIGGER',
  renameTrigger: 'ALTER TRIGGER',
  dropEnum: 'DROP TYPE',
  dropAllEnums: 'DROP TYPE',
};
/** TypeORM `QueryRunner` methods that change the schema. */
const QUERY_RUNNER_KINDS: Readonly<Record<string, string>> = {
  createTable: 'CREATE TABLE',
  dropTable: 'DROP TABLE',
  renameTable: 'ALTER TABLE',
  addColumn: 'ALTER TABLE',
  addColumns: 'ALTER TABLE',
  renameColumn: 'ALTER TABLE',
  changeColumn: 'ALTER TABLE',
  changeColumns: 'ALTER TABLE',
  dropColumn: 'ALTER TABLE',
  dropColumns: 'ALTER TABLE',
  createPrimaryKey: 'ALTER TABLE',
  updatePrimaryKeys: 'ALTER TABLE',
  dropPrimaryKey: 'ALTER TABLE',
  createUniqueConstraint: 'ALTER TABLE',
  createUniqueConstraints: 'ALTER TABLE',
  dropUniqueConstraint: 'ALTER TABLE',
  dropUniqueConstraints: 'ALTER TABLE',
  createCheckConstraint: 'ALTER TABLE',
  createCheckConstraints: 'ALTER TABLE',
  dropCheckConstraint: 'ALTER TABLE',
  dropCheckConstraints: 'ALTER TABLE',
  createExclusionConstraint: 'ALTER TABLE',
  createExclusionConstraints: 'ALTER TABLE',
  dropExclusionConstraint: 'ALTER TABLE',
  dropExclusionConstraints: 'ALTER TABLE',
  createForeignKey: 'ALTER TABLE',
  createForeignKeys: 'ALTER TABLE',
  dropForeignKey: 'ALTER TABLE',
  dropForeignKeys: 'ALTER TABLE',
  createIndex: 'CREATE INDEX',
  createIndices: 'CREATE INDEX',
  dropIndex: 'DROP INDEX',
  dropIndices: 'DROP INDEX',
  createSchema: 'CREATE SCHEMA',
  dropSchema: 'DROP SCHEMA',
  createView: 'CREATE VIEW',
  dropView: 'DROP VIEW',
};
const BUILDER_METHODS = new Set([
  ...Object.keys(SCHEMA_BUILDER_KINDS),
  ...Object.keys(QUERY_INTERFACE_KINDS),
  ...Object.keys(QUERY_RUNNER_KINDS),
]);
/** The longest builder method name, quoted. */
const MAX_BUILDER_TOKEN = Math.max(...[...BUILDER_METHODS].map((name) => name.length)) + 2;

/** Escapes that cannot put a letter or digit into a string's value: a line continuation adds nothing, the rest one non-word character. */
const PLAIN_ESCAPE = /\\(?:\r\n|[\n\r]|[nrtbfv'"`\\$])/g;
const cookPlainEscape = (escape: string): string => (escape.length === 2 && escape[1] !== '\n' && escape[1] !== '\r' ? ' ' : '');

/**
 * Where a token that `mayHaveDdl` must read can be, in a file's raw text: a
 * DDL hint word or a builder method name in any case and touching anything
 * (raw text still holds escapes: `'\nCREATE'`), or a backslash that is not a
 * plain escape (`\x43REATE`, a line continuation inside a word). Builder
 * names that start with a hint word are found by the word.
 */
const DDL_TOKEN_HINT = new RegExp(
  [
    ...DDL_HINT_WORDS,
    ...[...BUILDER_METHODS].filter((name) => !DDL_HINT_WORDS.some((word) => name.toLowerCase().startsWith(word))),
    '\\\\(?![nrtbfv\'"`\\\\$])',
  ].join('|'),
  'gi',
);

/** The token whose range holds `offset` (tokens are in source order), or undefined in a comment or whitespace. */
function tokenAt(tokens: readonly TSESTree.Token[], offset: number): TSESTree.Token | undefined {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const token = tokens[middle];
    if (token.range[1] <= offset) low = middle + 1;
    else if (token.range[0] > offset) high = middle - 1;
    else return token;
  }
  return undefined;
}

/**
 * The file-level gate, over the tokens (the strings, templates and names are
 * all the listeners below start from): false when no string could hold DDL
 * (the `mayContainDdl` test of each listener, on all strings at once) and no
 * name is a schema builder method, so the rule adds no listener to the file.
 * A string with an escape that could spell a letter (`\x43REATE`) counts as
 * possible DDL. Only the tokens under a DDL_TOKEN_HINT match are read: one
 * native scan of the text instead of a loop over every token (most files
 * have a handful of matches, mostly the `import` keyword).
 */
export function mayHaveDdl(text: string, tokens: readonly TSESTree.Token[] | undefined): boolean {
  if (!tokens) return true;
  const strings: string[] = [];
  let previous: TSESTree.Token | undefined;
  DDL_TOKEN_HINT.lastIndex = 0;
  for (let match = DDL_TOKEN_HINT.exec(text); match; match = DDL_TOKEN_HINT.exec(text)) {
    const token = tokenAt(tokens, match.index);
    if (!token || token === previous) continue;
    previous = token;
    if (token.type === 'Identifier') {
      if (BUILDER_METHODS.has(token.value)) return true;
    } else if (token.type === 'String' || token.type === 'Template' || token.type === 'JSXText') {
      let value = token.value;
      if (value.includes('\\')) {
        value = value.replace(PLAIN_ESCAPE, cookPlainEscape);
        if (value.includes('\\')) return true;
      }
      // A computed builder method: `db.schema['createTable']`, or a const holding its name.
      if (value.length <= MAX_BUILDER_TOKEN && BUILDER_METHODS.has(value.slice(1, -1))) return true;
      strings.push(value);
    }
  }
  return mayContainDdl(strings);
}

/** Module exports that run SQL (`@vercel/postgres`'s `sql` and `db`) or only build it. */
const TRACKED: ReadonlyMap<string, readonly ModuleTraceSpec<Handle>[]> = new Map<string, ModuleTraceSpec<Handle>[]>([
  [
    '@vercel/postgres',
    [
      { path: ['sql'], use: 'read', info: { kind: 'client', driver: 'vercel-postgres' } },
      { path: ['db'], use: 'read', info: { kind: 'client', driver: 'vercel-postgres' } },
    ],
  ],
  ['drizzle-orm', [{ path: ['sql'], use: 'read', info: { kind: 'fragment' } }]],
  ['drizzle-orm/sql', [{ path: ['sql'], use: 'read', info: { kind: 'fragment' } }]],
  ['kysely', [{ path: ['sql'], use: 'read', info: { kind: 'fragment' } }]],
  [
    '@prisma/client',
    [
      { path: ['Prisma', 'sql'], use: 'read', info: { kind: 'fragment' } },
      { path: ['Prisma', 'raw'], use: 'read', info: { kind: 'fragment' } },
    ],
  ],
  ['slonik', [{ path: ['sql'], use: 'read', info: { kind: 'fragment' } }]],
  ['@databases/pg', [{ path: ['sql'], use: 'read', info: { kind: 'fragment' } }]],
  [
    'sql-template-strings',
    [
      { path: [], use: 'read', info: { kind: 'fragment' } },
      { path: ['SQL'], use: 'read', info: { kind: 'fragment' } },
    ],
  ],
  [
    'sql-template-tag',
    [
      { path: [], use: 'read', info: { kind: 'fragment' } },
      { path: ['sql'], use: 'read', info: { kind: 'fragment' } },
    ],
  ],
]);
const TRACKED_TEXT_HINT = /@vercel\/postgres|drizzle-orm|kysely|@prisma\/client|slonik|@databases\/pg|sql-template-/;

/** Methods that turn a name into a quoted identifier: drizzle's and slonik's `sql.identifier`, Kysely's `sql.id` / `sql.table`. */
const IDENTIFIER_METHODS = new Set(['identifier', 'id', 'table']);
/**
 * The tables migration and seed runners keep their history in (`knex_migrations`, `__drizzle_migrations`,
 * `kysely_migration_lock`, `pgmigrations`, `SequelizeMeta`, `flyway_schema_history`, a seed runner's
 * `seed_history`): creating one is the runner's bookkeeping, not a change to the app's schema.
 */
const RUNNER_HISTORY_TABLE = /(?:^|_)(?:migrations?|seeds?|seeders?)(?:_(?:history|lock|log|meta))?$|^pgmigrations$|^sequelize(?:meta|data)$|schema_history$/i;
/** Array methods that add an element: `statements.push(sql)`. */
const ARRAY_ADD_METHODS = new Set(['push', 'unshift']);
/** Array methods whose result holds the same elements: `parts.flat()`, `a.concat(b)`, `list.filter(Boolean)`. */
const ARRAY_COPY_METHODS = new Set(['flat', 'concat', 'filter', 'slice']);
/** Array methods whose result is what their callback returns: `keys.map((key) => [sqlFor(key)])`. */
const ARRAY_MAP_METHODS = new Set(['map', 'flatMap']);

const MAX_FLOW_DEPTH = 6;
/** Statements whose target reads after `ON`: `GRANT ON users`, `COMMENT ON users.email`. */
const OBJECT_AFTER_ON = new Set(['COMMENT', 'GRANT', 'REVOKE', 'SECURITY LABEL']);

function isHandleName(name: string): boolean {
  return HANDLE_NAMES.has(name.toLowerCase()) || HANDLE_NAME_SUFFIX.test(name);
}

/** The name a member or call is known by: `this.pool` → `pool`, `getDb()` → `getDb`. */
function lastName(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return getPropertyName(node as never) ?? undefined;
  return undefined;
}

function isHandleFactory(name: string | undefined): boolean {
  if (!name) return false;
  if (HANDLE_FACTORY_NAMES.has(name)) return true;
  const stripped = name.replace(HANDLE_FACTORY_PREFIX, '');
  return stripped !== name && isHandleName(stripped);
}

/** Through TS wrappers, `await` and optional chains: what value a receiver really is. */
function valueOf(node: TSESTree.Node): TSESTree.Node {
  let target = unwrapExpression(node);
  while (target.type === 'AwaitExpression' || target.type === 'ChainExpression') {
    target = unwrapExpression(target.type === 'AwaitExpression' ? target.argument : target.expression);
  }
  return target;
}

/** Values whose kind is plain from their syntax and that are never a handle. */
function isPlainValue(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'ClassExpression':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'Literal':
    case 'TemplateLiteral':
      return true;
    case 'MemberExpression':
      return node.object.type === 'Identifier' && node.object.name === 'String' && getPropertyName(node as never) === 'raw';
    default:
      return false;
  }
}

function singleDefinition(identifier: TSESTree.Identifier, scope: Scope): TSESLint.Scope.Definition | undefined {
  const variable = findVariable(scope as never, identifier as never) as TSESLint.Scope.Variable | null;
  return variable?.defs.length === 1 ? variable.defs[0] : undefined;
}

/** `./db`, `../lib/db`, and the usual path aliases `@/db`, `~/db`, `#db`. */
function isProjectModule(source: string): boolean {
  return /^(?:\.\.?(?:\/|$)|[@~]\/|#)/.test(source);
}

function requiredModule(node: TSESTree.Node): string | undefined {
  const target = unwrapExpression(node);
  if (target.type === 'CallExpression' && target.callee.type === 'Identifier' && target.callee.name === 'require') {
    return target.arguments[0] ? (getStringIfConstant(target.arguments[0] as never) ?? undefined) : undefined;
  }
  return target.type === 'MemberExpression' ? requiredModule(target.object) : undefined;
}

/** The module a binding comes from, through `import` or `require`. */
function bindingModule(def: TSESLint.Scope.Definition | undefined): string | undefined {
  if (def?.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration') return def.parent.source.value;
  if (def?.type === 'Variable' && def.node.init) return requiredModule(def.node.init);
  return undefined;
}

/** The expressions that stand in the holes of SQL read from a template, in order: `holes[statement.targetHole]`. */
const templateHoles = new WeakMap<readonly string[], readonly TSESTree.Expression[]>();

/** The SQL of a template literal, with holes that are same-file constant strings filled in. */
function templateSql(template: TSESTree.TemplateLiteral, scope: Scope): string[] {
  const parts = [template.quasis[0].value.cooked ?? template.quasis[0].value.raw];
  const holes: TSESTree.Expression[] = [];
  template.expressions.forEach((expression, index) => {
    const quasi = template.quasis[index + 1];
    const text = quasi.value.cooked ?? quasi.value.raw;
    const constant = getStringParts(expression, scope);
    if (constant?.complete) parts[parts.length - 1] += constant.parts[0] + text;
    else {
      parts.push(text);
      holes.push(expression as TSESTree.Expression);
    }
  });
  templateHoles.set(parts, holes);
  return parts;
}

function sqlOf(node: TSESTree.Node, scope: Scope): SqlText | undefined {
  let target = unwrapExpression(node);
  // `const ddl = "CREATE TABLE " + name; pool.query(ddl)` reads the parts; a template in a const is read as one, so its holes are known.
  const init = target.type === 'Identifier' ? constInitializer(scope, target) : undefined;
  if (init && unwrapExpression(init).type === 'TemplateLiteral') target = unwrapExpression(init);
  if (target.type === 'TemplateLiteral') return templateSql(target, scope);
  return getStringParts(target, scope)?.parts;
}

/** Several SQL texts run by one call, as one text. */
function joinSql(texts: readonly SqlText[]): string[] | undefined {
  let joined: string[] | undefined;
  for (const sql of texts) {
    const parts = typeof sql === 'string' ? [sql] : sql;
    joined = joined ? [...joined.slice(0, -1), `${joined[joined.length - 1]};\n${parts[0]}`, ...parts.slice(1)] : [...parts];
  }
  return joined;
}

/** The bare table name of `public."Users"`: `Users`. */
function unqualifiedName(name: string): string {
  return (name.split('.').pop() ?? name).replace(/^"|"$/g, '');
}

/** A builder call's first argument as a target name: `'users'`, or `new Table({ name: 'users' })`. */
function builderTarget(argument: TSESTree.Node | undefined, scope: Scope): { name?: string; dynamic: boolean } {
  if (!argument || argument.type === 'SpreadElement') return { dynamic: false };
  const name = getStringParts(argument, scope);
  if (name?.complete) return { name: name.parts[0], dynamic: false };
  let target = unwrapExpression(argument);
  const init = target.type === 'Identifier' ? constInitializer(scope, target) : undefined;
  if (init) target = unwrapExpression(init);
  const options = target.type === 'NewExpression' ? target.arguments[0] : target;
  const object = options && resolveObject(options, scope);
  // Options without a name (`dropAllTables({ skip })`) name no single target; anything else is computed at run time.
  if (!object) return { dynamic: true };
  const property = findProperty(object, 'name', scope);
  const named = property && getStringParts(property.value, scope);
  return named?.complete ? { name: named.parts[0], dynamic: false } : { dynamic: property !== undefined };
}

export default createRule<Options, MessageIds>({
  name: 'no-ddl-outside-migrations',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow schema changes (DDL) from application code; put them in migrations',
      recommended: 'recommended',
      relaxIn: ['tests'],
    },
    schema: [],
    defaultOptions: [],
    messages: {
      ddlOutsideMigration:
        "`{{statement}}`{{more}} changes the schema from application code. Outside a migration it has no history to review or roll back, runs again on every boot of every instance, races when instances start together, and leaves each Neon branch with whatever schema the code that last ran there made. Move it into a migration of the project's tool (`npx neon-codemod ddl-to-migrations` does it); if this file is part of the migrations, add its folder to `settings.neon.migrations`.",
      dynamicDdlOutsideMigration:
        "`{{statement}}`{{more}} changes the schema from application code, on a target computed at run time. Outside a migration it has no history to review or roll back, runs again on every boot of every instance, races when instances start together, and leaves each Neon branch with a different schema. Move it into a migration of the project's tool (for a schema per tenant, run the migrations per schema); `npx neon-codemod ddl-to-migrations` moves what it can and reports the rest. If this file is part of the migrations, add its folder to `settings.neon.migrations`.",
    },
  },
  create(context) {
    const { sourceCode } = context;
    if (!mayHaveDdl(sourceCode.text, sourceCode.ast.tokens)) return {};
    // Nothing is reported in a file at a migration path (see `report`): no listeners there either.
    if (contextFileRoles(context).migration) return {};

    const reported = new Set<TSESTree.Node>();
    /** Sites with DDL, reported at the end of the file, once scratch tables are known. */
    const pending = new Map<TSESTree.Node, { ddl: readonly SqlStatement[]; holes: readonly TSESTree.Expression[] | undefined }>();
    let tracked: Map<TSESTree.Node, Handle> | undefined;
    const otherEngineClients = new Set<TSESTree.Node>();
    let namesAllowed: boolean | undefined;
    let migrationShaped: boolean | undefined;

    /** Tracked clients and fragment builders, collected on first need. */
    function trackedValues(): Map<TSESTree.Node, Handle> {
      if (tracked) return tracked;
      tracked = new Map();
      for (const construction of getClientConstructions(sourceCode)) {
        const scope = sourceCode.getScope(construction.node);
        // knex({ client: 'mysql2' }), new Sequelize({ dialect: 'sqlite' }): a client of another engine.
        const otherEngine = construction.node.arguments.some((argument) => {
          const options = resolveObject(argument, scope);
          return options !== undefined && !isPostgresOptions(options, scope);
        });
        if (otherEngine) otherEngineClients.add(construction.node);
        else tracked.set(construction.node, { kind: 'client', driver: construction.driver.id });
      }
      if (TRACKED_TEXT_HINT.test(sourceCode.text)) {
        for (const ref of trackModuleReferences(sourceCode, TRACKED)) {
          for (const use of readUses(sourceCode, ref.node)) tracked.set(use, ref.info);
        }
      }
      return tracked;
    }

    function nameBasedHandles(): boolean {
      namesAllowed ??= !NON_POSTGRES_IMPORT.test(sourceCode.text);
      return namesAllowed;
    }

    function handleOf(node: TSESTree.Node, depth = 0): Handle | undefined {
      const target = valueOf(node);
      const known = trackedValues().get(target);
      if (known || depth > MAX_FLOW_DEPTH) return known;
      switch (target.type) {
        case 'Identifier': {
          const def = singleDefinition(target, sourceCode.getScope(target));
          if (def?.type === 'Variable' && def.node.id.type === 'Identifier' && def.node.init) {
            const init = valueOf(def.node.init);
            const fromInit = handleOf(init, depth + 1);
            if (fromInit || isPlainValue(init) || isForeignConstruction(init)) return fromInit;
          }
          return namedHandle(target.name);
        }
        case 'MemberExpression': {
          const name = getPropertyName(target as never, sourceCode.getScope(target) as never);
          // `knex.schema.raw(...)`
          if (name === 'schema') {
            const owner = handleOf(target.object, depth + 1);
            return owner?.kind === 'fragment' ? undefined : owner;
          }
          return name ? namedHandle(name) : undefined;
        }
        case 'CallExpression':
          return isHandleFactory(lastName(target.callee)) && nameBasedHandles() ? { kind: 'named' } : undefined;
        default:
          return undefined;
      }
    }

    /**
     * `new Client()` of a package the catalog does not know (Elasticsearch, Cassandra, Apollo), or a catalog
     * client configured for another engine: not a Postgres handle, whatever its name.
     */
    function isForeignConstruction(node: TSESTree.Node): boolean {
      if (otherEngineClients.has(node)) return true;
      if (node.type !== 'NewExpression') return false;
      let root: TSESTree.Node = node.callee;
      while (root.type === 'MemberExpression') root = root.object;
      if (root.type !== 'Identifier') return false;
      const source = bindingModule(singleDefinition(root, sourceCode.getScope(root)));
      return source !== undefined && !isProjectModule(source);
    }

    function namedHandle(name: string): Handle | undefined {
      return isHandleName(name) && nameBasedHandles() ? { kind: 'named' } : undefined;
    }

    /** Whether a call runs its first argument as SQL, only builds a fragment from it, or neither. */
    function callKind(call: TSESTree.CallExpression): 'executing' | 'fragment' | undefined {
      const callee = valueOf(call.callee);
      if (callee.type === 'Identifier') {
        const known = trackedValues().get(callee);
        if (known) return known.kind === 'fragment' ? 'fragment' : 'executing';
        if (!BARE_EXECUTING_FUNCTIONS.has(callee.name)) return undefined;
        const source = bindingModule(singleDefinition(callee, sourceCode.getScope(callee)));
        return source !== undefined && isProjectModule(source) && nameBasedHandles() ? 'executing' : undefined;
      }
      if (callee.type !== 'MemberExpression') return undefined;
      if (trackedValues().get(callee)?.kind === 'fragment') return 'fragment';
      const method = getPropertyName(callee as never, sourceCode.getScope(callee) as never);
      if (!method) return undefined;
      if (PRISMA_RAW_METHODS.has(method)) return 'executing';
      const receiver = handleOf(callee.object);
      if (receiver?.kind === 'fragment') return FRAGMENT_METHODS.has(method) ? 'fragment' : undefined;
      // `sql.raw()` of drizzle or Kysely re-exported from the project: it only builds a fragment.
      if (method === 'raw' && lastName(valueOf(callee.object))?.toLowerCase() === 'sql') return 'fragment';
      return receiver && EXECUTING_METHODS.has(method) ? 'executing' : undefined;
    }

    /** Whether a template tag runs its SQL (postgres.js, `neon()`, `@vercel/postgres`), builds a fragment, or is not SQL. */
    function tagKind(tag: TSESTree.Node): 'executing' | 'fragment' | undefined {
      const target = valueOf(tag);
      const known = trackedValues().get(target);
      if (known) return known.kind === 'fragment' ? 'fragment' : 'executing';
      switch (target.type) {
        case 'MemberExpression': {
          const name = getPropertyName(target as never);
          if (!name) return undefined;
          if (name === '$executeRaw' || name === '$queryRaw') return 'executing';
          const owner = handleOf(target.object);
          if (name === 'sql' && owner && owner.kind !== 'fragment') return 'executing';
          if (name === 'raw' && target.object.type === 'Identifier' && target.object.name === 'String') return 'fragment';
          return /sql/i.test(name) || FRAGMENT_METHODS.has(name) ? 'fragment' : undefined;
        }
        case 'Identifier': {
          const def = singleDefinition(target, sourceCode.getScope(target));
          const source = bindingModule(def);
          // An SQL tag from a package this rule does not know is a builder (`sql-template-strings`-like).
          const builderOnly =
            (source !== undefined && !isProjectModule(source)) ||
            (def?.type === 'Variable' && def.node.init !== null && isPlainValue(valueOf(def.node.init)));
          if (!builderOnly && handleOf(target)) return 'executing';
          return /sql/i.test(target.name) ? 'fragment' : undefined;
        }
        case 'CallExpression':
          // slonik `sql.type(schema)\`...\``
          return /sql/i.test(lastName(valueOf(target.callee)) ?? '') || /sql/i.test(sourceCode.getText(target.callee)) ? 'fragment' : undefined;
        default:
          return undefined;
      }
    }

    /**
     * Follows a value that carries SQL text (a string, or a fragment built
     * from one) to the calls that send it to the server: as their first
     * argument, through same-file `const`s, fragment builders, a pg query
     * config's `text`, or Kysely's `fragment.execute(db)`.
     */
    function sitesFor(value: TSESTree.Node, sql: SqlText | undefined, depth: number): Site[] {
      if (depth > MAX_FLOW_DEPTH) return [];
      let node = value;
      while (node.parent && (node.parent.type === 'TSAsExpression' || node.parent.type === 'TSNonNullExpression' || node.parent.type === 'TSSatisfiesExpression')) {
        node = node.parent;
      }
      const parent = node.parent;
      if (!parent) return [];
      switch (parent.type) {
        case 'CallExpression': {
          if (parent.arguments[0] !== node) return [];
          const collected = arrayAddedTo(parent);
          if (collected) {
            const statementsSql = sql ?? collectedSql(collected);
            const reads = collected.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier);
            return arrayUses(arrayFlow(reads, 0)).flatMap((use) => sitesFor(use, statementsSql, depth + 1));
          }
          const kind = callKind(parent);
          if (kind === 'executing') return [{ node: parent, sql, sqlNode: node }];
          if (kind === 'fragment') return sitesFor(parent, sql ?? sqlOf(node, sourceCode.getScope(node)), depth + 1);
          return [];
        }
        case 'MemberExpression': {
          // Kysely: sql`...`.execute(db), sql.raw('...').execute(db)
          const call = parent.parent;
          const isFragment = sql !== undefined;
          if (isFragment && parent.object === node && getPropertyName(parent as never) === 'execute' && call?.type === 'CallExpression' && call.callee === parent) {
            return [{ node: call, sql, sqlNode: node }];
          }
          return [];
        }
        case 'VariableDeclarator': {
          if (parent.init !== node || parent.id.type !== 'Identifier' || parent.parent.kind !== 'const') return [];
          const [variable] = sourceCode.getDeclaredVariables(parent);
          const sites: Site[] = [];
          for (const reference of variable?.references ?? []) {
            if (!reference.isRead()) continue;
            const use = sql === undefined ? stringExpressionRoot(reference.identifier) : reference.identifier;
            sites.push(...sitesFor(use, sql, depth + 1));
          }
          return sites;
        }
        case 'ArrayExpression': {
          // const statements = ['CREATE TABLE a ...', 'CREATE TABLE b ...']; for (const s of statements) await pool.query(s);
          const holder = parent.parent.type === 'VariableDeclarator' && parent.parent.init === parent ? sourceCode.getDeclaredVariables(parent.parent)[0] : undefined;
          // `let ddl = ['CREATE …']; ddl.push('CREATE …')`: the site runs what the array holds by then.
          const statementsSql = sql ?? (holder ? collectedSql(holder) : arraySql(parent));
          return arrayUses(arrayFlow([parent], 0)).flatMap((use) => sitesFor(use, statementsSql, depth + 1));
        }
        case 'Property': {
          // pg's query config: pool.query({ text: 'CREATE ...', values })
          const object = parent.parent;
          const call = object.parent;
          if (parent.value !== node || getPropertyName(parent as never) !== 'text' || call?.type !== 'CallExpression') return [];
          if (call.arguments[0] !== object || callKind(call) !== 'executing') return [];
          const callee = valueOf(call.callee);
          return callee.type === 'MemberExpression' && getPropertyName(callee as never) === 'query' ? [{ node: call, sql, sqlNode: node }] : [];
        }
        default:
          return [];
      }
    }

    /** The SQL of every statement in an array, as one text: the site runs them all. */
    function arraySql(array: TSESTree.ArrayExpression): string[] | undefined {
      const scope = sourceCode.getScope(array);
      const texts = array.elements.map((element) => (element && element.type !== 'SpreadElement' ? sqlOf(element, scope) : undefined));
      return joinSql(texts.filter((sql): sql is SqlText => sql !== undefined));
    }

    /** The array variable `statements.push(sql)` adds to, when it is a same-file array built from `[]` or a literal. */
    function arrayAddedTo(call: TSESTree.CallExpression): TSESLint.Scope.Variable | undefined {
      const callee = call.callee;
      if (callee.type !== 'MemberExpression' || !ARRAY_ADD_METHODS.has(getPropertyName(callee as never) ?? '')) return undefined;
      const array = unwrapExpression(callee.object);
      if (array.type !== 'Identifier') return undefined;
      const variable = findVariable(sourceCode.getScope(array) as never, array as never) as TSESLint.Scope.Variable | null;
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      const init = def?.type === 'Variable' && def.node.init ? unwrapExpression(def.node.init) : undefined;
      return init?.type === 'ArrayExpression' ? (variable ?? undefined) : undefined;
    }

    /** The SQL an array variable collects: its initial elements, then what every `push` adds, in source order. */
    function collectedSql(variable: TSESLint.Scope.Variable): string[] | undefined {
      const texts: SqlText[] = [];
      const init = variable.defs[0]?.node.type === 'VariableDeclarator' ? variable.defs[0].node.init : null;
      const initial = init && unwrapExpression(init).type === 'ArrayExpression' ? arraySql(unwrapExpression(init) as TSESTree.ArrayExpression) : undefined;
      if (initial) texts.push(initial);
      for (const reference of variable.references) {
        const call = reference.identifier.parent?.parent;
        if (call?.type !== 'CallExpression' || call.callee !== reference.identifier.parent || arrayAddedTo(call) !== variable) continue;
        for (const argument of call.arguments) {
          const sql = argument.type === 'SpreadElement' ? undefined : sqlOf(argument, sourceCode.getScope(argument));
          if (sql) texts.push(sql);
        }
      }
      return joinSql(texts);
    }

    /**
     * The places an array of statements is, and those of the arrays made from it: the variable it
     * initializes, `array.flat()` / `concat` / `filter` / `slice`, and a `map`/`flatMap` whose callback
     * returns it (`keys.map((key) => { const part = []; part.push(…); return part; }).flat()`).
     */
    function arrayFlow(arrays: readonly TSESTree.Node[], depth: number): TSESTree.Node[] {
      const places: TSESTree.Node[] = [];
      for (const array of arrays) {
        places.push(array);
        const next = depth < MAX_FLOW_DEPTH ? arrayContinuation(array) : [];
        places.push(...arrayFlow(next, depth + 1));
      }
      return places;
    }

    function arrayContinuation(array: TSESTree.Node): TSESTree.Node[] {
      const mapper = functionReturning(array);
      if (mapper) {
        const call = mapper.parent;
        const method = call?.type === 'CallExpression' && call.arguments[0] === mapper && call.callee.type === 'MemberExpression' ? getPropertyName(call.callee as never) : null;
        return method && ARRAY_MAP_METHODS.has(method) ? [call as TSESTree.CallExpression] : [];
      }
      const parent = array.parent;
      if (parent?.type === 'MemberExpression' && parent.object === array && ARRAY_COPY_METHODS.has(getPropertyName(parent as never) ?? '')) {
        return parent.parent?.type === 'CallExpression' && parent.parent.callee === parent ? [parent.parent] : [];
      }
      if (parent?.type === 'VariableDeclarator' && parent.init === array && parent.id.type === 'Identifier') {
        const reads = sourceCode.getDeclaredVariables(parent)[0]?.references.filter((reference) => reference.isRead()) ?? [];
        return reads.map((reference) => reference.identifier);
      }
      return [];
    }

    /**
     * Where an array of statements reaches the database: its elements one by one (a `for...of`
     * variable, the first parameter of a `forEach`/`map` callback), or all at once as `array.join(…)`.
     */
    function arrayUses(arrays: readonly TSESTree.Node[]): TSESTree.Node[] {
      const uses: TSESTree.Node[] = [];
      for (const node of arrays) {
        const parent = node.parent;
        let element: TSESTree.Node | undefined;
        const method = parent?.type === 'MemberExpression' && parent.object === node ? getPropertyName(parent as never) : undefined;
        const call = parent?.parent;
        if (parent?.type === 'ForOfStatement' && parent.right === node && parent.left.type === 'VariableDeclaration') {
          element = parent.left.declarations[0]?.id;
        } else if (method === 'join' && call?.type === 'CallExpression' && call.callee === parent) {
          uses.push(call);
          continue;
        } else if ((method === 'forEach' || method === 'map') && call?.type === 'CallExpression' && call.callee === parent) {
          const callback = call.arguments[0];
          if (callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression') element = callback.params[0];
        }
        if (element?.type !== 'Identifier') continue;
        const name = element.name;
        const variable = sourceCode.getDeclaredVariables(element.parent as TSESTree.Node).find((declared) => declared.name === name);
        for (const reference of variable?.references ?? []) {
          if (reference.isRead()) uses.push(reference.identifier);
        }
      }
      return uses;
    }

    /** `builder` (not in the message) tells `ddl-to-migrations` which tool's migration the call belongs in. */
    function report(node: TSESTree.Node, statement: string, dynamic: boolean, more: number, builder?: BuilderData): void {
      if (reported.has(node)) return;
      // Decided only once a file has DDL to report: most files never get here.
      migrationShaped ??= contextFileRoles(context).migration || isMigrationShaped(sourceCode);
      if (migrationShaped) return;
      reported.add(node);
      context.report({
        node,
        messageId: dynamic ? 'dynamicDdlOutsideMigration' : 'ddlOutsideMigration',
        data: { statement, more: more > 0 ? ` (and ${more} more DDL statement${more > 1 ? 's' : ''})` : '', ...builder },
      });
    }

    /** Notes the DDL a site runs; it is reported at the end of the file (see `reportPending`). */
    function reportSql(node: TSESTree.Node, sql: SqlText | undefined): void {
      if (!sql || reported.has(node) || pending.has(node)) return;
      const holes = typeof sql === 'string' ? [] : templateHoles.get(sql);
      const ddl = findDdl(sql).filter((statement) => !isRunnerBookkeeping(statement, holes));
      if (ddl.length > 0) pending.set(node, { ddl, holes });
    }

    function reportStatement(node: TSESTree.Node, first: SqlStatement, more: number): void {
      // `CREATE INDEX ON ${table}` names no index: the table it is on says what it changes.
      const onRelation = first.target === undefined && !first.dynamicTarget ? first.relation : undefined;
      const dynamic = first.dynamicTarget || onRelation?.dynamic === true;
      const target = first.dynamicTarget ? '${…}' : first.target;
      const kind = first.kind ?? first.text;
      const object = onRelation ? `ON ${onRelation.dynamic ? '${…}' : onRelation.name}` : target && OBJECT_AFTER_ON.has(kind) ? `ON ${target}` : target;
      report(node, [kind, object].filter(Boolean).join(' '), dynamic, more);
    }

    /** The name a hole holds when it is a quoted identifier of a fixed name: `${sql.identifier('seed_history')}`. */
    function identifierHoleName(hole: TSESTree.Node | undefined): string | undefined {
      const call = hole && valueOf(hole);
      if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
      if (!IDENTIFIER_METHODS.has(getPropertyName(call.callee as never) ?? '') || !/sql/i.test(lastName(valueOf(call.callee.object)) ?? '')) return undefined;
      let argument: TSESTree.Node | null | undefined = call.arguments[0] && unwrapExpression(call.arguments[0]);
      // slonik: sql.identifier(['public', 'seed_history'])
      if (argument?.type === 'ArrayExpression') argument = argument.elements.at(-1);
      const name = argument && argument.type !== 'SpreadElement' ? getStringParts(argument, sourceCode.getScope(argument)) : undefined;
      return name?.complete ? name.parts[0] : undefined;
    }

    /** DDL on a migration or seed runner's own history table (`CREATE TABLE IF NOT EXISTS seed_history …`). */
    function isRunnerBookkeeping(statement: SqlStatement, holes: readonly TSESTree.Expression[] | undefined): boolean {
      const nameOf = (name: string | undefined, hole: number | undefined) => name ?? (hole === undefined ? undefined : identifierHoleName(holes?.[hole]));
      return [nameOf(statement.target, statement.targetHole), nameOf(statement.relation?.name, statement.relation?.hole)].some(
        (name) => name !== undefined && RUNNER_HISTORY_TABLE.test(unqualifiedName(name)),
      );
    }

    /**
     * What a hole names, so that two statements can be seen to act on the same table: its variable
     * (`${table}`), or the member path (`${this.workingTable}`). Undefined for anything computed.
     */
    function holeIdentity(hole: TSESTree.Node | undefined): unknown {
      const target = hole && valueOf(hole);
      if (target?.type === 'Identifier') return findVariable(sourceCode.getScope(target) as never, target as never) ?? undefined;
      let root: TSESTree.Node | undefined = target;
      while (root?.type === 'MemberExpression' && !root.computed) root = root.object;
      return target?.type === 'MemberExpression' && root?.type === 'ThisExpression' ? sourceCode.getText(target).replace(/\s+/g, '') : undefined;
    }

    /**
     * Scratch tables: a job creates an `UNLOGGED` table under a name computed per run and drops the
     * same name again (`CREATE UNLOGGED TABLE ${t}` … `DROP TABLE ${t}`, typically from a `finally`).
     * Like a `TEMP` table, which is not DDL, it never becomes part of the schema; unlike one, it
     * outlives the connection that made it, so a pool can fill it.
     */
    function scratchTables(): Set<unknown> {
      const created = new Set<unknown>();
      const dropped = new Set<unknown>();
      for (const { ddl, holes } of pending.values()) {
        for (const statement of ddl) {
          const identity = statement.targetHole === undefined ? undefined : holeIdentity(holes?.[statement.targetHole]);
          if (identity === undefined) continue;
          if (statement.unlogged && statement.kind === 'CREATE TABLE') created.add(identity);
          if (statement.kind === 'DROP TABLE') dropped.add(identity);
        }
      }
      return new Set([...created].filter((identity) => dropped.has(identity)));
    }

    function reportPending(): void {
      if (pending.size === 0) return;
      const scratch = scratchTables();
      const onScratch = (statement: SqlStatement, holes: readonly TSESTree.Expression[] | undefined) =>
        [statement.targetHole, statement.relation?.hole].some((hole) => hole !== undefined && scratch.has(holeIdentity(holes?.[hole])));
      for (const [node, { ddl, holes }] of pending) {
        const remaining = scratch.size > 0 ? ddl.filter((statement) => !onScratch(statement, holes)) : ddl;
        if (remaining.length > 0) reportStatement(node, remaining[0], remaining.length - 1);
      }
    }

    function reportSites(sites: readonly Site[]): void {
      for (const site of sites) reportSql(site.node, site.sql ?? sqlOf(site.sqlNode, sourceCode.getScope(site.sqlNode)));
    }

    function checkString(node: TSESTree.Node): void {
      const root = stringExpressionRoot(node);
      if (root.parent?.type === 'TemplateLiteral') return;
      reportSites(sitesFor(root, undefined, 0));
    }

    function checkTaggedTemplate(tagged: TSESTree.TaggedTemplateExpression): void {
      const kind = tagKind(tagged.tag);
      if (!kind) return;
      const sql = templateSql(tagged.quasi, sourceCode.getScope(tagged));
      const sites = sitesFor(tagged, sql, 0);
      if (sites.length > 0) reportSites(sites);
      else if (kind === 'executing') reportSql(tagged, sql);
    }

    /** `receiver.method(...)` of a schema builder, a Sequelize query interface or a TypeORM query runner. */
    function builderKinds(receiver: TSESTree.Node): { kinds: Readonly<Record<string, string>>; driver?: string } | undefined {
      let target = valueOf(receiver);
      // knex.schema.withSchema('app').createTable(...)
      while (target.type === 'CallExpression' && target.callee.type === 'MemberExpression' && getPropertyName(target.callee as never) === 'withSchema') {
        target = valueOf(target.callee.object);
      }
      if (target.type === 'MemberExpression' && getPropertyName(target as never) === 'schema') {
        const owner = handleOf(target.object);
        return owner && owner.kind !== 'fragment' ? { kinds: SCHEMA_BUILDER_KINDS, driver: owner.driver } : undefined;
      }
      const role = builderRole(target);
      if (role === 'queryInterface') return { kinds: QUERY_INTERFACE_KINDS };
      if (role === 'queryRunner') return { kinds: QUERY_RUNNER_KINDS };
      return undefined;
    }

    /** A Sequelize query interface or TypeORM query runner, by name or by the call that made it. */
    function builderRole(node: TSESTree.Node, depth = 0): 'queryInterface' | 'queryRunner' | undefined {
      const target = valueOf(node);
      const name = target.type === 'CallExpression' ? lastName(valueOf(target.callee)) : lastName(target);
      if (name === 'queryInterface' || name === 'getQueryInterface') return 'queryInterface';
      if (name === 'queryRunner' || name === 'createQueryRunner') return 'queryRunner';
      if (target.type === 'Identifier' && depth < MAX_FLOW_DEPTH) {
        const def = singleDefinition(target, sourceCode.getScope(target));
        if (def?.type === 'Variable' && def.node.init) return builderRole(def.node.init, depth + 1);
      }
      return undefined;
    }

    function checkBuilderCall(call: TSESTree.CallExpression): void {
      const callee = call.callee;
      if (callee.type !== 'MemberExpression') return;
      const method = getPropertyName(callee as never);
      if (!method || !BUILDER_METHODS.has(method)) return;
      const builder = builderKinds(callee.object);
      const kind = builder?.kinds[method];
      if (!builder || !kind) return;
      let site: TSESTree.Node = call;
      if (builder.kinds === SCHEMA_BUILDER_KINDS) {
        // Knex runs a schema builder when it is awaited; Kysely only on `.execute()`; neither when it is only rendered.
        let running: TSESTree.Node | undefined;
        let link: TSESTree.Node = call;
        while (link.parent?.type === 'MemberExpression' && link.parent.object === link && link.parent.parent?.type === 'CallExpression') {
          const chainMethod = getPropertyName(link.parent as never);
          link = link.parent.parent;
          if (chainMethod && RENDERING_CHAIN_METHODS.has(chainMethod)) return;
          if (chainMethod && RUNNING_CHAIN_METHODS.has(chainMethod)) running ??= link;
        }
        if (!running && builder.driver === 'kysely') return;
        site = running ?? call;
      }
      const target = builderTarget(call.arguments[0], sourceCode.getScope(call));
      const role = builder.kinds === SCHEMA_BUILDER_KINDS ? 'schema' : builder.kinds === QUERY_INTERFACE_KINDS ? 'queryInterface' : 'queryRunner';
      report(site, target.dynamic ? `${kind} \${…}` : [kind, target.name].filter(Boolean).join(' '), target.dynamic, 0, { builder: role, driver: builder.driver ?? '' });
    }

    return {
      Literal(node) {
        if (typeof node.value === 'string' && mayContainDdl(node.value)) checkString(node);
      },
      TemplateLiteral(node) {
        const parts = node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw);
        if (!mayContainDdl(parts)) return;
        if (node.parent.type === 'TaggedTemplateExpression' && node.parent.quasi === node) checkTaggedTemplate(node.parent);
        else checkString(node);
      },
      CallExpression: checkBuilderCall,
      'Program:exit': reportPending,
    };
  },
});
