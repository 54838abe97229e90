import { DEFAULT_ENV_VAR } from '../../src/project/settings';
import { ts } from '../lib/ts-morph';

/**
 * The GOOD db module, one per stack, authored as TypeScript with ES module
 * syntax and rendered for the project's language and module system by
 * `renderModule`. Every template reads one env var and fails fast without
 * it, creates the client once, is tuned for Neon's serverless behaviour,
 * exports a close function for graceful shutdown and a `migrate()` that
 * applies the project's migrations over the direct (unpooled) URL.
 */

export type StackId =
  | 'pg'
  | 'postgres'
  | 'neon-serverless'
  | 'neon-http'
  | 'prisma'
  | 'prisma-adapter-pg'
  | 'prisma-adapter-neon'
  | 'drizzle-node-postgres'
  | 'drizzle-postgres-js'
  | 'drizzle-neon-http'
  | 'drizzle-neon-serverless'
  | 'typeorm'
  | 'sequelize'
  | 'knex'
  | 'kysely';

export interface DbModuleTemplate {
  readonly stack: StackId;
  /** npm packages the rendered module needs at run time: what it imports, and the driver an ORM loads itself (TypeORM's `pg`) */
  readonly dependencies: readonly string[];
  /** the binding other modules import instead of constructing their own */
  readonly exportName: string;
  readonly closeName: 'closeDb';
  /** for a client that must be opened once before use (TypeORM): the exported function that does it, shared by concurrent callers */
  readonly initializeName?: 'initializeDb';
  readonly source: string;
}


// One place for the env handling every template shares.
const appUrl = (envVar: string) => `
const databaseUrl = process.env.${envVar};
if (!databaseUrl) {
  // Fail fast: a silent fallback to localhost points production at the wrong database.
  throw new Error('${envVar} is not set. Set it to your Neon connection string (the pooled one for the app).');
}

// Migrations take session-level locks, which PgBouncer's transaction mode does not keep: use the direct URL.
const migrationUrl = process.env.DATABASE_URL_UNPOOLED ?? databaseUrl;
`;
const APP_URL = appUrl(DEFAULT_ENV_VAR);

/** The templates' flag for a local database: their TLS settings read `isLocalDatabase ? off : on`. */
export const LOCAL_DATABASE_FLAG = 'isLocalDatabase';

// For the templates that set TLS themselves: `@neondatabase/serverless` connects over HTTPS or a secure WebSocket on its own.
const LOCAL_DATABASE = `
// Neon requires TLS; a local database for development and tests usually has none.
const ${LOCAL_DATABASE_FLAG} = /@(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?\\//.test(databaseUrl);
`;
const ENV = `${APP_URL}${LOCAL_DATABASE}`;

// Neon drops idle connections when a compute scales to zero: close ours first, and wait out a cold start.
const POOL_TUNING = `  max: 10,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 10_000,`;

const POOL_ERROR_LISTENER = (name: string) => `
// An idle client the server dropped (scale to zero, pooler restart) emits 'error' on the pool;
// without a listener Node exits. Log it: the pool replaces the client on the next query.
${name}.on('error', (error: Error) => {
  console.error('Postgres pool: idle client error', error);
});
`;

const NODE_PG_MIGRATE = `
/** Applies the migrations in ./migrations (node-pg-migrate), for dev and test setup. */
export async function migrate(): Promise<void> {
  const { runner } = await import('node-pg-migrate');
  await runner({
    databaseUrl: migrationUrl,
    dir: 'migrations',
    direction: 'up',
    migrationsTable: 'pgmigrations',
    log: () => undefined,
  });
}
`;

const PRISMA_SINGLETON = `
// Hot reload re-evaluates modules in development: keep one client on globalThis instead of one per reload.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
`;

