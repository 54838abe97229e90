import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import rule from '../../rules/no-hardcoded-connection-string';

const ruleTester = new RuleTester();
const PACKAGE_SCRIPTS = path.resolve(__dirname, '../../fixtures/rules/package-scripts');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- espree ships no types
const espreeTester = new RuleTester({ languageOptions: { parser: require('espree'), parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });

const NEON_URL = 'postgresql://alice:s3cret@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require';
const NEON_URL_REDACTED = 'postgresql://alice:****@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require';

ruleTester.run('no-hardcoded-connection-string', rule, {
  valid: [
    // read from the environment
    `const url = process.env.DATABASE_URL;`,
    `const url = \`postgres://\${process.env.PGUSER}:\${process.env.PGPASSWORD}@\${process.env.PGHOST}/\${process.env.PGDATABASE}\`;`,
    `const url = 'postgres://' + user + ':' + password + '@' + host + '/' + db;`,
    // placeholders and documentation
    `const example = 'postgres://user:password@host:5432/db';`,
    `const example = 'postgres://USER:PASSWORD@HOST:5432/DB';`,
    `const example = 'postgres://username:password@hostname/database';`,
    `const help = 'Set DATABASE_URL, e.g. postgresql://<user>:<password>@<host>/<db>';`,
    `const syntax = 'postgresql://[user[:password]@][netloc][:port][/dbname][?param1=value1&...]';`,
    `const example = 'postgres://alice:your-password@ep-xxx.us-east-2.aws.neon.tech/neondb';`,
    `const dsn = "host=<host> user=<user> password=<password> dbname=<db>";`,
    // comments are not code
    `// postgres://alice:s3cret@ep-cool-123.neon.tech/db\nconst url = process.env.DATABASE_URL;`,
    `/** Example: postgres://alice:s3cret@db.acme.io/app */\nexport const url = process.env.DATABASE_URL;`,
    // other schemes
    `const cache = 'redis://:s3cret@cache.acme.io:6379';`,
    `const other = 'mysql://root:s3cret@db.acme.io/app';`,
    `const site = 'https://alice:s3cret@acme.io/postgres';`,
    // a local database without a password, not as a fallback
    `const url = 'postgres://localhost:5432/app';`,
    `const url = 'postgres:///app?host=/var/run/postgresql';`,
    `const dsn = 'host=localhost dbname=app';`,
    // a conditional is not a fallback
    `const url = process.env.NODE_ENV === 'production' ? process.env.DATABASE_URL : 'postgres://localhost/dev';`,
    // not a DSN: SQL and look-alike text
    `await sql.query("UPDATE users SET password = 'x' WHERE host = 'y'");`,
    `const label = 'password=';`,
    // type positions are not values
    `type Url = 'postgres://alice:s3cret@ep-cool-123.neon.tech/db';`,
    // dynamic or placeholder passwords in client options
    `import { Pool } from 'pg';\nnew Pool({ host: 'db.acme.io', password: process.env.PGPASSWORD });`,
    `import { Pool } from 'pg';\nnew Pool({ password: '' });`,
    `import { Pool } from 'pg';\nnew Pool({ password: '<password>' });`,
    `import { Pool } from 'pg';\nnew Pool({ password: \`\${secret}\` });`,
    // a password on something that is not a Postgres client
    `import { Pool } from 'generic-pool';\nnew Pool({ password: 's3cret' });`,
    `import nodemailer from 'nodemailer';\nnodemailer.createTransport({ auth: { user: 'a', pass: 's3cret' } });`,
    `const login = { username: 'alice', password: 's3cret' };`,
    `import { Pool } from 'pg';\nfunction f(Pool) { return new Pool({ password: 's3cret' }); }`,
    // another engine
    `import { Sequelize } from 'sequelize';\nnew Sequelize('app', 'root', 's3cret', { host: 'db.acme.io', dialect: 'mysql' });`,
    `import knex from 'knex';\nknex({ client: 'mysql2', connection: { host: 'db.acme.io', password: 's3cret' } });`,
    `import { Sequelize } from 'sequelize';\nnew Sequelize(process.env.DATABASE_URL);`,
    // test files: local databases may carry a password, also as a fallback
    { code: `const url = 'postgres://postgres:postgres@localhost:5432/test';`, filename: 'src/db.test.ts' },
    { code: `const url = process.env.DATABASE_URL || 'postgres://test:test@127.0.0.1/test';`, filename: 'test/setup.ts' },
    { code: `import { Pool } from 'pg';\nnew Pool({ host: 'localhost', password: 'postgres' });`, filename: 'src/__tests__/pool.ts' },
    { code: `import { Sequelize } from 'sequelize';\nnew Sequelize('app', 'postgres', 'postgres', { host: 'db', dialect: 'postgres' });`, filename: 'src/user.spec.ts' },
    { code: `const url = 'postgres://alice@ep-cool-123.us-east-2.aws.neon.tech/neondb';`, filename: 'src/db.test.ts' },
    // scripts and seeds: the developer's own database, named or by default (no host: the local socket)
    {
      code: `import pg from 'pg';\nexport async function tables(database) {\n  const pool = new pg.Pool({ database, user: 'postgres', password: 'postgres' });\n  return pool.query('select 1');\n}`,
      filename: '.scripts/compare.js',
    },
    { code: `import { Client } from 'pg';\nnew Client({ host: 'localhost', port: 5432, user: 'postgres', password: 'postgres' });`, filename: 'scripts/reset-db.ts' },
    { code: `const url = 'postgres://postgres:postgres@localhost:5432/app';`, filename: 'prisma/seed.ts' },
    { code: `import { Sequelize } from 'sequelize';\nnew Sequelize('app', 'postgres', 'postgres', { dialect: 'postgres' });`, filename: 'db/seeders/load.js' },
    // a file a package.json script runs (`"db:setup": "npx tsx lib/db/setup.ts"`) is a script, whatever its folder
    { code: `export const localUrl = () => 'postgres://postgres:postgres@localhost:54322/postgres';`, filename: path.join(PACKAGE_SCRIPTS, 'lib/db/setup.ts') },
  ],
  invalid: [
    // ...but not its remote databases, and not a file no script runs next to it
    {
      code: `export const url = () => 'postgres://postgres:s3cret@db.example.com:5432/postgres';`,
      filename: path.join(PACKAGE_SCRIPTS, 'lib/db/setup.ts'),
      errors: [{ messageId: 'hardcodedConnectionString', suggestions: [{ messageId: 'useEnv', output: 'export const url = () => process.env.DATABASE_URL;' }] }],
    },
    {
      code: `export const url = 'postgres://postgres:postgres@localhost:54322/postgres';`,
      filename: path.join(PACKAGE_SCRIPTS, 'lib/db/drizzle.ts'),
      errors: [{ messageId: 'hardcodedConnectionString', suggestions: [{ messageId: 'useEnv', output: 'export const url = process.env.DATABASE_URL;' }] }],
    },
    {
      code: `const url = '${NEON_URL}';`,
      errors: [
        {
          messageId: 'hardcodedConnectionString',
          line: 1,
          column: 13,
          data: { url: NEON_URL_REDACTED, reason: 'it contains a password', envVar: 'DATABASE_URL' },
          suggestions: [{ messageId: 'useEnv', data: { replacement: 'process.env.DATABASE_URL' }, output: `const url = process.env.DATABASE_URL;` }],
        },
      ],
    },
    // a local database with a password outside tests
    {
      code: `export const url = "postgres://postgres:postgres@localhost:5432/app";`,
      errors: [
        {
          messageId: 'hardcodedConnectionString',
          line: 1,
          column: 20,
          suggestions: [{ messageId: 'useEnv', output: `export const url = process.env.DATABASE_URL;` }],
        },
      ],
    },
    // a remote host without a password
    {
      code: `const url = 'postgres://db.acme.io:5432/app';`,
      errors: [{ messageId: 'hardcodedConnectionString', data: { url: 'postgres://db.acme.io:5432/app', reason: 'it names a remote host', envVar: 'DATABASE_URL' }, line: 1, column: 13, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    // a template literal: the static parts hold the credentials
    {
      code: 'const url = `postgres://alice:s3cret@ep-cool-123.us-east-2.aws.neon.tech/${db}`;',
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 13, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    // a remote host among dynamic credentials
    {
      code: 'const url = `postgres://${user}:${pass}@ep-cool-123.us-east-2.aws.neon.tech/neondb`;',
      errors: [{ messageId: 'hardcodedConnectionString', data: { url: 'postgres://${…}:****@ep-cool-123.us-east-2.aws.neon.tech/neondb', reason: 'it names a remote host', envVar: 'DATABASE_URL' }, line: 1, column: 13, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    // a concatenation reports once, at the whole expression
    {
      code: `const url = 'postgres://alice:' + 's3cret' + '@db.acme.io/' + name;`,
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 13, endColumn: 67, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    // a key=value DSN with a quoted password
    {
      code: `const dsn = "host=ep-cool-123.us-east-2.aws.neon.tech user=alice password='s3 cret' dbname=neondb sslmode=require";`,
      errors: [
        {
          messageId: 'hardcodedConnectionString',
          data: { url: 'host=ep-cool-123.us-east-2.aws.neon.tech user=alice password=**** dbname=neondb sslmode=require', reason: 'it contains a password', envVar: 'DATABASE_URL' },
          line: 1,
          column: 13,
          suggestions: [{ messageId: 'useEnv', output: `const dsn = process.env.DATABASE_URL;` }],
        },
      ],
    },
    // inside a longer text there is no safe replacement
    {
      code: `console.log('connecting to postgres://alice:s3cret@db.acme.io/app');`,
      errors: [{ messageId: 'hardcodedConnectionString', data: { url: 'postgres://alice:****@db.acme.io/app', reason: 'it contains a password', envVar: 'DATABASE_URL' }, line: 1, column: 13, suggestions: [] }],
    },
    // an object key cannot become an expression
    {
      code: `const labels = { 'postgres://alice:s3cret@db.acme.io/app': 'primary' };`,
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 18, suggestions: [] }],
    },
    // a JSX attribute needs braces
    {
      code: `const el = <Db url="postgres://alice:s3cret@db.acme.io/app" />;`,
      filename: 'src/panel.tsx',
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 20, suggestions: [{ messageId: 'useEnv', output: `const el = <Db url={process.env.DATABASE_URL} />;` }] }],
    },
    // the env var name comes from the option, or from settings.neon.envVar
    {
      code: `const url = 'postgres://alice:s3cret@db.acme.io/app';`,
      options: [{ envVar: 'PRIMARY_DB_URL' }],
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 13, suggestions: [{ messageId: 'useEnv', data: { replacement: 'process.env.PRIMARY_DB_URL' }, output: `const url = process.env.PRIMARY_DB_URL;` }] }],
    },
    {
      code: `const url = 'postgres://alice:s3cret@db.acme.io/app';`,
      settings: { neon: { envVar: 'NEON_DATABASE_URL' } },
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 13, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.NEON_DATABASE_URL;` }] }],
    },
    // localhost fallbacks
    {
      code: `const url = process.env.DATABASE_URL || 'postgres://localhost:5432/app';`,
      errors: [
        {
          messageId: 'envFallback',
          data: { url: 'postgres://localhost:5432/app', env: 'process.env.DATABASE_URL' },
          line: 1,
          column: 41,
          suggestions: [{ messageId: 'removeFallback', output: `const url = process.env.DATABASE_URL;` }],
        },
      ],
    },
    {
      code: `const url = process.env['DATABASE_URL'] ?? \`postgres://postgres:postgres@localhost/app\`;`,
      errors: [{ messageId: 'envFallback', line: 1, column: 44, suggestions: [{ messageId: 'removeFallback', output: `const url = process.env['DATABASE_URL'];` }] }],
    },
    {
      code: `const url = (process.env.DATABASE_URL || process.env.POSTGRES_URL || 'postgres://localhost/app') as string;`,
      errors: [{ messageId: 'envFallback', line: 1, column: 70, suggestions: [{ messageId: 'removeFallback', output: `const url = (process.env.DATABASE_URL || process.env.POSTGRES_URL) as string;` }] }],
    },
    {
      code: `const { DATABASE_URL = 'postgres://localhost/app' } = process.env;`,
      errors: [{ messageId: 'envFallback', data: { url: 'postgres://localhost/app', env: 'process.env.DATABASE_URL' }, line: 1, column: 24, suggestions: [{ messageId: 'removeFallback', output: `const { DATABASE_URL } = process.env;` }] }],
    },
    {
      code: `app.get('/', (c) => c.json(c.env.DATABASE_URL || 'postgres://localhost/app'));`,
      errors: [{ messageId: 'envFallback', line: 1, column: 50, suggestions: [{ messageId: 'removeFallback', output: `app.get('/', (c) => c.json(c.env.DATABASE_URL));` }] }],
    },
    // in tests, a remote host with a password is still flagged, also as a fallback
    {
      code: `const url = process.env.DATABASE_URL || '${NEON_URL}';`,
      filename: 'test/db.test.ts',
      errors: [{ messageId: 'envFallback', data: { url: NEON_URL_REDACTED, env: 'process.env.DATABASE_URL' }, line: 1, column: 41, suggestions: [{ messageId: 'removeFallback', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    {
      code: `const url = 'postgres://alice:npg_AbCdEf123456@localhost:5432/neondb';`,
      filename: 'src/db.spec.ts',
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 13, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    // Workers: the env binding, when one is in scope
    {
      code: `export default {\n  async fetch(request, env) {\n    return connect('postgres://alice:s3cret@db.acme.io/app');\n  },\n};`,
      errors: [{ messageId: 'hardcodedConnectionString', line: 3, column: 20, suggestions: [{ messageId: 'useEnv', data: { replacement: 'env.DATABASE_URL' }, output: `export default {\n  async fetch(request, env) {\n    return connect(env.DATABASE_URL);\n  },\n};` }] }],
    },
    {
      code: `const sql = connect('postgres://alice:s3cret@db.acme.io/app');\nexport default { async fetch() { return new Response('ok'); } };`,
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 21, suggestions: [] }],
    },
    // literal passwords in client options: every catalog entry, every disguise
    {
      code: `import { Pool } from 'pg';\nconst pool = new Pool({ host: 'db.acme.io', user: 'app', password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'new Pool()', envVar: 'DATABASE_URL' }, line: 2, column: 68 }],
    },
    {
      code: `import pg from 'pg';\nnew pg.Client({ password: "s3cret" });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'new Client()', envVar: 'DATABASE_URL' }, line: 2, column: 27 }],
    },
    {
      code: `const { Pool: PgPool } = require('pg');\nconst options = { password: 's3cret' };\nnew PgPool(options);`,
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 29 }],
    },
    {
      code: `import * as neon from '@neondatabase/serverless';\nnew neon.Pool({ password: process.env.PGPASSWORD || 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 53 }],
    },
    {
      code: `async function f() {\n  const { Client } = await import('pg');\n  return new Client({ password: 's3cret' });\n}`,
      errors: [{ messageId: 'hardcodedPassword', line: 3, column: 33 }],
    },
    {
      code: `import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'postgres', host: 'db.acme.io', password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'new DataSource()', envVar: 'DATABASE_URL' }, line: 2, column: 81 }],
    },
    {
      code: `import { TypeOrmModule } from '@nestjs/typeorm';\nTypeOrmModule.forRoot({ type: 'postgres', password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'TypeOrmModule.forRoot()', envVar: 'DATABASE_URL' }, line: 2, column: 53 }],
    },
    {
      code: `const knex = require('knex');\nknex({ client: 'pg', connection: { host: 'db.acme.io', password: 's3cret' } });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'knex()', envVar: 'DATABASE_URL' }, line: 2, column: 66 }],
    },
    {
      code: `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', dbCredentials: { host: 'db.acme.io', password: 's3cret', database: 'app' } });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'defineConfig()', envVar: 'DATABASE_URL' }, line: 2, column: 101 }],
    },
    {
      code: `import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL, { password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'postgres()', envVar: 'DATABASE_URL' }, line: 2, column: 60 }],
    },
    {
      code: `import postgres from 'postgres';\nconst sql = postgres({ host: 'db.acme.io', password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 54 }],
    },
    {
      code: `import { MikroORM } from '@mikro-orm/postgresql';\nawait MikroORM.init({ dbName: 'app', password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'MikroORM.init()', envVar: 'DATABASE_URL' }, line: 2, column: 48 }],
    },
    {
      code: `import { Sequelize } from 'sequelize';\nnew Sequelize({ dialect: 'postgres', host: 'db.acme.io', password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'new Sequelize()', envVar: 'DATABASE_URL' }, line: 2, column: 68 }],
    },
    // Sequelize positional credentials
    {
      code: `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize('app', 'alice', 's3cret', { host: 'db.acme.io', dialect: 'postgres' });`,
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'new Sequelize()', envVar: 'DATABASE_URL' }, line: 2, column: 49 }],
    },
    {
      code: `import { Sequelize } from 'sequelize-typescript';\nnew Sequelize('app', 'alice', 's3cret', { host: 'db.acme.io', dialect: 'postgres' });`,
      filename: 'src/models.test.ts',
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 31 }],
    },
    // a remote host in a test file keeps its password flagged
    {
      code: `import { Pool } from 'pg';\nnew Pool({ host: 'ep-cool-123.us-east-2.aws.neon.tech', password: 's3cret' });`,
      filename: 'test/pool.test.ts',
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 67 }],
    },
  ],
});

espreeTester.run('no-hardcoded-connection-string (espree)', rule, {
  valid: [
    `const url = process.env.DATABASE_URL;`,
    `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });`,
  ],
  invalid: [
    {
      code: `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: 'postgres://alice:s3cret@db.acme.io/app' });`,
      errors: [{ messageId: 'hardcodedConnectionString', line: 2, column: 47, suggestions: [{ messageId: 'useEnv', output: `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });` }] }],
    },
    {
      code: `const { Pool } = require('pg');\nnew Pool({ password: 's3cret' });`,
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 22 }],
    },
    // the script relaxation covers only local databases, and only scripts
    {
      name: 'the local-script shape in app code',
      code: `import pg from 'pg';\nexport const pool = new pg.Pool({ database: 'app', user: 'postgres', password: 'postgres' });`,
      filename: 'src/db.js',
      errors: [{ messageId: 'hardcodedPassword', data: { display: 'new Pool()', envVar: 'DATABASE_URL' }, line: 2, column: 80 }],
    },
    {
      name: 'a script with a remote host',
      code: `import { Pool } from 'pg';\nnew Pool({ host: 'db.acme.io', password: 's3cret' });`,
      filename: 'scripts/backfill.ts',
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 42 }],
    },
    {
      name: 'a script whose host comes from the environment',
      code: `import { Pool } from 'pg';\nnew Pool({ host: process.env.PGHOST, password: 's3cret' });`,
      filename: 'scripts/backfill.ts',
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 48 }],
    },
    {
      name: 'a script with the URL from the environment and a password beside it',
      code: `import postgres from 'postgres';\npostgres(process.env.DATABASE_URL, { password: 's3cret' });`,
      filename: 'scripts/backfill.ts',
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 48 }],
    },
    {
      name: 'a Neon password in a seed, even for a local host',
      code: `const url = 'postgres://alice:npg_AbCdEf123456@localhost:5432/neondb';`,
      filename: 'prisma/seed.js',
      errors: [{ messageId: 'hardcodedConnectionString', line: 1, column: 13, suggestions: [{ messageId: 'useEnv', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    {
      name: 'a seed with a local fallback',
      code: `const url = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost/app';`,
      filename: 'scripts/seed.js',
      errors: [{ messageId: 'envFallback', line: 1, column: 41, suggestions: [{ messageId: 'removeFallback', output: `const url = process.env.DATABASE_URL;` }] }],
    },
    {
      code: `const url = process.env.DATABASE_URL || 'postgres://localhost/app';`,
      errors: [{ messageId: 'envFallback', line: 1, column: 41, suggestions: [{ messageId: 'removeFallback', output: `const url = process.env.DATABASE_URL;` }] }],
    },
  ],
});

