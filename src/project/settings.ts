/**
 * Project facts reach the rules through `settings.neon`, never through file
 * system reads while linting, so ESLint's cache and `--concurrency` stay correct.
 */

export type Runtime = 'node' | 'edge' | 'worker';

export interface NeonSettings {
  /** globs of the module(s) allowed to construct clients */
  readonly dbModule: readonly string[];
  /** globs of migration files (added to the defaults unless `replaceMigrationGlobs`) */
  readonly migrations: readonly string[];
  /** globs of test files */
  readonly tests: readonly string[];
  /** forces every linted file to be treated as this runtime */
  readonly runtime?: Runtime;
  /** env vars that hold a pooled (PgBouncer) URL */
  readonly pooledEnvVars: readonly string[];
  /** env vars that hold a direct (unpooled) URL */
  readonly directEnvVars: readonly string[];
  /** env var the fixes and codemods use for the app's connection string */
  readonly envVar: string;
  /**
   * Where the project's generated Prisma clients are, beyond the conventional
   * `generated/prisma` shapes: generator outputs as folders from the project
   * root (`src/db/client`) or as the specifiers the code imports them by (`@db/client`).
   */
  readonly prismaClientOutputs: readonly string[];
}

export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  'test/**',
  'tests/**',
  'e2e/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  // test runners' setup files (vitest/jest globalSetup, setupFiles, Playwright setup projects)
  '**/*.setup.*',
  '**/test-setup.*',
  '**/setup-tests.*',
  '**/setupTests.*',
  '**/global-setup.*',
  '**/globalSetup.*',
  // shared test-support packages and folders
  '**/test-utils/**',
  '**/*-test-utils/**',
  '**/testUtils/**',
  '**/test-helpers/**',
  '**/test-support/**',
  '**/testing/**',
  // test doubles: `database/mock/provider.ts`, `__mocks__/pg.ts`, `db.mock.ts`
  '**/mock/**',
  '**/mocks/**',
  '**/__mocks__/**',
  '**/*.mock.*',
];

export const DEFAULT_MIGRATION_GLOBS: readonly string[] = [
  '**/migrations/**',
  '**/migration/**',
  '**/migrate/**',
  '**/*.migration.*',
  'prisma/migrations/**',
  'drizzle/**',
  '**/migrate.*',
  // helpers and variants kept in migration-named folders: `predefinedMigrations/`, `db-migrations/`, `dataMigrations/`
  '**/*[mM]igrations/**',
  '**/*[mM]igration/**',
  // schema "alterations" (logto's name for its migrations, with their `utils/`)
  '**/alterations/**',
];

export const DEFAULT_DB_MODULE_GLOBS: readonly string[] = [
  '**/db.*',
  '**/db/*.*',
  '**/database.*',
  '**/database/index.*',
  '**/prisma.*',
  '**/prisma/index.*',
  // A workspace package of its own: `packages/db/src/client.ts` (create-t3-turbo), `packages/database/src/client.ts` (rallly).
  '**/db/src/*.*',
  '**/database/src/client.*',
  '**/database/src/index.*',
];

/** One-off scripts (seeds, maintenance) that may open their own short-lived client. */
export const SCRIPT_GLOBS: readonly string[] = ['**/scripts/**', '**/.scripts/**', '**/seed.*', '**/seed-*.*', '**/*.seed.*', '**/seeds/**', '**/seeders/**'];

/** Migration tool configs and data-source files that legitimately construct clients. */
export const TOOL_CONFIG_GLOBS: readonly string[] = [
  '**/drizzle.config.*',
  '**/knexfile.*',
  '**/data-source.*',
  '**/datasource.*',
  '**/ormconfig.*',
  '**/mikro-orm.config.*',
  '**/prisma.config.*',
  '**/.pgmigraterc*',
  '**/kysely.config.*',
  '**/.sequelizerc',
];

/** The variable the app's connection string is read from, unless the settings or a codemod run name another. */
export const DEFAULT_ENV_VAR = 'DATABASE_URL';

/** Neon's Vercel integration names: pooled first, then direct. */
export const DEFAULT_POOLED_ENV_VARS: readonly string[] = ['DATABASE_URL', 'POSTGRES_URL', 'POSTGRES_PRISMA_URL'];
export const DEFAULT_DIRECT_ENV_VARS: readonly string[] = [
  'DATABASE_URL_UNPOOLED',
  'POSTGRES_URL_NON_POOLING',
  'DIRECT_URL',
  'DIRECT_DATABASE_URL',
];

const defaults: NeonSettings = {
  dbModule: DEFAULT_DB_MODULE_GLOBS,
  migrations: DEFAULT_MIGRATION_GLOBS,
  tests: DEFAULT_TEST_GLOBS,
  pooledEnvVars: DEFAULT_POOLED_ENV_VARS,
  directEnvVars: DEFAULT_DIRECT_ENV_VARS,
  envVar: DEFAULT_ENV_VAR,
  prismaClientOutputs: [],
};

const cache = new WeakMap<object, NeonSettings>();

function stringList(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** Reads `settings.neon` (user values replace the defaults, except migration globs, which add to them). */
export function readNeonSettings(settings: Readonly<Record<string, unknown>> | undefined): NeonSettings {
  const raw = settings?.neon;
  if (!raw || typeof raw !== 'object') return defaults;
  const cached = cache.get(raw);
  if (cached) return cached;
  const input = raw as Record<string, unknown>;
  const runtime = input.runtime;
  const result: NeonSettings = {
    dbModule: stringList(input.dbModule) ?? defaults.dbModule,
    migrations: [...defaults.migrations, ...(stringList(input.migrations) ?? [])],
    tests: stringList(input.tests) ?? defaults.tests,
    runtime: runtime === 'node' || runtime === 'edge' || runtime === 'worker' ? runtime : undefined,
    pooledEnvVars: stringList(input.pooledEnvVars) ?? defaults.pooledEnvVars,
    directEnvVars: stringList(input.directEnvVars) ?? defaults.directEnvVars,
    envVar: typeof input.envVar === 'string' && input.envVar ? input.envVar : defaults.envVar,
    prismaClientOutputs: stringList(input.prismaClientOutputs) ?? defaults.prismaClientOutputs,
  };
  cache.set(raw, result);
  return result;
}