// The adapter (@prisma/adapter-pg 6.13+, @prisma/adapter-neon) listens for 'error' on its pool and hands it here.
const PRISMA_POOL_ERROR = `    // An idle client the server dropped (scale to zero, pooler restart) emits 'error' on the pool; the adapter
    // listens for it (so Node does not exit) and passes it here. Log it: the pool replaces the client on the next query.
    onPoolError: (error: Error) => {
      console.error('Postgres pool: idle client error', error);
    },`;

// Prisma 7 reads the migration URL from prisma.config.ts (datasource.url), Prisma 6 from the schema's datasource:
// whichever variable it reads, DATABASE_URL or DATABASE_URL_UNPOOLED, gets the direct URL.
const PRISMA_MIGRATE = `
/** Applies prisma/migrations with \`prisma migrate deploy\` over the direct URL, for dev and test setup. */
export async function migrate(): Promise<void> {
  await promisify(execFile)('npx', ['prisma', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: migrationUrl, DATABASE_URL_UNPOOLED: migrationUrl },
  });
}
`;

// The client over the `adapter` a template made above: the same singleton, shutdown and migrate() for every adapter.
const PRISMA_OVER_ADAPTER = `${PRISMA_SINGLETON}
export const prisma = globalForPrisma.prisma ?? new PrismaClient({ adapter });
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

/** Disconnects Prisma, which ends the adapter's pool; call it on shutdown (SIGTERM). */
export async function closeDb(): Promise<void> {
  await prisma.$disconnect();
}
${PRISMA_MIGRATE}`;

