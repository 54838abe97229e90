import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-insecure-ssl';

const ruleTester = new RuleTester();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- espree ships no types
const espreeTester = new RuleTester({ languageOptions: { parser: require('espree'), parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });

ruleTester.run('no-insecure-ssl', rule, {
  valid: [
    // verified TLS
    `import { Pool } from 'pg';\nnew Pool({ connectionString: process.env.DATABASE_URL, ssl: true });`,
    `import { Pool } from 'pg';\nnew Pool({ ssl: { rejectUnauthorized: true, ca: process.env.PG_CA } });`,
    `import postgres from 'postgres';\npostgres(process.env.DATABASE_URL, { ssl: 'require' });`,
    `import postgres from 'postgres';\npostgres(process.env.DATABASE_URL, { ssl: 'verify-full' });`,
    // dynamic values are the deployment's choice
    `import { Pool } from 'pg';\nnew Pool({ ssl: process.env.PGSSL === 'true' });`,
    `import { Pool } from 'pg';\nnew Pool({ ssl: { rejectUnauthorized: process.env.NODE_ENV === 'production' } });`,
    `import { Pool } from 'pg';\nnew Pool({ ssl: isLocal ? false : true });`,
    // a local database may skip TLS
    `import { Pool } from 'pg';\nnew Pool({ host: 'localhost', ssl: false });`,
    `import { Pool } from 'pg';\nnew Pool({ connectionString: 'postgres://localhost:5432/app', ssl: { rejectUnauthorized: false } });`,
    `const url = 'postgres://localhost:5432/app?sslmode=disable';`,
    `const dsn = 'host=/var/run/postgresql dbname=app sslmode=disable';`,
    // rejectUnauthorized on things that are not Postgres clients
    `import https from 'node:https';\nhttps.request({ host: 'api.acme.io', rejectUnauthorized: false });`,
    `import https from 'node:https';\nnew https.Agent({ rejectUnauthorized: false });`,
    `import axios from 'axios';\naxios.create({ httpsAgent: new Agent({ rejectUnauthorized: false }) });`,
    `import nodemailer from 'nodemailer';\nnodemailer.createTransport({ host: 'smtp.acme.io', tls: { rejectUnauthorized: false } });`,
    `import { createClient } from 'redis';\ncreateClient({ socket: { tls: true, rejectUnauthorized: false } });`,
    `const options = { ssl: { rejectUnauthorized: false } };\nconnectElsewhere(options);`,
    `import { Pool } from 'generic-pool';\nnew Pool({ ssl: false });`,
    `import { Pool } from 'pg';\nfunction f(Pool) { return new Pool({ ssl: false }); }`,
    // exported configs of another engine, of a local database, or of no database at all
    `module.exports = { production: { client: 'mysql2', connection: { host: 'db.acme.io', ssl: { rejectUnauthorized: false } } } };`,
    `module.exports = { development: { client: 'pg', connection: { host: 'localhost', ssl: false } } };`,
    `export default { type: 'module', ssl: false };`,
    `module.exports = { smtp: { host: 'smtp.acme.io', tls: { rejectUnauthorized: false } } };`,
    // a config object that is neither exported nor passed to a client
    `const config = { client: 'pg', connection: { ssl: { rejectUnauthorized: false } } };\nprint(config);`,
    // helpers that return verified TLS, or that the rule cannot see into
    `import { Pool } from 'pg';\nfunction sslFor(url: string) {\n  return url.includes('localhost') ? false : { rejectUnauthorized: true };\n}\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: sslFor(process.env.DATABASE_URL!) });`,
    `import { Pool } from 'pg';\nimport { sslFor } from './tls';\nexport const pool = new Pool({ ssl: sslFor() });`,
    `import { Pool } from 'pg';\nconst helpers = { ssl: () => ({ rejectUnauthorized: false }) };\nexport const pool = new Pool({ ssl: other.ssl() });`,
    // another engine
    `import { Sequelize } from 'sequelize';\nnew Sequelize({ dialect: 'mysql', dialectOptions: { ssl: { rejectUnauthorized: false } } });`,
    // secure or foreign sslmodes
    `const url = 'postgres://alice@ep-cool-123.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require';`,
    `const url = 'postgres://h.acme.io/db?sslmode=verify-full';`,
    `const url = 'postgres://h.acme.io/db?sslmode=verify-ca';`,
    `const dsn = 'host=h.acme.io dbname=d sslmode=verify-full';`,
    `const url = 'mysql://h.acme.io/db?sslmode=disable';`,
    `const url = \`postgres://h.acme.io/db?sslmode=\${mode}\`;`,
    // NODE_TLS_REJECT_UNAUTHORIZED look-alikes
    `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';`,
    `const value = process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0';`,
    `function f(process) { process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; }`,
    `config.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';`,
  ],
  invalid: [
    {
      // a Prisma driver adapter's config is the pool's
      code: `import { PrismaPg } from '@prisma/adapter-pg';\nnew PrismaPg({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new PrismaPg()' }, line: 2, column: 67 }],
    },
    {
      code: `import { Pool } from 'pg';\nnew Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new Pool()' }, line: 2, column: 63 }],
    },
    {
      code: `import pg from 'pg';\nconst ssl = { rejectUnauthorized: false };\nnew pg.Client({ ssl });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new Client()' }, line: 2, column: 15 }],
    },
    {
      code: `const { Pool } = require('@neondatabase/serverless');\nconst config = { host: 'ep-cool-123.us-east-2.aws.neon.tech', ssl: { rejectUnauthorized: false } };\nnew Pool(config);\nnew Pool(config);`,
      errors: [{ messageId: 'rejectUnauthorized', line: 2, column: 70 }],
    },
    {
      code: `import { Pool } from 'pg';\nnew Pool({ ssl: process.env.NODE_ENV === 'production' ? { rejectUnauthorized: false } : false });`,
      errors: [{ messageId: 'rejectUnauthorized', line: 2, column: 59 }],
    },
    {
      code: `import { Pool } from 'pg';\nnew Pool({ connectionString: process.env.DATABASE_URL, ssl: false });`,
      errors: [{ messageId: 'sslDisabled', data: { display: 'new Pool()', value: 'false' }, line: 2, column: 56 }],
    },
    {
      code: `import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!, { ssl: 'prefer' });`,
      errors: [{ messageId: 'sslDisabled', data: { display: 'postgres()', value: "'prefer'" }, line: 2, column: 51 }],
    },
    {
      code: `import postgres from 'postgres';\npostgres({ host: 'db.acme.io', ssl: 'disable' });`,
      errors: [{ messageId: 'sslDisabled', data: { display: 'postgres()', value: "'disable'" }, line: 2, column: 32 }],
    },
    {
      code: `import { Sequelize } from 'sequelize';\nnew Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', dialectOptions: { ssl: { require: true, rejectUnauthorized: false } } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new Sequelize()' }, line: 2, column: 104 }],
    },
    {
      code: `import { DataSource } from 'typeorm';\nnew DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { ssl: { rejectUnauthorized: false } } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new DataSource()' }, line: 2, column: 83 }],
    },
    {
      code: `import { TypeOrmModule } from '@nestjs/typeorm';\nTypeOrmModule.forRoot({ type: 'postgres', ssl: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'TypeOrmModule.forRoot()' }, line: 2, column: 50 }],
    },
    {
      code: `import knex from 'knex';\nknex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'knex()' }, line: 2, column: 87 }],
    },
    {
      code: `import { MikroORM } from '@mikro-orm/postgresql';\nawait MikroORM.init({ driverOptions: { connection: { ssl: { rejectUnauthorized: false } } } });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'MikroORM.init()' }, line: 2, column: 61 }],
    },
    {
      code: `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', dbCredentials: { url: process.env.DATABASE_URL!, ssl: false } });`,
      errors: [{ messageId: 'sslDisabled', data: { display: 'defineConfig()', value: 'false' }, line: 2, column: 103 }],
    },
    // sslmode in URLs and DSNs
    {
      code: `const url = 'postgres://alice:s3cret@ep-cool-123.us-east-2.aws.neon.tech/neondb?sslmode=disable';`,
      errors: [
        {
          messageId: 'insecureSslMode',
          data: { mode: 'disable', url: 'postgres://alice:****@ep-cool-123.us-east-2.aws.neon.tech/neondb?sslmode=disable', effect: 'turns TLS off' },
          line: 1,
          column: 13,
        },
      ],
    },
    {
      code: 'const url = `postgres://${user}:${password}@${host}/app?sslmode=no-verify`;',
      errors: [{ messageId: 'insecureSslMode', data: { mode: 'no-verify', url: 'postgres://${…}:****@${…}/app?sslmode=no-verify', effect: 'accepts any server certificate' }, line: 1, column: 13 }],
    },
    {
      code: `const url = process.env.DATABASE_HOST + '/app?' + 'sslmode=prefer' ;\nconst full = 'postgres://' + host + '/app?sslmode=allow';`,
      errors: [{ messageId: 'insecureSslMode', data: { mode: 'allow', url: 'postgres://${…}/app?sslmode=allow', effect: 'lets the connection fall back to plaintext' }, line: 2, column: 14 }],
    },
    {
      code: `const dsn = "host=db.acme.io dbname=app user=alice sslmode=prefer";`,
      errors: [{ messageId: 'insecureSslMode', data: { mode: 'prefer', url: 'host=db.acme.io dbname=app user=alice sslmode=prefer', effect: 'lets the connection fall back to plaintext' }, line: 1, column: 13 }],
    },
    // configs a file exports for a tool that builds the client (knexfile, sequelize-cli, ormconfig)
    {
      name: 'knexfile environment',
      code: `module.exports = {\n  production: {\n    client: 'pg',\n    connection: { connectionString: process.env.DATABASE_URL_UNPOOLED, ssl: { rejectUnauthorized: false } },\n  },\n};`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: "{ client: 'pg' }" }, line: 4, column: 79 }],
    },
    {
      name: 'sequelize-cli config whose dialect comes from a shared object',
      code: `const shared = { dialect: 'postgres', use_env_variable: 'DATABASE_URL' };\nmodule.exports = {\n  development: shared,\n  production: { ...shared, dialectOptions: { ssl: { rejectUnauthorized: false } } },\n};`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: "{ dialect: 'postgres' }" }, line: 4, column: 53 }],
    },
    {
      name: 'typed knex config exported as default',
      code: `import type { Knex } from 'knex';\nconst config: Knex.Config = { client: 'postgresql', connection: { host: process.env.PGHOST, ssl: false } };\nexport default config;`,
      errors: [{ messageId: 'sslDisabled', data: { display: "{ client: 'postgresql' }", value: 'false' }, line: 2, column: 93 }],
    },
    {
      name: 'TypeORM ormconfig',
      code: `module.exports = { type: 'postgres', url: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } };`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: "{ type: 'postgres' }" }, line: 1, column: 76 }],
    },
    // TLS options a same-file helper returns
    {
      name: 'a helper function choosing the TLS object',
      code: `import { Pool } from 'pg';\nfunction sslFor(url: string) {\n  return url.includes('localhost') ? false : { rejectUnauthorized: false };\n}\nconst url = process.env.DATABASE_URL as string;\nexport const pool = new Pool({ connectionString: url, ssl: sslFor(url) });`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new Pool()' }, line: 3, column: 48 }],
    },
    {
      name: 'a static method of the class, through a const',
      code: `import pg from 'pg';\nexport class Database {\n  readonly pool: pg.Pool;\n  constructor() {\n    const ssl = Database.sslConfig(process.env.PGSSLMODE);\n    this.pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, ssl });\n  }\n  private static sslConfig(mode?: string) {\n    if (!mode || mode === 'disable') return false;\n    if (mode === 'require') return { rejectUnauthorized: false };\n    return { rejectUnauthorized: true };\n  }\n}`,
      errors: [{ messageId: 'rejectUnauthorized', data: { display: 'new Pool()' }, line: 10, column: 38 }],
    },
    // NODE_TLS_REJECT_UNAUTHORIZED
    { code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';`, errors: [{ messageId: 'tlsRejectUnauthorized', line: 1, column: 1 }] },
    { code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0;`, errors: [{ messageId: 'tlsRejectUnauthorized', line: 1, column: 1 }] },
    { code: `if (dev) {\n  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = "0";\n}`, errors: [{ messageId: 'tlsRejectUnauthorized', line: 2, column: 3 }] },
  ],
});

espreeTester.run('no-insecure-ssl (espree)', rule, {
  valid: [`const { Pool } = require('pg');\nmodule.exports = new Pool({ ssl: true });`],
  invalid: [
    {
      // a knexfile in CommonJS, one export per environment
      code: `exports.production = { client: 'pg', connection: { connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } } };`,
      errors: [{ messageId: 'rejectUnauthorized', line: 1, column: 103 }],
    },
    {
      code: `const { Pool } = require('pg');\nmodule.exports = new Pool({ ssl: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'rejectUnauthorized', line: 2, column: 36 }],
    },
    { code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';`, errors: [{ messageId: 'tlsRejectUnauthorized', line: 1, column: 1 }] },
  ],
});