describe('no-hardcoded-connection-string messages', () => {
  const secrets = ['s3cret', 'npg_AbCdEf123456', 'a b c'];
  const sources = [
    `const a = '${NEON_URL}';`,
    `const b = process.env.DATABASE_URL || 'postgres://alice:npg_AbCdEf123456@ep-x.neon.tech/db';`,
    `const c = "host=ep-x.neon.tech password='a b c' dbname=d";`,
    'const d = `postgres://alice:s3cret@${host}/db`;',
    `console.log('see postgres://h.io/db?user=alice&password=s3cret');`,
    `import { Pool } from 'pg';\nnew Pool({ password: 's3cret' });`,
  ];

  it('never contain a password, nor do suggestions', () => {
    const linter = new Linter({ configType: 'flat' });
    for (const code of sources) {
      const messages = linter.verify(code, [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser as never },
          plugins: { neon: { rules: { 'no-hardcoded-connection-string': rule } } as never },
          rules: { 'neon/no-hardcoded-connection-string': 'error' },
        },
      ], 'src/app.ts');
      expect(messages.length, code).toBe(1);
      for (const message of messages) {
        const shown = [message.message, ...(message.suggestions ?? []).flatMap((suggestion) => [suggestion.desc, suggestion.fix.text])].join('\n');
        for (const secret of secrets) expect(shown).not.toContain(secret);
      }
    }
  });
});
