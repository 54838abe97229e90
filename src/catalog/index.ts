import { isGeneratedPrismaClient } from './prisma-client';

/**
 * What the plugin knows about Postgres drivers and ORMs, as data.
 *
 * Adding a driver should mostly mean adding an entry here: the rules and the
 * codemods find client constructions, connection options and TLS settings
 * through this table, never through bare names.
 */

/** What a construction yields, which decides how costly it is to make one per request. */
export type ClientKind =
  /** holds a pool of connections (pg Pool, postgres.js, knex, ORMs) */
  | 'pool'
  /** holds exactly one connection, opened with `connect()` */
  | 'client'
  /** stateless HTTP queries, no connection held (Neon's `neon()`) */
  | 'http'
  /** wraps a pool or client passed in, or builds its own from a URL/config */
  | 'wrapper';

/** How a module export makes a client. */
export interface ConstructorSpec {
  /**
   * Property path from the module's exports to the callee. `[]` is the module
   * itself (a callable default export such as `postgres(url)` or `knex(config)`).
   * The default export of a CommonJS module is the module itself too.
   */
  readonly path: readonly string[];
  readonly call: 'new' | 'call';
  readonly kind: ClientKind;
  /** the callee's name for messages, e.g. `new Pool()` */
  readonly display: string;
  /**
   * Positional arguments: which holds a connection string or the options
   * object. Sequelize takes `(database, username, password, options)`.
   */
  readonly urlArg?: number;
  readonly optionsArg?: number;
  readonly credentialArgs?: { readonly database: number; readonly user: number; readonly password: number; readonly options: number };
  /** the construction returns a factory that is called again to get the client (pg-promise) */
  readonly returnsFactory?: boolean;
  /** the method that must run once before the client can be used: `client.connect()`, `dataSource.initialize()` */
  readonly openMethod?: string;
}

/** A call that receives client options but constructs nothing per call (framework modules, tool configs). */
export interface ConfigSiteSpec {
  readonly path: readonly string[];
  readonly optionsArg: number;
  readonly display: string;
}

/**
 * How a file that only exports client options names the driver they are for:
 * a knexfile's `client: 'pg'`, a sequelize-cli config's `dialect: 'postgres'`,
 * a TypeORM `ormconfig`'s `type: 'postgres'`. The tool builds the client elsewhere.
 */
export interface ExportedConfigSpec {
  readonly key: string;
  /** the values of `key` that mean Postgres */
  readonly postgresValues: readonly string[];
}

export interface DriverEntry {
  /** stable id used in messages, settings and codemod templates */
  readonly id: string;
  /** npm module specifiers that export it */
  readonly modules: readonly string[];
  readonly constructors: readonly ConstructorSpec[];
  readonly configSites?: readonly ConfigSiteSpec[];
  readonly exportedConfig?: ExportedConfigSpec;
  /**
   * node-postgres API: a long-lived Pool emits `error` when the server drops an
   * idle client, and `pool.connect()` hands out clients that need `release()`.
   */
  readonly nodePostgresApi?: boolean;
  /** WebSocket-based: its Pool/Client must not outlive an edge request */
  readonly edgeWebSocket?: boolean;
  /** methods that close the client for good, as paths from it (`end`, `$client.end` of a drizzle wrapper) */
  readonly closeMethods?: readonly string[];
  /** option keys that hold the connection string, or (knex and drizzle `connection`) an object holding it */
  readonly urlOptions?: readonly string[];
  /** without a connection string the client reads its own configured one (Prisma's `datasource` in schema.prisma), not PG* defaults */
  readonly configuredUrl?: boolean;
  /**
   * Wrappers: where the wrapped client is passed, as option paths from the
   * first argument (`[]` is the argument itself; a `new X({...})` on the way
   * is stepped into): `drizzle(pool)`, `drizzle({ client })`,
   * `new Kysely({ dialect: new PostgresDialect({ pool }) })`.
   */
  readonly wrappedClientPaths?: readonly (readonly string[])[];
  /** options that name the project's own code (drizzle `schema`, TypeORM `entities`): a shared client needs the same */
  readonly projectOptions?: readonly string[];
  /** methods that attach the project's models to the instance (Sequelize `define`): models made per request cannot move to a shared one */
  readonly modelMethods?: readonly string[];
  /**
   * The option that takes a driver adapter (PrismaClient's `adapter`): with one,
   * the client's connections are the adapter's (none of its own engine's).
   */
  readonly adapterOption?: string;
  /**
   * A driver adapter (`new PrismaPg(...)`): it connects nothing by itself, only
   * when the client it is given to connects, so findings go to that client.
   */
  readonly driverAdapter?: boolean;
  /**
   * It attaches an 'error' listener to a node-postgres pool handed to it
   * (@prisma/adapter-pg 6.13+, on connect), so that pool needs none of its own.
   */
  readonly listensOnWrappedPool?: boolean;
}

