import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-ddl-outside-migrations';

const ruleTester = new RuleTester();

const pgPool = `import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`;

ruleTester.run('no-ddl-outside-migrations', rule, {
  valid: [
    // DML, temporary tables, and DDL words that PostgreSQL does not read as DDL
    `${pgPool}await pool.query('SELECT * FROM users WHERE id = $1', [id]);`,
    `${pgPool}await pool.query('CREATE TEMP TABLE staging (id int)');`,
    `${pgPool}await pool.query("INSERT INTO logs (msg) VALUES ('drop table x')");`,
    `${pgPool}await pool.query('-- CREATE TABLE users\\nSELECT 1');`,
    `${pgPool}await pool.query('/* DROP TABLE users */ SELECT 1');`,
    `${pgPool}await pool.query('SELECT $$CREATE TABLE x$$ AS doc');`,
    `${pgPool}await pool.query('REFRESH MATERIALIZED VIEW stats');`,
    `${pgPool}await pool.query('TRUNCATE sessions');`,
    `${pgPool}await pool.query('CREATE DATABASE scratch');`,
    // strings that never reach an executing call
    `${pgPool}export const CREATE_USERS = 'CREATE TABLE users (id serial PRIMARY KEY)';`,
    `console.log('CREATE TABLE failed');\nthrow new Error('DROP TABLE users failed');`,
    `${pgPool}try { await pool.query('SELECT 1'); } catch (error) { logger.error('ALTER TABLE users did not apply', error); }`,
    `${pgPool}const help = \`CREATE TABLE \${name} first\`;\nres.send(help);`,
    // arrays of statements that never reach the database, or hold no DDL
    `${pgPool}const lines: string[] = [];\nlines.push('CREATE TABLE is a statement');\nconsole.log(lines.join('\\n'));`,
    `${pgPool}const parts = [];\nparts.push('SELECT 1');\nawait pool.query(parts.join(' UNION ALL '));`,
    `${pgPool}export const plan = (keys: string[]) => keys.map((key) => { const part = []; part.push(\`CREATE TABLE t_\${key} (id int)\`); return part; }).flat();`,
    // schema questions are not schema changes
    `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nif (await db.schema.hasTable('users')) await db.schema.hasColumn('users', 'email');`,
    `module.exports = async (queryInterface) => queryInterface.describeTable('users');`,
    // knex and Kysely builders that are only rendered, or never executed
    `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const ddl = db.schema.createTable('users', (t) => t.increments()).toString();`,
    `import { Kysely } from 'kysely';\nconst db = new Kysely({ dialect });\nexport const compiled = db.schema.createTable('person').addColumn('id', 'serial').compile();`,
    `import { Kysely } from 'kysely';\nconst db = new Kysely({ dialect });\nconst builder = db.schema.createTable('person');`,
    // SQL fragment builders whose result never reaches a handle
    "import { sql } from 'drizzle-orm';\nexport const createUsers = sql`CREATE TABLE users (id serial)`;",
    "import { sql } from 'drizzle-orm';\nconst raw = sql.raw('DROP TABLE users');",
    "import SQL from 'sql-template-strings';\nexport const doc = SQL`CREATE TABLE users (id int)`;",
    "import { Prisma } from '@prisma/client';\nexport const fragment = Prisma.sql`ALTER TABLE users ADD COLUMN x int`;",
    // a tag that is not SQL, and a callable not from a Postgres module
    "const query = gql`mutation CreateTable { createTable(input: { name: \"users\" }) { id } }`;\nawait client.query({ query });",
    "await client.query(gql`query { drop table }`);",
    "const run = makeRunner();\nawait run`CREATE TABLE users (id int)`;",
    // not SQL handles: GraphQL, search engines, document stores, and other receivers
    `await client.query({ query: GET_USERS, variables: { id } });`,
    `import { Client } from '@elastic/elasticsearch';\nconst client = new Client({ node });\nawait client.indices.create({ index: 'users' });\nawait client.query('CREATE TABLE users');`,
    `await db.createCollection('users');\nawait db.collection('users').createIndex({ email: 1 });`,
    `import { drizzle } from 'drizzle-orm/node-postgres';\nconst db = drizzle(pool);\nawait db.execute(select().from(users));`,
    `const params = new URLSearchParams('q=drop table users');\nsearch.query('DROP TABLE users');\n$('#create').query('CREATE TABLE x');`,
    `const schema = { createTable() {} };\nschema.createTable('users');\nconst builder = { schema: makeSchema() };\nbuilder.schema.createTable('users');`,
    `const migrator = { queryRunner: null };\nfs.createIndex('users');`,
    // arrays of DDL that are only listed or printed
    `${pgPool}const statements = ['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)'];\nfor (const statement of statements) console.log(statement);\nstatements.forEach((text) => print(text));`,
    `${pgPool}const tables = ['users', 'posts'];\nfor (const table of tables) await pool.query(\`SELECT count(*) FROM \${table}\`);`,
    // non-Postgres SQL drivers in the file: name-based handles are off
    `import { Client } from 'cassandra-driver';\nconst client = new Client({ contactPoints });\nawait client.execute('CREATE TABLE ks.users (id uuid PRIMARY KEY)');`,
    `import mysql from 'mysql2/promise';\nconst db = await mysql.createConnection(url);\nawait db.query('CREATE TABLE users (id int)');`,
    `import knex from 'knex';\nconst db = knex({ client: 'mysql2', connection: process.env.MYSQL_URL });\nawait db.schema.createTable('users', (t) => t.increments());\nawait db.raw('CREATE TABLE b (id int)');`,
    "import { drizzle } from 'drizzle-orm/better-sqlite3';\nimport { sql } from 'drizzle-orm';\nconst db = drizzle(sqlite);\ndb.run(sql`CREATE TABLE a (id int)`);\nawait db.execute(sql`CREATE TABLE b (id int)`);",
    "import { Kysely, SqliteDialect } from 'kysely';\nexport async function init(db: Kysely<any>) {\n  await db.schema.createTable('a').execute();\n}",
    `const Database = require('better-sqlite3');\nconst db = new Database('app.db');\ndb.exec('CREATE TABLE users (id int)');`,
    // migrations, by path
    { filename: 'migrations/001_init.ts', code: `${pgPool}await pool.query('CREATE TABLE users (id serial)');` },
    { filename: 'src/db/migrations/002.js', code: `exports.up = (knex) => knex.schema.createTable('users', (t) => t.increments());` },
    { filename: 'prisma/migrate.ts', code: `${pgPool}await pool.query('CREATE SCHEMA app');` },
    {
      filename: 'scripts/schema/001.ts',
      settings: { neon: { migrations: ['scripts/schema/**'] } },
      code: `${pgPool}await pool.query('CREATE SCHEMA app');`,
    },
    // migrations, by shape, in folders the globs do not know
    {
      name: 'knex migration',
      filename: 'src/db/changes/20240101_users.js',
      code: `exports.up = function (knex) {\n  return knex.schema.createTable('users', (t) => { t.increments(); });\n};\nexports.down = (knex) => knex.schema.dropTable('users');`,
    },
    {
      name: 'TypeORM migration class',
      filename: 'src/database/1700000000000-CreateUsers.ts',
      code: `import { MigrationInterface, QueryRunner, Table } from 'typeorm';\nexport class CreateUsers1700000000000 implements MigrationInterface {\n  async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query('CREATE TABLE users (id serial)');\n    await queryRunner.createIndex('users', index);\n  }\n  async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.dropTable('users');\n  }\n}`,
    },
    {
      name: 'TypeORM-style class without the interface',
      filename: 'src/database/AddEmail.ts',
      code: `export default class AddEmail {\n  async up(queryRunner) { await queryRunner.query('ALTER TABLE users ADD email text'); }\n  async down(queryRunner) { await queryRunner.query('ALTER TABLE users DROP email'); }\n}`,
    },
    {
      name: 'Sequelize migration',
      filename: 'db/changes/20240101-users.js',
      code: `module.exports = {\n  async up(queryInterface, Sequelize) {\n    await queryInterface.createTable('users', { id: { type: Sequelize.INTEGER } });\n  },\n  async down(queryInterface) {\n    await queryInterface.dropTable('users');\n  },\n};`,
    },
    {
      name: 'Kysely migration with up only',
      filename: 'src/schema/0001.ts',
      code: `import { Kysely, sql } from 'kysely';\nexport async function up(db: Kysely<any>): Promise<void> {\n  await db.schema.createTable('person').addColumn('id', 'serial').execute();\n  await sql\`CREATE INDEX person_id ON person (id)\`.execute(db);\n}`,
    },
    {
      name: 'node-pg-migrate migration',
      filename: 'schema/1700000000000_users.js',
      code: `exports.up = (pgm) => {\n  pgm.createTable('users', { id: 'id' });\n  pgm.db.query('CREATE INDEX users_id ON users (id)');\n};`,
    },
    {
      name: 'ESM up/down consts',
      filename: 'src/schema/0002.ts',
      code: `${pgPool}export const up = async () => { await pool.query('CREATE TABLE a (id int)'); };\nexport const down = async () => { await pool.query('DROP TABLE a'); };`,
    },
    {
      name: 'up and down exported through a list',
      filename: 'src/schema/0003.js',
      code: `${pgPool}async function up() { await pool.query('CREATE TABLE a (id int)'); }\nasync function down() { await pool.query('DROP TABLE a'); }\nexport { up, down };`,
    },
    // helpers kept in migration-named folders
    {
      name: 'helper in a predefinedMigrations folder',
      filename: 'packages/db/src/predefinedMigrations/dropSnapshot.ts',
      code: "import { sql } from 'drizzle-orm';\nexport async function dropSnapshotColumn(db, table: string) {\n  await db.execute(sql`ALTER TABLE ${sql.identifier(table)} DROP COLUMN snapshot`);\n}",
    },
    {
      name: 'helper of schema alterations',
      filename: 'packages/schemas/alterations/utils/policies.ts',
      code: "import { sql } from 'slonik';\nexport const enableRls = async (pool, table: string) => {\n  await pool.query(sql`ALTER TABLE ${sql.identifier([table])} ENABLE ROW LEVEL SECURITY`);\n};",
    },
    // a runner's own history table is bookkeeping, not the app's schema
    {
      name: 'seed runner tracking table named through drizzle sql.identifier',
      filename: 'scripts/database/seed.script.js',
      code: "import { sql } from 'drizzle-orm';\nimport { drizzle } from 'drizzle-orm/postgres-js';\nimport postgres from 'postgres';\nconst SEED_TABLE = 'seed_history';\nexport async function ensureTracking() {\n  const client = postgres(process.env.DATABASE_URL, { max: 1 });\n  await drizzle(client).execute(sql`CREATE TABLE IF NOT EXISTS ${sql.identifier(SEED_TABLE)} (file_name varchar(255) PRIMARY KEY)`);\n  await client.end();\n}",
    },
    {
      name: 'custom migration runner history table, and its lock',
      filename: 'src/db/runner.ts',
      code: `${pgPool}export async function prepare() {\n  await pool.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz DEFAULT now())');\n  await pool.query('CREATE TABLE IF NOT EXISTS "public"."__app_migrations_lock" (locked boolean)');\n}`,
    },
    {
      name: 'slonik identifier list naming node-pg-migrate history',
      code: "import { sql } from 'slonik';\nawait pool.query(sql`CREATE TABLE IF NOT EXISTS ${sql.identifier(['public', 'pgmigrations'])} (id serial)`);",
    },
    // scratch tables: UNLOGGED, named per run, dropped by the same job
    {
      name: 'UNLOGGED working table dropped in finally',
      code: "import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL as string);\nexport async function run(workingTable: string) {\n  await sequelize.query(`CREATE UNLOGGED TABLE ${workingTable} (id uuid PRIMARY KEY, done boolean DEFAULT false)`);\n  await sequelize.query(`CREATE INDEX ON ${workingTable} (done) WHERE NOT done`);\n  try {\n    await sequelize.query(`INSERT INTO ${workingTable} (id) SELECT id FROM documents`);\n  } finally {\n    await sequelize.query(`DROP TABLE IF EXISTS ${workingTable}`);\n  }\n}",
    },
    {
      name: 'UNLOGGED working table held by the job object, dropped by its cleanup method',
      code: `${pgPool}export class ScoreTask {\n  private table = '';\n  async perform(id: string) {\n    this.table = \`scores_\${id}\`;\n    try { await this.setup(); } finally { await this.cleanup(); }\n  }\n  private async setup() {\n    await pool.query(\`CREATE UNLOGGED TABLE \${this.table} (doc uuid)\`);\n    await pool.query(\`CREATE INDEX \${this.table}_doc ON \${this.table} (doc)\`);\n  }\n  private async cleanup() {\n    await pool.query(\`DROP TABLE IF EXISTS \${this.table} CASCADE\`);\n  }\n}`,
    },
    {
      name: 'a hand-written upgrade step exported as migrate(knex)',
      filename: 'server/db/legacy/index.js',
      code: `module.exports = {\n  async migrate(knex) {\n    if (!(await knex.schema.hasTable('migrations'))) return;\n    await knex.schema.table('users', (table) => { table.string('localeCode', 5).alter(); });\n  },\n};`,
    },
    {
      name: 'MySQL statements in the MySQL branch of a multi-engine app',
      code: "import knex from 'knex';\nconst db = knex({ client: process.env.DB_CLIENT });\nswitch (process.env.DB_CLIENT) {\n  case 'pg':\n    await db.raw('TRUNCATE groups, users CASCADE');\n    break;\n  case 'mysql':\n    await db.raw('ALTER TABLE `groups` AUTO_INCREMENT = 1');\n}",
    },
    {
      name: 'MikroORM migration',
      filename: 'src/schema/Migration20240101.ts',
      code: `import { Migration } from '@mikro-orm/migrations';\nexport class Migration20240101 extends Migration {\n  async up(): Promise<void> {\n    await this.getEntityManager().execute('CREATE TABLE a (id int)');\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'pg pool at startup',
      code: `${pgPool}export async function initDb() {\n  await pool.query('CREATE TABLE IF NOT EXISTS users (id serial PRIMARY KEY, email text)');\n}`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: '' }, line: 4, column: 9 }],
    },
    {
      name: 'through a same-file const, used twice',
      code: `${pgPool}const CREATE_USERS = \`\n  CREATE TABLE IF NOT EXISTS users (\n    id serial PRIMARY KEY\n  )\`;\nawait pool.query(CREATE_USERS);\nexport const reset = () => pool.query(CREATE_USERS);`,
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: '' }, line: 7, column: 7 },
        { messageId: 'ddlOutsideMigration', line: 8, column: 28 },
      ],
    },
    {
      name: 'a const prefix in a concatenation',
      code: `${pgPool}const ADD = 'ALTER TABLE ';\nawait pool.query(ADD + 'users ADD COLUMN age int');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 4, column: 7 }],
    },
    {
      name: 'a template whose hole is a const',
      code: `${pgPool}const TABLE = 'users';\nawait pool.query(\`CREATE INDEX idx_email ON \${TABLE} (email)\`);`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE INDEX idx_email', more: '' }, line: 4, column: 7 }],
    },
    {
      name: 'dynamic schema per tenant',
      code: `${pgPool}export async function addTenant(tenant: string) {\n  await pool.query(\`CREATE SCHEMA IF NOT EXISTS "\${tenant}"\`);\n}`,
      errors: [{ messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE SCHEMA ${…}', more: '' }, line: 4, column: 9 }],
    },
    {
      name: 'several statements in one string',
      code: `${pgPool}await pool.query('CREATE TABLE a (id int); CREATE INDEX ON a (id); INSERT INTO a VALUES (1)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE a', more: ' (and 1 more DDL statement)' }, line: 3, column: 7 }],
    },
    {
      name: 'an array of statements run in a loop, and one mapped into a transaction',
      code: `${pgPool}const statements = [\n  'CREATE TABLE IF NOT EXISTS users (id serial)',\n  'CREATE INDEX IF NOT EXISTS users_id ON users (id)',\n  "INSERT INTO users DEFAULT VALUES",\n];\nfor (const statement of statements) {\n  await pool.query(statement);\n}\nawait Promise.all(['DROP VIEW a', 'DROP VIEW b'].map((text) => pool.query(text)));`,
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: ' (and 1 more DDL statement)' }, line: 9, column: 9 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP VIEW a', more: ' (and 1 more DDL statement)' }, line: 11, column: 64 },
      ],
    },
    {
      name: 'GRANT through a query config',
      code: `${pgPool}await pool.query({ name: 'grant', text: 'GRANT SELECT ON users TO reader' });`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'GRANT ON users', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'pg query config object',
      code: `${pgPool}await pool.query({ text: 'DROP TABLE sessions', values: [] });`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE sessions', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'destructured require, a client checked out of the pool',
      code: `const { Pool } = require('pg');\nconst pool = new Pool();\nconst client = await pool.connect();\ntry { await client.query('CREATE EXTENSION IF NOT EXISTS vector'); } finally { client.release(); }`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE EXTENSION vector', more: '' }, line: 4, column: 13 }],
    },
    {
      name: 'namespace import, a receiver with no telling name',
      code: `import * as pg from 'pg';\nconst c = new pg.Client();\nawait c.query('DROP INDEX users_email');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'DROP INDEX users_email', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'default import of the CommonJS pg package',
      code: `import pg from 'pg';\nconst p = new pg.Pool();\nawait p.query('COMMENT ON TABLE users IS $$people$$');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'COMMENT ON users', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'dynamic import',
      code: `const { Pool } = await import('pg');\nconst p = new Pool();\nawait p.query('GRANT SELECT ON users TO reader');`,
      errors: [{ messageId: 'ddlOutsideMigration', line: 3, column: 7 }],
    },
    {
      name: 'handles known by name: a class property, an imported db, a checked-out client',
      code: `import { db } from '../lib/db';\nclass Repo {\n  constructor(private readonly pool: unknown) {}\n  init() { return this.pool.query('CREATE TABLE a (id int)'); }\n}\nawait db.query('ALTER TABLE a ADD b int');\nawait (await getPool().connect()).query('DROP TABLE a');`,
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE a', more: '' }, line: 4, column: 19 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE a', more: '' }, line: 6, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE a', more: '' }, line: 7, column: 7 },
      ],
    },
    {
      name: "the project's db module exports a query function",
      code: `import { query } from '@/db';\nawait query('CREATE TABLE a (id int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', line: 2, column: 7 }],
    },
    {
      name: 'postgres.js tagged template and sql.unsafe',
      code: "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL);\nawait sql`CREATE TABLE IF NOT EXISTS users (id serial)`;\nawait sql.unsafe('DROP TABLE old_users');",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: '' }, line: 3, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE old_users', more: '' }, line: 4, column: 7 },
      ],
    },
    {
      name: 'postgres.js transaction callback and a const query',
      code: "import postgres from 'postgres';\nconst db = postgres();\nawait db.begin(async (sql) => {\n  await sql`ALTER TABLE users ADD COLUMN age int`;\n});\nconst create = db`CREATE TABLE t (id int)`;\nawait create;",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 4, column: 9 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE t', more: '' }, line: 6, column: 16 },
      ],
    },
    {
      name: 'postgres.js with a dynamic identifier',
      code: "import postgres from 'postgres';\nconst sql = postgres();\nawait sql`CREATE TABLE ${sql(name)} (id int)`;",
      errors: [{ messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE TABLE ${…}', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'neon() under another name',
      code: "import { neon } from '@neondatabase/serverless';\nconst run = neon(process.env.DATABASE_URL!);\nawait run`CREATE INDEX IF NOT EXISTS posts_author ON posts (author_id)`;\nawait run.query('DROP VIEW stats');",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE INDEX posts_author', more: '' }, line: 3, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP VIEW stats', more: '' }, line: 4, column: 7 },
      ],
    },
    {
      name: '@vercel/postgres sql, aliased',
      code: "import { sql as q, db } from '@vercel/postgres';\nawait q`ALTER TABLE users ADD COLUMN bio text`;\nconst client = await db.connect();\nawait client.sql`DROP TABLE tmp_users`;",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 2, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE tmp_users', more: '' }, line: 4, column: 7 },
      ],
    },
    {
      name: 'drizzle sql, a const fragment and sql.raw through db.execute',
      code: "import { sql } from 'drizzle-orm';\nimport { drizzle } from 'drizzle-orm/node-postgres';\nconst db = drizzle(process.env.DATABASE_URL!);\nawait db.execute(sql`CREATE TABLE IF NOT EXISTS users (id serial)`);\nconst addAge = sql`ALTER TABLE users ADD age int`;\nawait db.execute(addAge);\nawait db.execute(sql.raw('DROP TABLE legacy'));",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: '' }, line: 4, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 6, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE legacy', more: '' }, line: 7, column: 7 },
      ],
    },
    {
      name: 'Prisma raw SQL',
      code: "import { PrismaClient, Prisma } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$executeRaw`CREATE TABLE a (id int)`;\nawait prisma.$executeRawUnsafe('ALTER TABLE a ADD b int');\nawait prisma.$transaction(async (tx) => tx.$executeRaw(Prisma.sql`DROP TABLE a`));",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE a', more: '' }, line: 3, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE a', more: '' }, line: 4, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE a', more: '' }, line: 5, column: 41 },
      ],
    },
    {
      name: 'Kysely sql and schema builders, reported at execute()',
      code: "import { Kysely, sql } from 'kysely';\nconst db = new Kysely<any>({ dialect });\nawait sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);\nawait db.schema\n  .createTable('person')\n  .ifNotExists()\n  .addColumn('id', 'serial')\n  .execute();\nawait db.schema.dropIndex('person_id').execute();",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE EXTENSION pg_trgm', more: '' }, line: 3, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE person', more: '' }, line: 4, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP INDEX person_id', more: '' }, line: 9, column: 7 },
      ],
    },
    {
      name: 'knex schema builder, withSchema, raw and a transaction',
      code: "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\nif (!(await db.schema.hasTable('users'))) {\n  await db.schema.createTable('users', (t) => { t.increments(); });\n}\nawait db.schema.withSchema('audit').dropTableIfExists('events');\nawait db.raw('CREATE EXTENSION IF NOT EXISTS citext');\nawait db.transaction(async (trx) => { await trx.schema.alterTable('users', (t) => t.text('bio')); });\nawait db.schema.raw('DROP VIEW v');",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: '' }, line: 4, column: 9 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE events', more: '' }, line: 6, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE EXTENSION citext', more: '' }, line: 7, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 8, column: 45 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP VIEW v', more: '' }, line: 9, column: 7 },
      ],
    },
    {
      name: 'knex required under another name, a dynamic table name',
      code: "const makeKnex = require('knex');\nconst k = makeKnex(config);\nexport const ensure = (name) => k.schema.createTable(name, (t) => t.increments());",
      errors: [{ messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE TABLE ${…}', more: '' }, line: 3, column: 33 }],
    },
    {
      name: 'Sequelize query and query interface',
      code: "const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\nawait sequelize.query('CREATE TABLE a (id int)');\nconst queryInterface = sequelize.getQueryInterface();\nawait queryInterface.addColumn('users', 'email', { type: Sequelize.STRING });\nawait sequelize.getQueryInterface().removeIndex('users', 'users_email');",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE a', more: '' }, line: 3, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 5, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP INDEX users', more: '' }, line: 6, column: 7 },
      ],
    },
    {
      name: 'TypeORM query runner and data source',
      code: "import { DataSource, Table } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres' });\nconst runner = AppDataSource.createQueryRunner();\nawait runner.createTable(new Table({ name: 'users', columns: [] }), true);\nawait AppDataSource.query('ALTER TABLE users ADD COLUMN bio text');\nawait AppDataSource.manager.query('DROP TABLE legacy');",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE users', more: '' }, line: 4, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE users', more: '' }, line: 5, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE legacy', more: '' }, line: 6, column: 7 },
      ],
    },
    {
      name: 'TypeORM Table held in a const, Sequelize dropAllTables with options',
      code: "import { Table } from 'typeorm';\nconst audit = new Table({ name: 'audit', columns: [] });\nawait queryRunner.createTable(audit);\nawait queryInterface.dropAllTables({ skip: ['SequelizeMeta'] });",
      errors: [
        { messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE audit', more: '' }, line: 3, column: 7 },
        { messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE', more: '' }, line: 4, column: 7 },
      ],
    },
    {
      name: 'pg-promise',
      code: "const pgp = require('pg-promise')();\nconst db = pgp(process.env.DATABASE_URL);\nawait db.none('CREATE TABLE IF NOT EXISTS jobs (id serial)');",
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE jobs', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'an exported migrate() that takes no migration handle is not a migration',
      filename: 'src/boot.ts',
      code: `${pgPool}export async function migrate(options: { force: boolean }) {\n  await pool.query('CREATE TABLE IF NOT EXISTS jobs (id int)');\n}`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE jobs', more: '' }, line: 4, column: 9 }],
    },
    {
      name: 'exports up without down, and no migration handle: not a migration',
      filename: 'src/boot.ts',
      code: `${pgPool}export async function up() {\n  await pool.query('CREATE TABLE a (id int)');\n}`,
      errors: [{ messageId: 'ddlOutsideMigration', line: 4, column: 9 }],
    },
    {
      name: 'a class with up and down methods that take no migration handle is not a migration',
      filename: 'src/elevator.ts',
      code: `${pgPool}export class Elevator {\n  up(floors: number) { return floors + 1; }\n  down(floors: number) { return floors - 1; }\n}\nawait pool.query('CREATE TABLE floors (n int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', line: 7, column: 7 }],
    },
    // look-alikes of runner bookkeeping and scratch tables
    {
      name: 'a history table next to an app table: the app table is reported',
      code: `${pgPool}await pool.query('CREATE TABLE IF NOT EXISTS seed_history (name text); CREATE TABLE IF NOT EXISTS plants (id int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE plants', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'a table whose name only starts like a history table',
      code: `${pgPool}await pool.query('CREATE TABLE IF NOT EXISTS migrations_report (id int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE migrations_report', more: '' }, line: 3, column: 7 }],
    },
    {
      name: 'a logged per-run table is part of the schema until dropped',
      code: `${pgPool}export async function run(t: string) {\n  await pool.query(\`CREATE TABLE \${t} (id int)\`);\n  try { await work(t); } finally { await pool.query(\`DROP TABLE \${t}\`); }\n}`,
      errors: [
        { messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE TABLE ${…}', more: '' }, line: 4, column: 9 },
        { messageId: 'dynamicDdlOutsideMigration', data: { statement: 'DROP TABLE ${…}', more: '' }, line: 5, column: 42 },
      ],
    },
    {
      name: 'an UNLOGGED per-tenant table that nothing drops',
      code: `${pgPool}export async function provision(tenant: string) {\n  await pool.query(\`CREATE UNLOGGED TABLE IF NOT EXISTS cache_\${tenant} (k text PRIMARY KEY, v jsonb)\`);\n}`,
      errors: [{ messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE TABLE ${…}', more: '' }, line: 4, column: 9 }],
    },
    {
      name: 'UNLOGGED create and a drop of another variable of the same name',
      code: `${pgPool}export async function create(name: string) {\n  await pool.query(\`CREATE UNLOGGED TABLE \${name} (id int)\`);\n}\nexport async function drop(name: string) {\n  await pool.query(\`DROP TABLE \${name}\`);\n}`,
      errors: [
        { messageId: 'dynamicDdlOutsideMigration', line: 4, column: 9 },
        { messageId: 'dynamicDdlOutsideMigration', data: { statement: 'DROP TABLE ${…}', more: '' }, line: 7, column: 9 },
      ],
    },
    // an index named by its table
    {
      name: 'an unnamed index on a table computed at run time',
      code: `${pgPool}export const index = (t: string) => pool.query(\`CREATE INDEX ON \${t} (done)\`);`,
      errors: [{ messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE INDEX ON ${…}', more: '' }, line: 3, column: 37 }],
    },
    {
      name: 'an unnamed index on a fixed table',
      code: `${pgPool}await pool.query('CREATE INDEX ON users (email)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE INDEX ON users', more: '' }, line: 3, column: 7 }],
    },
    // statements collected in an array and run at once
    {
      name: 'pushed into an array and joined',
      code: `${pgPool}export async function setup(names: string[]) {\n  const statements: string[] = [];\n  statements.push('ALTER TABLE index_data ADD COLUMN IF NOT EXISTS staled_at timestamptz');\n  for (const name of names) statements.push(\`CREATE TABLE IF NOT EXISTS cat_\${name} PARTITION OF index_data FOR VALUES IN ('\${name}')\`);\n  statements.push('ANALYZE index_data');\n  await pool.query(statements.join('; '));\n}`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'ALTER TABLE index_data', more: ' (and 1 more DDL statement)' }, line: 8, column: 9 }],
    },
    {
      name: 'pushed into a let array, run one by one',
      code: `${pgPool}let ddl = ['CREATE EXTENSION IF NOT EXISTS pgcrypto'];\nddl.push('CREATE TABLE IF NOT EXISTS events (id uuid DEFAULT gen_random_uuid())');\nfor (const statement of ddl) await pool.query(statement);`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE EXTENSION pgcrypto', more: ' (and 1 more DDL statement)' }, line: 5, column: 36 }],
    },
    {
      name: 'arrays built per key in a map callback, flattened and joined',
      code: "export async function createPartitions(manager, keys: string[]) {\n  const partitions = keys\n    .map((key) => {\n      const part: string[] = [];\n      part.push(`CREATE TABLE IF NOT EXISTS cat_${key} PARTITION OF index_data FOR VALUES IN ('${key}')`);\n      return part;\n    })\n    .flat();\n  partitions.push('ANALYZE index_data');\n  await manager.execute(partitions.join('; '));\n}",
      errors: [{ messageId: 'dynamicDdlOutsideMigration', data: { statement: 'CREATE TABLE ${…}', more: '' }, line: 10, column: 9 }],
    },
    {
      name: 'an array literal joined',
      code: `${pgPool}await pool.query(['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)'].join(';'));`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE a', more: ' (and 1 more DDL statement)' }, line: 3, column: 7 }],
    },
    {
      name: 'a test-shaped path is still linted without the preset',
      filename: 'src/users.test.ts',
      code: `${pgPool}beforeAll(() => pool.query('CREATE TABLE a (id int)'));`,
      errors: [{ messageId: 'ddlOutsideMigration', line: 3, column: 17 }],
    },
  ],
});