const templates: Record<StackId, DbModuleTemplate> = {
  pg: {
    stack: 'pg',
    dependencies: ['pg', 'node-pg-migrate'],
    exportName: 'pool',
    closeName: 'closeDb',
    source: `
import { Pool } from 'pg';
${ENV}
export const pool = new Pool({
  connectionString: databaseUrl,
${POOL_TUNING}
  ssl: isLocalDatabase ? undefined : true,
});
${POOL_ERROR_LISTENER('pool')}
/** Closes the pool; call it on shutdown (SIGTERM) so in-flight queries finish. */
export async function closeDb(): Promise<void> {
  await pool.end();
}
${NODE_PG_MIGRATE}`,
  },
  'neon-serverless': {
    stack: 'neon-serverless',
    dependencies: ['@neondatabase/serverless', 'ws', 'node-pg-migrate'],
    exportName: 'pool',
    closeName: 'closeDb',
    source: `
import { neonConfig, Pool } from '@neondatabase/serverless';
import ws from 'ws';
${APP_URL}
// Node has no global WebSocket before v22; edge runtimes bring their own.
if (typeof WebSocket === 'undefined') neonConfig.webSocketConstructor = ws;

// A long-lived pool is for servers; in an edge function create, use and close it within the request.
export const pool = new Pool({
  connectionString: databaseUrl,
${POOL_TUNING}
});
${POOL_ERROR_LISTENER('pool')}
export async function closeDb(): Promise<void> {
  await pool.end();
}
${NODE_PG_MIGRATE}`,
  },
  'neon-http': {
    stack: 'neon-http',
    dependencies: ['@neondatabase/serverless', 'node-pg-migrate'],
    exportName: 'sql',
    closeName: 'closeDb',
    source: `
import { neon } from '@neondatabase/serverless';
${APP_URL}
// One HTTP request per query: no connection to hold, nothing to leak in an edge function.
export const sql = neon(databaseUrl);

/** Nothing to close over HTTP; kept so callers can shut down the same way on every stack. */
export async function closeDb(): Promise<void> {}
${NODE_PG_MIGRATE}`,
  },
  postgres: {
    stack: 'postgres',
    dependencies: ['postgres', 'node-pg-migrate'],
    exportName: 'sql',
    closeName: 'closeDb',
    source: `
import postgres from 'postgres';
${ENV}
export const sql = postgres(databaseUrl, {
  max: 10,
  // Seconds: close idle connections before Neon drops them, and wait out a cold start.
  idle_timeout: 30,
  connect_timeout: 10,
  ssl: isLocalDatabase ? false : 'require',
  // PgBouncer in transaction mode (Neon's -pooler endpoint) cannot keep prepared statements.
  prepare: !databaseUrl.includes('-pooler.'),
});

export async function closeDb(): Promise<void> {
  await sql.end({ timeout: 5 });
}
${NODE_PG_MIGRATE}`,
  },
  prisma: {
    stack: 'prisma',
    dependencies: ['@prisma/client'],
    exportName: 'prisma',
    closeName: 'closeDb',
    source: `
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PrismaClient } from '@prisma/client';
${APP_URL}${PRISMA_SINGLETON}
export const prisma = globalForPrisma.prisma ?? new PrismaClient({ datasourceUrl: databaseUrl });
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

export async function closeDb(): Promise<void> {
  await prisma.$disconnect();
}
${PRISMA_MIGRATE}`,
  },
  'prisma-adapter-pg': {
    stack: 'prisma-adapter-pg',
    dependencies: ['@prisma/client', '@prisma/adapter-pg'],
    exportName: 'prisma',
    closeName: 'closeDb',
    source: `
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
${ENV}
// Prisma queries through a node-postgres pool that the adapter makes from this config when the client connects.
const adapter = new PrismaPg(
  {
    connectionString: databaseUrl,
${POOL_TUNING.replace(/^ {2}/gm, '    ')}
    ssl: isLocalDatabase ? undefined : true,
  },
  {
${PRISMA_POOL_ERROR}
  },
);
${PRISMA_OVER_ADAPTER}`,
  },
  'prisma-adapter-neon': {
    stack: 'prisma-adapter-neon',
    dependencies: ['@prisma/client', '@prisma/adapter-neon', '@neondatabase/serverless', 'ws'],
    exportName: 'prisma',
    closeName: 'closeDb',
    source: `
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { neonConfig } from '@neondatabase/serverless';
import { PrismaNeon } from '@prisma/adapter-neon';
import { PrismaClient } from '@prisma/client';
import ws from 'ws';
${APP_URL}
// Node has no global WebSocket before v22; edge runtimes bring their own.
if (typeof WebSocket === 'undefined') neonConfig.webSocketConstructor = ws;

// Prisma queries through a @neondatabase/serverless pool (WebSockets) that the adapter makes from this config.
const adapter = new PrismaNeon(
  {
    connectionString: databaseUrl,
${POOL_TUNING.replace(/^ {2}/gm, '    ')}
  },
  {
${PRISMA_POOL_ERROR}
  },
);
${PRISMA_OVER_ADAPTER}`,
  },
  'drizzle-node-postgres': {
    stack: 'drizzle-node-postgres',
    dependencies: ['drizzle-orm', 'pg'],
    exportName: 'db',
    closeName: 'closeDb',
    source: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as runMigrations } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
${ENV}
export const pool = new Pool({
  connectionString: databaseUrl,
${POOL_TUNING}
  ssl: isLocalDatabase ? undefined : true,
});
${POOL_ERROR_LISTENER('pool')}
export const db = drizzle(pool);

export async function closeDb(): Promise<void> {
  await pool.end();
}

/** Applies the migrations drizzle-kit generated in ./drizzle, over the direct URL. */
export async function migrate(): Promise<void> {
  const migrationPool = new Pool({ connectionString: migrationUrl, max: 1, ssl: isLocalDatabase ? undefined : true });
  try {
    await runMigrations(drizzle(migrationPool), { migrationsFolder: 'drizzle' });
  } finally {
    await migrationPool.end();
  }
}
`,
  },
  'drizzle-postgres-js': {
    stack: 'drizzle-postgres-js',
    dependencies: ['drizzle-orm', 'postgres'],
    exportName: 'db',
    closeName: 'closeDb',
    source: `
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as runMigrations } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
${ENV}
const client = postgres(databaseUrl, {
  max: 10,
  idle_timeout: 30,
  connect_timeout: 10,
  ssl: isLocalDatabase ? false : 'require',
  prepare: !databaseUrl.includes('-pooler.'),
});

