/**
 * The version ranges the codemods write into package.json for packages the
 * templates need (never installed by the codemods: the user runs npm install).
 */
export const DEPENDENCY_RANGES: Readonly<Record<string, string>> = {
  pg: '^8.16.0',
  '@types/pg': '^8.15.0',
  postgres: '^3.4.7',
  '@neondatabase/serverless': '^1.0.1',
  ws: '^8.18.0',
  '@types/ws': '^8.18.1',
  '@prisma/client': '^6.16.0',
  prisma: '^6.16.0',
  // the driver adapters follow the project's @prisma/client range when it has one
  '@prisma/adapter-pg': '^6.16.0',
  '@prisma/adapter-neon': '^6.16.0',
  // prisma.config.ts loads .env with it (Prisma 7 loads none itself)
  dotenv: '^17.2.0',
  'drizzle-orm': '^0.44.0',
  'drizzle-kit': '^0.31.0',
  typeorm: '^0.3.26',
  'reflect-metadata': '^0.2.2',
  sequelize: '^6.37.7',
  'sequelize-cli': '^6.6.3',
  knex: '^3.1.0',
  kysely: '^0.28.0',
  'kysely-ctl': '^0.20.0',
  'node-pg-migrate': '^9.0.0',
  // runs TypeScript configs and migrations for the knex, TypeORM and MikroORM CLIs
  'ts-node': '^10.9.2',
};

/** Type packages a TypeScript project needs next to a runtime dependency. */
export const TYPES_FOR: Readonly<Record<string, string>> = {
  pg: '@types/pg',
  ws: '@types/ws',
};
