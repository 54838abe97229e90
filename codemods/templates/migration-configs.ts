/**
 * The config files migration CLIs load, for a project that has none: they
 * connect over the direct (unpooled) URL, because PgBouncer's transaction
 * mode (Neon's -pooler endpoint) drops the session locks migrations take.
 * `init` and `ddl-to-migrations` write them.
 */

import path from 'node:path';

export type ConfigLanguage = 'ts' | 'js';
export type ConfigModuleSystem = 'esm' | 'cjs';

const LOCAL_DATABASE = String.raw`/@(localhost|127\.0\.0\.1)(:\d+)?\//`;

const DIRECT_URL = `const connectionString = process.env.DATABASE_URL_UNPOOLED;
if (!connectionString) throw new Error('DATABASE_URL_UNPOOLED is not set: set it to the direct (non -pooler) Neon URL.');
`;

const KNEXFILE = `// knex CLI config: migrations run over the direct (unpooled) URL; PgBouncer's transaction mode drops their session locks.
${DIRECT_URL}
const config = {
  client: 'pg',
  connection: { connectionString, ssl: ${LOCAL_DATABASE}.test(connectionString) ? undefined : true },
  migrations: { directory: './migrations' },
};
`;

/** `knexfile.ts|js` (knex loads a TypeScript one through ts-node). */
export function renderKnexfile(language: ConfigLanguage, moduleSystem: ConfigModuleSystem): string {
  return moduleSystem === 'esm' || language === 'ts' ? `${KNEXFILE}\nexport default config;\n` : `${KNEXFILE}\nmodule.exports = config;\n`;
}

/**
 * `kysely.config.ts|js` for kysely-ctl (`kysely migrate:latest`), which loads
 * TypeScript itself. A plain object: kysely-ctl's `defineConfig` only types it,
 * and the file then needs nothing the app does not already depend on.
 */
export function renderKyselyConfig(language: ConfigLanguage, moduleSystem: ConfigModuleSystem): string {
  const cjs = language === 'js' && moduleSystem === 'cjs';
  const imports = cjs
    ? "const { PostgresDialect } = require('kysely');\nconst { Pool } = require('pg');\n"
    : "import { PostgresDialect } from 'kysely';\nimport { Pool } from 'pg';\n";
  // kysely-ctl skips .js migrations unless told otherwise.
  const migrations = language === 'js' ? "{ migrationFolder: 'migrations', allowJS: true }" : "{ migrationFolder: 'migrations' }";
  return `// kysely-ctl config (npx kysely migrate:latest): migrations run over the direct (unpooled) URL; PgBouncer's transaction mode drops their session locks.
${imports}
${DIRECT_URL}
${cjs ? 'module.exports =' : 'export default'} {
  dialect: new PostgresDialect({
    pool: new Pool({ connectionString, max: 1, ssl: ${LOCAL_DATABASE}.test(connectionString) ? undefined : true }),
  }),
  migrations: ${migrations},
};
`;
}

/**
 * `prisma.config.ts|js` for Prisma 7, whose CLI reads the datasource URL from
 * it (schema.prisma's datasource has none) and loads no .env file itself.
 * Migrations get the direct URL; `process.env` rather than prisma/config's
 * `env()`, which throws when the variable is unset, so `prisma generate` runs without it.
 */
export function renderPrismaConfig(schema: string, language: ConfigLanguage, moduleSystem: ConfigModuleSystem): string {
  const cjs = language === 'js' && moduleSystem === 'cjs';
  const imports = cjs ? "require('dotenv/config');\nconst { defineConfig } = require('prisma/config');\n" : "import 'dotenv/config';\nimport { defineConfig } from 'prisma/config';\n";
  const migrations = `${path.posix.dirname(schema)}/migrations`;
  return `// Prisma CLI config: Prisma 7 reads the datasource URL here. Migrations run over the direct (unpooled) URL;
// PgBouncer's transaction mode (Neon's -pooler endpoint) drops their session locks.
${imports}
${cjs ? 'module.exports =' : 'export default'} defineConfig({
  schema: '${schema}',
  migrations: { path: '${migrations}' },
  datasource: { url: process.env.DATABASE_URL_UNPOOLED ?? '' },
});
`;
}
