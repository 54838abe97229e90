import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-schema-sync';

const ruleTester = new RuleTester();
const strict = [{ allowEnvGated: false }] as const;

ruleTester.run('no-schema-sync', rule, {
  valid: [
    // TypeORM options that do not sync
    `import { DataSource } from 'typeorm';\nexport const ds = new DataSource({ type: 'postgres', synchronize: false, migrationsRun: true });`,
    `import { DataSource } from 'typeorm';\nnew DataSource({ type: 'postgres', synchronize: process.env.NODE_ENV !== 'production' });`,
    `import { TypeOrmModule } from '@nestjs/typeorm';\nTypeOrmModule.forRoot({ url: process.env.DATABASE_URL, synchronize: config.get('DB_SYNC') });`,
    // the same key on objects that are not TypeORM options
    `const job = { name: 'mirror', synchronize: true };\nstartJob(job);`,
    `const settings = { type: 'mysql-like-cache', synchronize: true };`,
    `import { DataSource } from 'some-other-orm';\nnew DataSource({ synchronize: true });`,
    // .synchronize() / .sync() on values that are not ORM instances
    `import { DataSource } from 'typeorm';\nfunction f(DataSource) { const ds = new DataSource({}); return ds.synchronize(); }`,
    `const store = createStore();\nstore.synchronize();`,
    `import fs from 'node:fs';\nfs.readFileSync('x'); fs.sync?.();`,
    `import glob from 'glob';\nglob.sync('**/*.ts');`,
    `import fg from 'fast-glob';\nfg.sync(['src/**']);`,
    `import mkdirp from 'mkdirp';\nmkdirp.sync('dist');`,
    `import { execa } from 'execa';\nexeca.sync('ls');`,
    `import * as Y from 'yjs';\nconst doc = new Y.Doc(); doc.sync();`,
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\nawait sequelize.authenticate();`,
    `import { sequelize } from 'some-package';\nsequelize.sync();`,
    `const db = require('db-wrapper');\ndb.sequelize.sync();`,
    `import { Model } from 'objection';\nclass User extends Model {}\nUser.sync();`,
    // env-gated dev-only sync (allowed by default)
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\nif (process.env.NODE_ENV === 'development') {\n  await sequelize.sync();\n}`,
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nconst isProd = process.env.NODE_ENV === 'production';\nif (!isProd) sequelize.sync();`,
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nasync function boot() {\n  if (process.env.APP_ENV === 'production') return;\n  await sequelize.sync();\n}`,
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nif (process.env.NODE_ENV === 'production') { start(); } else { sequelize.sync(); }`,
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\n['development', 'test'].includes(process.env.NODE_ENV) && sequelize.sync();`,
    `import { MikroORM } from '@mikro-orm/postgresql';\nconst orm = await MikroORM.init();\nif (config.isDev) await orm.schema.updateSchema();`,
    `import { MikroORM } from '@mikro-orm/postgresql';\nconst orm = await MikroORM.init();\nawait orm.migrator.up();\nawait orm.schema.getCreateSchemaSQL();`,
    // commands that are migrations, or not ORM commands
    `import { execSync } from 'node:child_process';\nexecSync('npx prisma migrate deploy', { stdio: 'inherit' });`,
    `import { execSync } from 'node:child_process';\nexecSync('npx drizzle-kit generate && npx drizzle-kit migrate');`,
    `import { spawn } from 'child_process';\nspawn('npx', ['prisma', 'generate']);`,
    `const execSync = (command) => command;\nexecSync('npx prisma db push');`,
    `const help = 'run npx prisma db push to prototype locally';\nconsole.log(help);`,
    `// await sequelize.sync({ force: true })\nexport {};`,
    `import { execSync } from 'node:child_process';\nif (process.env.NODE_ENV !== 'production') execSync('npx prisma db push');`,
    `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nfunction f(sequelize) { return sequelize.sync(); }`,
    "import { $ } from 'some-shell';\nawait $`npx prisma db push`;",
  ],
  invalid: [
    {
      code: `import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  synchronize: true,\n});`,
      errors: [{ messageId: 'typeormOption', data: { option: 'synchronize', dropNote: '' }, line: 5, column: 3 }],
    },
    {
      name: 'dropSchema and synchronize in a same-file const passed to createConnection (aliased)',
      code: `import { createConnection as connect } from 'typeorm';\nconst options = { url, dropSchema: true, synchronize: true };\nconnect(options);`,
      errors: [
        { messageId: 'typeormOption', data: { option: 'dropSchema', dropNote: ', after dropping every table and its data' }, line: 2, column: 24 },
        { messageId: 'typeormOption', line: 2, column: 42 },
      ],
    },
    {
      name: 'TypeOrmModule.forRoot with a namespace import',
      code: `import * as nest from '@nestjs/typeorm';\n@Module({ imports: [nest.TypeOrmModule.forRoot({ autoLoadEntities: true, synchronize: true })] })\nexport class AppModule {}`,
      errors: [{ messageId: 'typeormOption', line: 2, column: 74 }],
    },
    {
      name: 'forRootAsync with an async factory',
      code: `import { TypeOrmModule } from '@nestjs/typeorm';\nTypeOrmModule.forRootAsync({\n  inject: [ConfigService],\n  useFactory: async (config: ConfigService) => ({\n    url: config.get('DATABASE_URL'),\n    synchronize: true,\n  }),\n});`,
      errors: [{ messageId: 'typeormOption', line: 6, column: 5 }],
    },
    {
      name: 'forRootAsync with a block-bodied factory',
      code: `const { TypeOrmModule } = require('@nestjs/typeorm');\nTypeOrmModule.forRootAsync({ useFactory: () => { const url = read(); return { url, synchronize: true }; } });`,
      errors: [{ messageId: 'typeormOption', line: 2, column: 84 }],
    },
    {
      name: 'exported typed options object',
      code: `import type { DataSourceOptions } from 'typeorm';\nexport const options: DataSourceOptions = { url: process.env.DATABASE_URL, synchronize: true } as DataSourceOptions;`,
      errors: [{ messageId: 'typeormOption', line: 2, column: 76 }],
    },
    {
      name: 'ormconfig.js module.exports',
      code: `module.exports = {\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  synchronize: true,\n};`,
      errors: [{ messageId: 'typeormOption', line: 4, column: 3 }],
    },
    {
      name: 'NestJS options factory class',
      code: `import { TypeOrmModuleOptions } from '@nestjs/typeorm';\nexport class DbConfig {\n  createTypeOrmOptions(): TypeOrmModuleOptions {\n    return { url: this.url, synchronize: true };\n  }\n}`,
      errors: [{ messageId: 'typeormOption', line: 4, column: 29 }],
    },
    {
      name: 'strict: an env-gated value',
      code: `import { DataSource } from 'typeorm';\nnew DataSource({ type: 'postgres', synchronize: process.env.NODE_ENV !== 'production' });`,
      options: strict,
      errors: [{ messageId: 'typeormOption', line: 2, column: 36 }],
    },
    {
      name: 'dataSource.synchronize() on a tracked DataSource',
      code: `import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });\nawait dataSource.initialize();\nawait dataSource.synchronize();`,
      errors: [{ messageId: 'typeormSynchronizeCall', data: { callee: 'dataSource' }, line: 4, column: 7 }],
    },
    {
      name: 'synchronize on the connection of createConnection (require)',
      code: `const typeorm = require('typeorm');\nasync function main() {\n  const connection = await typeorm.createConnection();\n  await connection.synchronize();\n}`,
      errors: [{ messageId: 'typeormSynchronizeCall', line: 4, column: 9 }],
    },
    {
      name: 'getConnection().synchronize()',
      code: `import { getConnection } from 'typeorm';\nawait getConnection().synchronize();`,
      errors: [{ messageId: 'typeormSynchronizeCall', line: 2, column: 7 }],
    },
    {
      name: 'initialize().then(ds => ds.synchronize())',
      code: `import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({});\nAppDataSource.initialize().then((ds) => ds.synchronize());`,
      errors: [{ messageId: 'typeormSynchronizeCall', line: 3, column: 41 }],
    },
    {
      name: 'an injected DataSource',
      code: `import { DataSource } from 'typeorm';\nexport class Boot {\n  constructor(private readonly dataSource: DataSource) {}\n  async onModuleInit() { await this.dataSource.synchronize(); }\n}`,
      errors: [{ messageId: 'typeormSynchronizeCall', data: { callee: 'this.dataSource' }, line: 4, column: 32 }],
    },
    {
      name: 'sequelize.sync() on an instance',
      code: `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\nsequelize.sync().then(() => app.listen(3000));`,
      errors: [{ messageId: 'sequelizeSync', data: { callee: 'sequelize' }, line: 3, column: 1 }],
    },
    {
      name: 'sync on a model from define',
      code: `import { Sequelize, DataTypes } from 'sequelize';\nconst sequelize = new Sequelize(url);\nconst User = sequelize.define('User', { name: DataTypes.STRING });\nawait User.sync();`,
      errors: [{ messageId: 'sequelizeSync', data: { callee: 'User' }, line: 4, column: 7 }],
    },
    {
      name: 'sync on a class model (sequelize-typescript)',
      code: `import { Model, Table } from 'sequelize-typescript';\n@Table\nclass Post extends Model {}\nawait Post.sync({ alter: true });`,
      errors: [
        {
          messageId: 'sequelizeDestructiveSync',
          data: { callee: 'Post', option: 'alter: true', effect: 'alters tables to match the models, dropping columns and their data' },
          line: 4,
          column: 7,
        },
      ],
    },
    {
      name: 'Model.init on a class extending Sequelize.Model',
      code: `const Sequelize = require('sequelize');\nclass Task extends Sequelize.Model {}\nTask.init({}, { sequelize });\nTask.sync();`,
      errors: [{ messageId: 'sequelizeSync', line: 4, column: 1 }],
    },
    {
      name: 'db.sequelize.sync() from the sequelize-cli models folder',
      code: `const db = require('./models');\ndb.sequelize.sync().then(() => app.listen(3000));`,
      errors: [{ messageId: 'sequelizeSync', data: { callee: 'db.sequelize' }, line: 2, column: 1 }],
    },
    {
      name: 'default import of models and a destructured sequelize',
      code: `import models from '../models';\nimport { sequelize } from './db';\nmodels.sequelize.sync();\nsequelize.sync();`,
      errors: [
        { messageId: 'sequelizeSync', line: 3, column: 1 },
        { messageId: 'sequelizeSync', line: 4, column: 1 },
      ],
    },
    {
      name: 'force is flagged even when env-gated',
      code: `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nif (process.env.NODE_ENV === 'development') {\n  sequelize.sync({ force: true });\n}`,
      errors: [
        {
          messageId: 'sequelizeDestructiveSync',
          data: { callee: 'sequelize', option: 'force: true', effect: 'drops and recreates every table' },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      name: 'strict: an env-gated sync',
      code: `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nif (process.env.NODE_ENV !== 'production') sequelize.sync();`,
      options: strict,
      errors: [{ messageId: 'sequelizeSync', line: 3, column: 44 }],
    },
    {
      name: 'a gate that does not exclude production',
      code: `const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nif (process.env.NODE_ENV === 'staging') sequelize.sync();`,
      errors: [{ messageId: 'sequelizeSync', line: 3, column: 41 }],
    },
    {
      name: 'MikroORM schema generator',
      code: `import { MikroORM } from '@mikro-orm/postgresql';\nconst orm = await MikroORM.init(config);\nconst generator = orm.getSchemaGenerator();\nawait generator.updateSchema();\nawait orm.schema.refreshDatabase();`,
      errors: [
        { messageId: 'mikroOrmSchemaGenerator', data: { method: 'updateSchema' }, line: 4, column: 7 },
        { messageId: 'mikroOrmSchemaGenerator', data: { method: 'refreshDatabase' }, line: 5, column: 7 },
      ],
    },
    {
      name: 'an injected MikroORM',
      code: `import { MikroORM } from '@mikro-orm/core';\nclass Seeder {\n  constructor(private orm: MikroORM) {}\n  run() { return this.orm.getSchemaGenerator().createSchema(); }\n}`,
      errors: [{ messageId: 'mikroOrmSchemaGenerator', data: { method: 'createSchema' }, line: 4, column: 18 }],
    },
    {
      name: 'prisma db push through execSync',
      code: `import { execSync } from 'node:child_process';\nexecSync('npx prisma db push --accept-data-loss', { stdio: 'inherit' });`,
      errors: [
        {
          messageId: 'schemaCommand',
          data: {
            command: 'prisma db push --accept-data-loss',
            instead: '`prisma migrate dev` locally to write migrations, `prisma migrate deploy` to apply them',
          },
          line: 2,
          column: 1,
        },
      ],
    },
    {
      name: 'spawn with array arguments (namespace require)',
      code: `const cp = require('child_process');\ncp.spawn('pnpm', ['drizzle-kit', 'push']);\ncp.spawnSync('npx', ['prisma', 'migrate', 'reset', '--force']);`,
      errors: [
        { messageId: 'schemaCommand', data: { command: 'drizzle-kit push', instead: '`drizzle-kit generate` to write migrations, `drizzle-kit migrate` to apply them' }, line: 2, column: 1 },
        { messageId: 'schemaCommand', line: 3, column: 1 },
      ],
    },
    {
      name: 'a promisified exec and a const command',
      code: `import { exec } from 'child_process';\nimport { promisify } from 'util';\nconst run = promisify(exec);\nconst PUSH = 'yarn drizzle-kit push:pg';\nawait run(PUSH);`,
      errors: [{ messageId: 'schemaCommand', line: 5, column: 7 }],
    },
    {
      name: 'execa $ template and execaCommand',
      code: "import { $, execaCommand } from 'execa';\nawait $`bunx prisma db push`;\nawait execaCommand('npx typeorm-ts-node-commonjs schema:sync -d src/data-source.ts');",
      errors: [
        { messageId: 'schemaCommand', line: 2, column: 7 },
        { messageId: 'schemaCommand', data: { command: 'typeorm schema:sync', instead: '`typeorm migration:generate` to write migrations, `typeorm migration:run` to apply them' }, line: 3, column: 7 },
      ],
    },
    {
      name: 'default import of child_process and an inline require',
      code: `import cp from 'child_process';\ncp.execSync('pnpm exec prisma db push');\nrequire('child_process').execSync('yarn prisma migrate reset --force');`,
      errors: [
        { messageId: 'schemaCommand', data: { command: 'prisma db push', instead: '`prisma migrate dev` locally to write migrations, `prisma migrate deploy` to apply them' }, line: 2, column: 1 },
        { messageId: 'schemaCommand', data: { command: 'prisma migrate reset --force', instead: '`prisma migrate dev` locally to write migrations, `prisma migrate deploy` to apply them' }, line: 3, column: 1 },
      ],
    },
    {
      name: 'zx $ with options',
      code: "import { $ } from 'zx';\nawait $({ stdio: 'inherit' })`npx drizzle-kit push --force`;",
      errors: [{ messageId: 'schemaCommand', data: { command: 'drizzle-kit push --force', instead: '`drizzle-kit generate` to write migrations, `drizzle-kit migrate` to apply them' }, line: 2, column: 7 }],
    },
    {
      name: 'dynamic import of child_process',
      code: `async function reset() {\n  const { execSync } = await import('node:child_process');\n  execSync('prisma migrate dev --name init');\n}`,
      errors: [{ messageId: 'schemaCommand', line: 3, column: 3 }],
    },
  ],
});