/** Option keys, across drivers, that hold a connection string. */
export const URL_OPTION_KEYS: ReadonlySet<string> = new Set([
  'connectionString',
  'connectionURI',
  'url',
  'uri',
  'clientUrl',
  'datasourceUrl',
  'databaseUrl',
  'connection',
]);

/** Option keys that hold credentials or the host they are good for. */
export const CREDENTIAL_OPTION_KEYS = {
  password: new Set(['password', 'pass', 'pwd']),
  user: new Set(['user', 'username']),
  host: new Set(['host', 'hostname', 'server']),
} as const;

/**
 * Option paths, relative to a client's options object, where TLS settings live.
 * `ssl` for pg / postgres.js / Neon / knex connections, `dialectOptions.ssl`
 * for Sequelize, `extra.ssl` for TypeORM, `driverOptions.connection.ssl` for MikroORM,
 * `dbCredentials.ssl` for drizzle-kit.
 */
export const TLS_OPTION_PATHS: readonly (readonly string[])[] = [
  ['ssl'],
  ['dialectOptions', 'ssl'],
  ['extra', 'ssl'],
  ['driverOptions', 'connection', 'ssl'],
  ['connection', 'ssl'],
  ['dbCredentials', 'ssl'],
];

/**
 * Option paths, relative to a client's options object, where connection
 * fields (host, user, password, URL) live: the object itself, knex
 * `connection`, drizzle-kit `dbCredentials`, MikroORM `driverOptions.connection`.
 */
export const CONNECTION_OPTION_PATHS: readonly (readonly string[])[] = [
  [],
  ['connection'],
  ['dbCredentials'],
  ['driverOptions', 'connection'],
];

/** Option keys that name the database engine: Sequelize/drizzle-kit `dialect`, knex `client`, TypeORM `type`. */
export const DIALECT_OPTION_KEYS: readonly string[] = ['dialect', 'client', 'type'];

/** Engine names those keys take that are not Postgres: the options then configure another database. */
export const NON_POSTGRES_DIALECTS: ReadonlySet<string> = new Set([
  'mysql',
  'mysql2',
  'mariadb',
  'aurora-mysql',
  'singlestore',
  'sqlite',
  'sqlite3',
  'better-sqlite3',
  'libsql',
  'turso',
  'd1',
  'sqljs',
  'expo',
  'capacitor',
  'cordova',
  'react-native',
  'nativescript',
  'mssql',
  'tedious',
  'oracle',
  'oracledb',
  'mongodb',
  'sap',
  'spanner',
  'db2',
  'snowflake',
]);