export const db = drizzle(client);

export async function closeDb(): Promise<void> {
  await client.end({ timeout: 5 });
}

/** Applies the migrations drizzle-kit generated in ./drizzle, over the direct URL. */
export async function migrate(): Promise<void> {
  const migrationClient = postgres(migrationUrl, { max: 1, ssl: isLocalDatabase ? false : 'require' });
  try {
    await runMigrations(drizzle(migrationClient), { migrationsFolder: 'drizzle' });
  } finally {
    await migrationClient.end();
  }
}
`,
  },
  'drizzle-neon-http': {
    stack: 'drizzle-neon-http',
    dependencies: ['drizzle-orm', '@neondatabase/serverless'],
    exportName: 'db',
    closeName: 'closeDb',
    source: `
import { neon } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import { migrate as runMigrations } from 'drizzle-orm/neon-http/migrator';
${APP_URL}
// HTTP queries hold no connection: safe in edge functions and serverless handlers.
export const db = drizzle(neon(databaseUrl));

export async function closeDb(): Promise<void> {}

/** Applies the migrations drizzle-kit generated in ./drizzle, over the direct URL. */
export async function migrate(): Promise<void> {
  await runMigrations(drizzle(neon(migrationUrl)), { migrationsFolder: 'drizzle' });
}
`,
  },
  'drizzle-neon-serverless': {
    stack: 'drizzle-neon-serverless',
    dependencies: ['drizzle-orm', '@neondatabase/serverless', 'ws'],
    exportName: 'db',
    closeName: 'closeDb',
    source: `
import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { migrate as runMigrations } from 'drizzle-orm/neon-serverless/migrator';
import ws from 'ws';
${APP_URL}
if (typeof WebSocket === 'undefined') neonConfig.webSocketConstructor = ws;

export const pool = new Pool({
  connectionString: databaseUrl,
${POOL_TUNING}
});
${POOL_ERROR_LISTENER('pool')}
export const db = drizzle(pool);

export async function closeDb(): Promise<void> {
  await pool.end();
}

/** Applies the migrations drizzle-kit generated in ./drizzle, over the direct URL. */
export async function migrate(): Promise<void> {
  const migrationPool = new Pool({ connectionString: migrationUrl, max: 1 });
  try {
    await runMigrations(drizzle(migrationPool), { migrationsFolder: 'drizzle' });
  } finally {
    await migrationPool.end();
  }
}
`,
  },
  typeorm: {
    stack: 'typeorm',
    dependencies: ['typeorm', 'pg', 'reflect-metadata'],
    exportName: 'dataSource',
    closeName: 'closeDb',
    initializeName: 'initializeDb',
    source: `
import 'reflect-metadata';
import { DataSource } from 'typeorm';
${ENV}
export const dataSource = new DataSource({
  type: 'postgres',
  url: databaseUrl,
  // The schema changes only through migrations: never sync it from the entities at startup.
  synchronize: false,
  migrationsRun: false,
  entities: [__dirname + '/**/*.entity.{ts,js}'],
  migrations: [__dirname + '/migrations/*.{ts,js}'],
  ssl: isLocalDatabase ? undefined : true,
  extra: {
${POOL_TUNING.replace(/^ {2}/gm, '    ')}
  },
});

let initialization: Promise<DataSource> | undefined;

/** Opens the data source once (call it at startup or before first use); concurrent callers share that one initialization. */
export function initializeDb(): Promise<DataSource> {
  initialization ??= dataSource.isInitialized
    ? Promise.resolve(dataSource)
    : dataSource.initialize().catch((error: unknown) => {
        // A failed start (database unreachable) is tried again by the next caller.
        initialization = undefined;
        throw error;
      });
  return initialization;
}

export async function closeDb(): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
  initialization = undefined;
}

