import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/migrations-use-direct-url';

const ruleTester = new RuleTester();

const drizzleConfig = (url: string) =>
  `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({\n  dialect: 'postgresql',\n  dbCredentials: { url: ${url} },\n});`;

ruleTester.run('migrations-use-direct-url', rule, {
  valid: [
    // an app's db module that also builds a migrator over its exported client reads the pooled URL for the app
    {
      code: `import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
export const sequelize = new Sequelize(process.env.DATABASE_URL as string);
export const migrator = new Umzug({ migrations: { glob: 'migrations/*.js' }, context: sequelize.getQueryInterface(), storage: new SequelizeStorage({ sequelize }), logger: console });`,
      filename: 'server/storage/database.ts',
    },
    // the same, when a same-file factory builds the exported client
    {
      code: `import { Sequelize } from 'sequelize-typescript';
import { SequelizeStorage, Umzug } from 'umzug';
import env from '@server/env';
function databaseUrl() {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  throw new Error('DATABASE_URL is not set');
}
function createInstance(url: string) {
  return new Sequelize(url, { logging: false });
}
export function createMigrationRunner(db: Sequelize) {
  return new Umzug({ migrations: { glob: 'migrations/*.js' }, context: db.getQueryInterface(), storage: new SequelizeStorage({ sequelize: db }), logger: console });
}
export const sequelize = createInstance(databaseUrl());
export const migrations = createMigrationRunner(sequelize);`,
      filename: 'server/storage/database.ts',
    },
    {
      code: `import { Sequelize } from 'sequelize';
import { Umzug } from 'umzug';
const createDatabase = (url: string) => {
  let instance;
  try {
    instance = new Sequelize(url);
  } catch (error) {
    throw new Error('bad DATABASE_URL');
  }
  return instance;
};
const sequelize = createDatabase(process.env.DATABASE_URL as string);
export const migrator = new Umzug({ migrations: { glob: 'migrations/*.js' }, context: sequelize.getQueryInterface(), logger: console });
module.exports = { sequelize };`,
      filename: 'src/database.ts',
    },
    // sequelize-cli: the direct variable, and the app's generated models/index.js reading the key
    { filename: 'config/config.js', code: `module.exports = { production: { use_env_variable: 'DATABASE_URL_UNPOOLED', dialect: 'postgres' } };` },
    {
      filename: 'models/index.js',
      code: `const { Sequelize } = require('sequelize');\nconst config = require('../config/config.js')[process.env.NODE_ENV || 'development'];\nconst sequelize = config.use_env_variable ? new Sequelize(process.env[config.use_env_variable], config) : new Sequelize(config);\nmodule.exports = sequelize;`,
    },
    // direct URLs, and a direct URL with a pooled fallback (Neon's recommended template)
    { filename: 'drizzle.config.ts', code: drizzleConfig('process.env.DATABASE_URL_UNPOOLED!') },
    { filename: 'drizzle.config.ts', code: drizzleConfig('process.env.DATABASE_URL_UNPOOLED ?? process.env.DATABASE_URL!') },
    { filename: 'drizzle.config.ts', code: drizzleConfig("process.env['DIRECT_URL'] || process.env.POSTGRES_URL") },
    { filename: 'drizzle.config.ts', code: drizzleConfig("process.env.DATABASE_URL!.replace('-pooler', '')") },
    // a guard that only tests the pooled variable
    {
      filename: 'drizzle.config.ts',
      code: `import { defineConfig } from 'drizzle-kit';\nif (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is missing');\nexport default defineConfig({ dbCredentials: { url: process.env.DIRECT_URL! } });`,
    },
    // the same read in app code is the app's business (pooled is right there)
    { filename: 'src/db.ts', code: `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });` },
    { filename: 'src/server.ts', code: `import { DataSource } from 'typeorm';\nexport const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });` },
    // a local `process` is not Node's
    { filename: 'knexfile.js', code: `const process = { env: {} };\nmodule.exports = { client: 'pg', connection: process.env.DATABASE_URL };` },
    // another env var, and a pooler host that is not Neon's
    { filename: 'knexfile.ts', code: `export default { client: 'pg', connection: process.env.ANALYTICS_URL };` },
    { filename: 'knexfile.ts', code: `export default { client: 'pg', connection: 'postgres://db-pooler.internal.example/app' };` },
    // settings.neon lists the project's own direct variable
    {
      filename: 'prisma.config.ts',
      code: `import { defineConfig, env } from 'prisma/config';\nexport default defineConfig({ datasource: { url: env('MIGRATE_URL') ?? env('DATABASE_URL') } });`,
      settings: { neon: { directEnvVars: ['MIGRATE_URL'] } },
    },
  ],
  invalid: [
    {
      // a dedicated runner script, whatever its name, is held to the direct URL
      code: `import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
const sequelize = new Sequelize(process.env.DATABASE_URL as string);
await new Umzug({ migrations: { glob: 'migrations/*.js' }, context: sequelize.getQueryInterface(), storage: new SequelizeStorage({ sequelize }), logger: console }).up();`,
      filename: 'scripts/apply-schema.ts',
      errors: [{ messageId: 'pooledEnvVar', line: 3, column: 33 }],
    },
    {
      name: 'a runner script whose factory-built client stays in the file',
      filename: 'scripts/apply.ts',
      code: `import { Sequelize } from 'sequelize';\nimport { Umzug } from 'umzug';\nfunction connect() {\n  return new Sequelize(process.env.DATABASE_URL as string);\n}\nconst sequelize = connect();\nawait new Umzug({ migrations: { glob: 'migrations/*.js' }, context: sequelize.getQueryInterface(), logger: console }).up();`,
      errors: [{ messageId: 'pooledEnvVar', line: 4, column: 24 }],
    },
    {
      name: 'sequelize-cli config naming the pooled variable',
      filename: 'db/config.js',
      code: `module.exports = {\n  development: { username: 'app', database: 'app', host: '127.0.0.1', dialect: 'postgres' },\n  production: { use_env_variable: 'DATABASE_URL', dialect: 'postgres' },\n};`,
      errors: [{ messageId: 'pooledEnvVarName', data: { name: 'DATABASE_URL', direct: 'DATABASE_URL_UNPOOLED' }, line: 3, column: 35 }],
    },
    {
      name: 'sequelize-cli config choosing the pooled variable when it is set',
      filename: 'server/config/database.js',
      code: `const shared = {\n  use_env_variable: process.env.POSTGRES_URL ? "POSTGRES_URL" : undefined,\n  dialect: "postgres",\n};\nmodule.exports = { development: shared, production: { ...shared } };`,
      errors: [{ messageId: 'pooledEnvVarName', data: { name: 'POSTGRES_URL', direct: 'POSTGRES_URL_NON_POOLING' }, line: 2, column: 48 }],
    },
    {
      name: 'drizzle.config.ts reading DATABASE_URL',
      filename: 'drizzle.config.ts',
      code: drizzleConfig('process.env.DATABASE_URL!'),
      errors: [{ messageId: 'pooledEnvVar', data: { name: 'DATABASE_URL', direct: 'DATABASE_URL_UNPOOLED' }, line: 4, column: 25 }],
    },
    {
      name: 'pooled first with a direct fallback',
      filename: 'config/drizzle.config.mts',
      code: drizzleConfig("process.env['POSTGRES_URL'] ?? process.env.POSTGRES_URL_NON_POOLING"),
      errors: [{ messageId: 'pooledEnvVar', data: { name: 'POSTGRES_URL', direct: 'POSTGRES_URL_NON_POOLING' }, line: 4, column: 25 }],
    },
    {
      name: 'knexfile environments, through a const',
      filename: 'knexfile.js',
      code: `const url = process.env.DATABASE_URL;\nmodule.exports = {\n  development: { client: 'pg', connection: url },\n  production: { client: 'pg', connection: { connectionString: \`\${process.env.DATABASE_URL}?sslmode=require\` } },\n};`,
      errors: [
        { messageId: 'pooledEnvVar', line: 1, column: 13 },
        { messageId: 'pooledEnvVar', line: 4, column: 66 },
      ],
    },
    {
      name: 'prisma.config.ts env() from prisma/config',
      filename: 'prisma.config.ts',
      code: `import { defineConfig, env } from 'prisma/config';\nexport default defineConfig({ schema: 'prisma/schema.prisma', datasource: { url: env('DATABASE_URL') } });`,
      errors: [{ messageId: 'pooledEnvVar', data: { name: 'DATABASE_URL', direct: 'DATABASE_URL_UNPOOLED' }, line: 2, column: 82 }],
    },
    {
      name: 'a TypeORM CLI data source anywhere (it lists migrations)',
      filename: 'src/config/typeorm.ts',
      code: `import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'postgres', url: Bun.env.DATABASE_URL, migrations: ['dist/migrations/*.js'] });`,
      errors: [{ messageId: 'pooledEnvVar', line: 2, column: 56 }],
    },
    {
      name: 'a drizzle migrate runner script with t3-env',
      filename: 'src/server/db/run-migrations.ts',
      code: `import { migrate } from 'drizzle-orm/postgres-js/migrator';\nimport postgres from 'postgres';\nimport { drizzle } from 'drizzle-orm/postgres-js';\nimport { env } from '~/env';\nconst sql = postgres(env.DATABASE_URL, { max: 1 });\nawait migrate(drizzle(sql), { migrationsFolder: 'drizzle' });`,
      errors: [{ messageId: 'pooledEnvVar', line: 5, column: 22 }],
    },
    {
      name: 'node-pg-migrate runner in migrate.ts',
      filename: 'scripts/migrate.ts',
      code: `import { runner } from 'node-pg-migrate';\nawait runner({ databaseUrl: import.meta.env.DATABASE_URL, dir: 'migrations', direction: 'up', migrationsTable: 'pgmigrations' });`,
      errors: [{ messageId: 'pooledEnvVar', line: 2, column: 29 }],
    },
    {
      name: 'a literal Neon pooler host in mikro-orm.config',
      filename: 'mikro-orm.config.ts',
      code: `export default { clientUrl: 'postgresql://app@ep-cool-lake-123456-pooler.us-east-2.aws.neon.tech/neondb' };`,
      errors: [{ messageId: 'pooledHost', line: 1, column: 29 }],
    },
  ],
});