export const CATALOG: readonly DriverEntry[] = [
  {
    id: 'pg',
    modules: ['pg'],
    nodePostgresApi: true,
    closeMethods: ['end'],
    urlOptions: ['connectionString'],
    constructors: [
      { path: ['Pool'], call: 'new', kind: 'pool', display: 'new Pool()', optionsArg: 0 },
      { path: ['Client'], call: 'new', kind: 'client', display: 'new Client()', optionsArg: 0, openMethod: 'connect' },
      { path: ['native', 'Pool'], call: 'new', kind: 'pool', display: 'new pg.native.Pool()', optionsArg: 0 },
      { path: ['native', 'Client'], call: 'new', kind: 'client', display: 'new pg.native.Client()', optionsArg: 0, openMethod: 'connect' },
    ],
  },
  {
    id: 'pg-pool',
    modules: ['pg-pool'],
    nodePostgresApi: true,
    closeMethods: ['end'],
    urlOptions: ['connectionString'],
    constructors: [{ path: [], call: 'new', kind: 'pool', display: 'new Pool()', optionsArg: 0 }],
  },
  {
    id: 'neon-serverless',
    modules: ['@neondatabase/serverless'],
    nodePostgresApi: true,
    edgeWebSocket: true,
    closeMethods: ['end'],
    urlOptions: ['connectionString'],
    constructors: [
      { path: ['Pool'], call: 'new', kind: 'pool', display: 'new Pool()', optionsArg: 0 },
      { path: ['Client'], call: 'new', kind: 'client', display: 'new Client()', optionsArg: 0, openMethod: 'connect' },
      { path: ['neon'], call: 'call', kind: 'http', display: 'neon()', urlArg: 0, optionsArg: 1 },
    ],
  },
  {
    id: 'postgres',
    modules: ['postgres'],
    closeMethods: ['end'],
    constructors: [{ path: [], call: 'call', kind: 'pool', display: 'postgres()', urlArg: 0, optionsArg: 1 }],
  },
  {
    id: 'vercel-postgres',
    modules: ['@vercel/postgres'],
    closeMethods: ['end'],
    constructors: [
      { path: ['createPool'], call: 'call', kind: 'pool', display: 'createPool()', optionsArg: 0 },
      { path: ['createClient'], call: 'call', kind: 'client', display: 'createClient()', optionsArg: 0 },
      { path: ['VercelPool'], call: 'new', kind: 'pool', display: 'new VercelPool()', optionsArg: 0 },
      { path: ['VercelClient'], call: 'new', kind: 'client', display: 'new VercelClient()', optionsArg: 0 },
    ],
  },
  {
    id: 'prisma',
    // Also the clients Prisma generates into the project (`generated/prisma/client`): see ./prisma-client.ts.
    modules: ['@prisma/client', '@prisma/client/edge', '@prisma/client/wasm', '.prisma/client', '.prisma/client/default'],
    closeMethods: ['$disconnect'],
    urlOptions: ['datasourceUrl'],
    configuredUrl: true,
    adapterOption: 'adapter',
    constructors: [{ path: ['PrismaClient'], call: 'new', kind: 'pool', display: 'new PrismaClient()', optionsArg: 0 }],
  },
  {
    // Its own pool (from a config or a URL) is made on connect, with an 'error' listener since 6.13; 6.13+ also takes a pg Pool.
    id: 'prisma-adapter-pg',
    modules: ['@prisma/adapter-pg'],
    driverAdapter: true,
    listensOnWrappedPool: true,
    urlOptions: ['connectionString'],
    wrappedClientPaths: [[]],
    constructors: [{ path: ['PrismaPg'], call: 'new', kind: 'wrapper', display: 'new PrismaPg()', urlArg: 0, optionsArg: 0 }],
  },
  {
    // PrismaNeon makes a @neondatabase/serverless Pool from its config on connect; PrismaNeonHttp queries over HTTP.
    id: 'prisma-adapter-neon',
    modules: ['@prisma/adapter-neon'],
    driverAdapter: true,
    urlOptions: ['connectionString'],
    wrappedClientPaths: [[]],
    constructors: [
      { path: ['PrismaNeon'], call: 'new', kind: 'wrapper', display: 'new PrismaNeon()', urlArg: 0, optionsArg: 0 },
      { path: ['PrismaNeonHttp'], call: 'new', kind: 'http', display: 'new PrismaNeonHttp()', urlArg: 0 },
      { path: ['PrismaNeonHTTP'], call: 'new', kind: 'http', display: 'new PrismaNeonHTTP()', urlArg: 0 },
    ],
  },
  {
    id: 'drizzle',
    modules: [
      'drizzle-orm/node-postgres',
      'drizzle-orm/postgres-js',
      'drizzle-orm/neon-serverless',
      'drizzle-orm/neon-http',
      'drizzle-orm/vercel-postgres',
      'drizzle-orm/pg-proxy',
    ],
    closeMethods: ['$client.end'],
    urlOptions: ['connection', 'connectionString', 'url'],
    wrappedClientPaths: [[], ['client']],
    projectOptions: ['schema'],
    constructors: [{ path: ['drizzle'], call: 'call', kind: 'wrapper', display: 'drizzle()', urlArg: 0, optionsArg: 0 }],
  },
  {
    id: 'drizzle-kit',
    modules: ['drizzle-kit'],
    constructors: [],
    configSites: [{ path: ['defineConfig'], optionsArg: 0, display: 'defineConfig()' }],
  },
  {
    id: 'typeorm',
    modules: ['typeorm'],
    closeMethods: ['destroy', 'close'],
    urlOptions: ['url'],
    projectOptions: ['entities', 'subscribers'],
    exportedConfig: { key: 'type', postgresValues: ['postgres', 'cockroachdb'] },
    constructors: [
      { path: ['DataSource'], call: 'new', kind: 'pool', display: 'new DataSource()', optionsArg: 0, openMethod: 'initialize' },
      { path: ['createConnection'], call: 'call', kind: 'pool', display: 'createConnection()', optionsArg: 0 },
      { path: ['createConnections'], call: 'call', kind: 'pool', display: 'createConnections()' },
    ],
  },
  {
    id: 'nestjs-typeorm',
    modules: ['@nestjs/typeorm'],
    constructors: [],
    configSites: [
      { path: ['TypeOrmModule', 'forRoot'], optionsArg: 0, display: 'TypeOrmModule.forRoot()' },
    ],
  },
  {
    id: 'sequelize',
    modules: ['sequelize', 'sequelize-typescript'],
    closeMethods: ['close'],
    modelMethods: ['define', 'addModels'],
    exportedConfig: { key: 'dialect', postgresValues: ['postgres'] },
    constructors: [
      {
        path: ['Sequelize'],
        call: 'new',
        kind: 'pool',
        display: 'new Sequelize()',
        urlArg: 0,
        optionsArg: 0,
        credentialArgs: { database: 0, user: 1, password: 2, options: 3 },
      },
    ],
  },
  {
    id: 'nestjs-sequelize',
    modules: ['@nestjs/sequelize'],
    constructors: [],
    configSites: [{ path: ['SequelizeModule', 'forRoot'], optionsArg: 0, display: 'SequelizeModule.forRoot()' }],
  },
  {
    id: 'knex',
    modules: ['knex'],
    closeMethods: ['destroy'],
    urlOptions: ['connection', 'connectionString'],
    exportedConfig: { key: 'client', postgresValues: ['pg', 'postgres', 'postgresql', 'pg-native'] },
    constructors: [
      { path: [], call: 'call', kind: 'pool', display: 'knex()', urlArg: 0, optionsArg: 0 },
      { path: ['knex'], call: 'call', kind: 'pool', display: 'knex()', urlArg: 0, optionsArg: 0 },
    ],
  },
  {
    id: 'kysely',
    modules: ['kysely'],
    closeMethods: ['destroy'],
    wrappedClientPaths: [['dialect', 'pool']],
    constructors: [{ path: ['Kysely'], call: 'new', kind: 'wrapper', display: 'new Kysely()', optionsArg: 0 }],
  },
  {
    id: 'mikro-orm',
    modules: ['@mikro-orm/core', '@mikro-orm/postgresql'],
    closeMethods: ['close'],
    constructors: [
      { path: ['MikroORM', 'init'], call: 'call', kind: 'pool', display: 'MikroORM.init()', optionsArg: 0 },
      { path: ['MikroORM', 'initSync'], call: 'call', kind: 'pool', display: 'MikroORM.initSync()', optionsArg: 0 },
      { path: ['MikroORM'], call: 'new', kind: 'pool', display: 'new MikroORM()', optionsArg: 0 },
    ],
    configSites: [{ path: ['defineConfig'], optionsArg: 0, display: 'defineConfig()' }],
  },
  {
    id: 'nestjs-mikro-orm',
    modules: ['@mikro-orm/nestjs'],
    constructors: [],
    configSites: [{ path: ['MikroOrmModule', 'forRoot'], optionsArg: 0, display: 'MikroOrmModule.forRoot()' }],
  },
  {
    id: 'pg-promise',
    modules: ['pg-promise'],
    closeMethods: ['$pool.end'],
    constructors: [
      // `const pgp = pgPromise(); const db = pgp(url)`: the second call opens the pool.
      { path: [], call: 'call', kind: 'pool', display: 'pgp()', urlArg: 0, optionsArg: 0, returnsFactory: true },
    ],
  },
  {
    id: 'slonik',
    modules: ['slonik'],
    closeMethods: ['end'],
    constructors: [{ path: ['createPool'], call: 'call', kind: 'pool', display: 'createPool()', urlArg: 0, optionsArg: 1 }],
  },
];

/** Every module specifier the catalog knows, for cheap text pre-filters. */
export const CATALOG_MODULES: readonly string[] = CATALOG.flatMap((entry) => entry.modules);

const driverByModule = new Map<string, DriverEntry>(
  CATALOG.flatMap((entry) => entry.modules.map((module) => [module, entry] as const)),
);

/** The catalog entry of an import specifier: a catalog module, or a Prisma client generated into the project by its shape. */
export function driverForModule(module: string): DriverEntry | undefined {
  return driverByModule.get(module) ?? (isGeneratedPrismaClient(module) ? driverByModule.get('@prisma/client') : undefined);
}

export function driverById(id: string): DriverEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}