/** Applies the TypeORM migrations over the direct URL, for dev and test setup. */
export async function migrate(): Promise<void> {
  const migrationSource = new DataSource({ ...dataSource.options, url: migrationUrl } as typeof dataSource.options);
  await migrationSource.initialize();
  try {
    await migrationSource.runMigrations({ transaction: 'each' });
  } finally {
    await migrationSource.destroy();
  }
}
`,
  },
  sequelize: {
    stack: 'sequelize',
    dependencies: ['sequelize', 'pg'],
    exportName: 'sequelize',
    closeName: 'closeDb',
    source: `
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Sequelize } from 'sequelize';
${ENV}
export const sequelize = new Sequelize(databaseUrl, {
  dialect: 'postgres',
  logging: false,
  dialectOptions: isLocalDatabase ? {} : { ssl: { require: true } },
  // Close idle connections before Neon drops them; wait out a cold start.
  pool: { max: 10, idle: 30_000, acquire: 10_000 },
});

export async function closeDb(): Promise<void> {
  await sequelize.close();
}

/** Applies the sequelize-cli migrations over the direct URL, for dev and test setup. */
export async function migrate(): Promise<void> {
  await promisify(execFile)('npx', ['sequelize-cli', 'db:migrate', '--url', migrationUrl]);
}
`,
  },
  knex: {
    stack: 'knex',
    dependencies: ['knex', 'pg'],
    exportName: 'db',
    closeName: 'closeDb',
    source: `
import knex from 'knex';
${ENV}
export const db = knex({
  client: 'pg',
  connection: { connectionString: databaseUrl, ssl: isLocalDatabase ? undefined : true },
  // Close idle connections before Neon drops them; wait out a cold start.
  pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
  acquireConnectionTimeout: 10_000,
});

export async function closeDb(): Promise<void> {
  await db.destroy();
}

/** Applies the knex migrations in ./migrations over the direct URL, for dev and test setup. */
export async function migrate(): Promise<void> {
  const migrator = knex({ client: 'pg', connection: { connectionString: migrationUrl, ssl: isLocalDatabase ? undefined : true } });
  try {
    await migrator.migrate.latest({ directory: 'migrations' });
  } finally {
    await migrator.destroy();
  }
}
`,
  },
  kysely: {
    stack: 'kysely',
    dependencies: ['kysely', 'pg'],
    exportName: 'db',
    closeName: 'closeDb',
    source: `
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
${ENV}
const pool = new Pool({
  connectionString: databaseUrl,
${POOL_TUNING}
  ssl: isLocalDatabase ? undefined : true,
});
${POOL_ERROR_LISTENER('pool')}
// Replace \`any\` with the project's Database interface.
export const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });

export async function closeDb(): Promise<void> {
  await db.destroy();
}

/** Applies the Kysely migrations in ./migrations over the direct URL, for dev and test setup. */
export async function migrate(): Promise<void> {
  const migrationDb = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new Pool({ connectionString: migrationUrl, max: 1, ssl: isLocalDatabase ? undefined : true }) }),
  });
  try {
    const migrator = new Migrator({
      db: migrationDb,
      provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(process.cwd(), 'migrations') }),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } finally {
    await migrationDb.destroy();
  }
}
`,
  },
};

/** The stack's template; its module reads the app's connection string from `envVar`. */
export function dbModuleTemplate(stack: StackId, envVar: string = DEFAULT_ENV_VAR): DbModuleTemplate {
  const template = templates[stack];
  return envVar === DEFAULT_ENV_VAR ? template : { ...template, source: template.source.replace(APP_URL, appUrl(envVar)) };
}

/** The packages the template's module imports (`drizzle-orm` for `drizzle-orm/node-postgres`; not `node:` built-ins): in a TypeScript project they need their types. */
export function importedPackages(template: DbModuleTemplate): string[] {
  const specifiers = ts.preProcessFile(template.source, true, true).importedFiles.map((file) => file.fileName);
  const packages = specifiers
    .filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('.'))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
  return [...new Set(packages)];
}

export const STACKS = Object.keys(templates) as StackId[];
