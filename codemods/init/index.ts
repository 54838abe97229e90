import fs from 'node:fs';
import path from 'node:path';

import { versionBelow, type ProjectStack } from '../../src/project/detect';
import { fileRoles, matchesGlobs } from '../../src/project/files';
import { DEFAULT_DB_MODULE_GLOBS, readNeonSettings } from '../../src/project/settings';
import { addTemplatePackages, dbModulePath, renderDbModule } from '../central-db-module/steps/db-module';
import { isSourceFile, readTextIfReadable } from '../lib/files';
import { findClientConstructions, type ClientConstructionSite } from '../lib/lint';
import { CLIENT_TRIGGERS, compilePrefilter } from '../lib/prefilter';
import { newTransformReport, type Finding, type TransformReport } from '../lib/report';
import { relativePath, type RunContext, type TransformMeta } from '../lib/transform';
import { Changeset } from '../lib/changeset';
import { addDependency, addScripts, editPackageJson } from '../schema-sync-to-migrations/steps/package-json';
import { dbModuleTemplate, type StackId } from '../templates/db-modules';
import { DEPENDENCY_RANGES } from '../templates/dependency-ranges';
import { renderKnexfile, renderPrismaConfig } from '../templates/migration-configs';
import { prismaStack, prismaStackNotes, withPrismaClientImport } from '../templates/prisma';

/**
 * `init`: the GOOD shape scaffolded on a project that has no db module yet:
 * the db module from the stack's template, the migration tool's folder and
 * config, `.env.example` with the pooled and the direct URL, and package.json
 * scripts and dependencies (ranges written, nothing installed). It creates
 * files and adds keys; it never overwrites what exists, and says so.
 */

export const meta: TransformMeta = {
  name: 'init',
  description: 'scaffold the db module, migration setup, .env.example and package.json scripts for the detected (or --driver) stack',
  triggers: CLIENT_TRIGGERS,
  answers: [],
};

export const readOnly = false;

/** The migration setup of a template: where migrations live, the scripts, the dev tools, and config files. */
interface MigrationSetup {
  readonly tool: string;
  readonly folder: string;
  readonly scripts: Readonly<Record<string, string>>;
  readonly devDependencies: readonly string[];
  readonly files?: (language: 'ts' | 'js', moduleSystem: 'esm' | 'cjs') => Readonly<Record<string, string>>;
}

// node-pg-migrate reads DATABASE_URL by default; migrations need the direct URL (PgBouncer's transaction mode drops session locks).
const NODE_PG_MIGRATE: MigrationSetup = {
  tool: 'node-pg-migrate',
  folder: 'migrations',
  scripts: {
    'db:migrate': 'node-pg-migrate up --database-url-var DATABASE_URL_UNPOOLED',
    'db:migrate:down': 'node-pg-migrate down --database-url-var DATABASE_URL_UNPOOLED',
    'db:migration:new': 'node-pg-migrate create',
  },
  devDependencies: [],
};

const PRISMA_MIGRATE: MigrationSetup = {
  tool: 'prisma-migrate',
  folder: 'prisma/migrations',
  scripts: { 'db:migrate': 'prisma migrate deploy', 'db:migration:new': 'prisma migrate dev --create-only' },
  devDependencies: ['prisma'],
};

const MIGRATIONS: Partial<Record<StackId, MigrationSetup>> = {
  pg: NODE_PG_MIGRATE,
  postgres: NODE_PG_MIGRATE,
  'neon-serverless': NODE_PG_MIGRATE,
  'neon-http': NODE_PG_MIGRATE,
  prisma: PRISMA_MIGRATE,
  'prisma-adapter-pg': PRISMA_MIGRATE,
  'prisma-adapter-neon': PRISMA_MIGRATE,
  knex: {
    tool: 'knex',
    folder: 'migrations',
    scripts: { 'db:migrate': 'knex migrate:latest', 'db:migrate:down': 'knex migrate:rollback', 'db:migration:new': 'knex migrate:make' },
    devDependencies: [],
    files: (language, moduleSystem) => ({
      [`knexfile.${language}`]: renderKnexfile(language, moduleSystem),
    }),
  },
};

/** `--driver` (a catalog id) or the detected stack, as a template; pg when the project names none. */
export function templateFor(stack: ProjectStack, driver: string | undefined): StackId | undefined {
  const drivers = driver ? [driver] : [...stack.orms, ...stack.drivers];
  const has = (id: string) => drivers.includes(id);
  if (has('prisma')) return prismaStack(stack);
  if (has('drizzle')) return has('postgres') ? 'drizzle-postgres-js' : has('neon-serverless') ? 'drizzle-neon-serverless' : 'drizzle-node-postgres';
  for (const id of ['typeorm', 'sequelize', 'knex', 'kysely', 'postgres', 'neon-serverless', 'pg'] as const) if (has(id)) return id;
  return drivers.length === 0 ? 'pg' : undefined;
}

const envExampleEntries = (envVar: string): readonly { name: string; comment: string; value: string }[] => [
  {
    name: envVar,
    comment: "# The app's connection: Neon's pooled endpoint (host with -pooler).",
    value: 'postgresql://<user>:<password>@<endpoint>-pooler.<region>.aws.neon.tech/<database>?sslmode=require',
  },
  {
    name: 'DATABASE_URL_UNPOOLED',
    comment: `# Migrations: the direct endpoint (no -pooler); for a local database, the same URL as ${envVar}.`,
    value: 'postgresql://<user>:<password>@<endpoint>.<region>.aws.neon.tech/<database>?sslmode=require',
  },
];

/** Appends the variables `.env.example` lacks; a key that is there stays as it is. */
function envExample(existing: string | undefined, envVar: string): string {
  const present = new Set([...(existing ?? '').matchAll(/^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=/gm)].map((match) => match[1]));
  const missing = envExampleEntries(envVar).filter((entry) => !present.has(entry.name));
  if (missing.length === 0) return existing ?? '';
  const block = missing.map((entry) => `${entry.comment}\n${entry.name}=${entry.value}\n`).join('\n');
  if (!existing) return block;
  return `${existing.replace(/\n*$/, '\n')}\n${block}`;
}

function existingDbModule(context: RunContext): string | undefined {
  const { root, options } = context;
  if (options.dbModule) return fs.existsSync(path.resolve(root, options.dbModule)) ? path.resolve(root, options.dbModule) : undefined;
  const settings = readNeonSettings({});
  // `prisma.config.ts` matches `**/prisma.*`, but a tool's config is no db module.
  return context.files.find((file) => isSourceFile(file) && matchesGlobs(file, root, DEFAULT_DB_MODULE_GLOBS) && !fileRoles(file, root, settings).toolConfig);
}

const mentionsDriver = compilePrefilter([CLIENT_TRIGGERS]);

/**
 * Where the app already creates its database client, in a file not named like
 * a db module (`src/config/ormconfig.ts` exporting a TypeORM DataSource, a
 * `drizzle()` in `src/lib/drizzle.ts`): a scaffolded db module would be a
 * second, unused setup next to it. Tests and migrations do not count.
 */
function existingClients(context: RunContext): { file: string; site: ClientConstructionSite }[] {
  const { root } = context;
  const settings = readNeonSettings({});
  const found: { file: string; site: ClientConstructionSite }[] = [];
  for (const file of context.files) {
    if (!isSourceFile(file)) continue;
    const roles = fileRoles(file, root, settings);
    if (roles.test || roles.migration) continue;
    const text = readTextIfReadable(file);
    if (text === undefined) continue;
    if (!mentionsDriver(text)) continue;
    for (const site of findClientConstructions(text, file, root)) found.push({ file, site });
  }
  return found;
}

export function run(context: RunContext): TransformReport {
  const { root, options, reporter } = context;
  const report = newTransformReport(meta.name);
  const note = (file: string, message: string): Finding => ({ file: relativePath(root, file), line: 1, column: 1, message });
  const stackId = templateFor(options.stack, options.driver);
  if (!stackId) {
    report.findings.push(note(path.join(root, 'package.json'), `init has no template for --driver ${options.driver}: scaffold the db module by hand.`));
    reporter.out(report.findings[0]!.message);
    return report;
  }
  const language = options.stack.language === 'typescript' ? 'ts' : 'js';
  const moduleSystem = options.stack.moduleSystem === 'esm' ? 'esm' : 'cjs';
  const changes = new Changeset();

  // init is for a project without one; central-db-module is the transform for a project that has one.
  const existing = existingDbModule(context);
  if (existing) {
    report.findings.push(note(existing, `a db module exists (${relativePath(root, existing)}): init changed nothing. Run central-db-module to check it and point the rest of the code at it.`));
    reporter.out(`${report.findings[0]!.file}  ${report.findings[0]!.message}`);
    return report;
  }
  const clients = existingClients(context);
  if (clients.length > 0) {
    const [{ file, site }] = clients;
    const others = new Set(clients.map((client) => client.file)).size - 1;
    const where = `${relativePath(root, file)}:${site.line}:${site.column} (${site.display})${others > 0 ? ` and ${others} more file${others === 1 ? '' : 's'}` : ''}`;
    report.findings.push({
      file: relativePath(root, file),
      line: site.line,
      column: site.column,
      message: `the app already creates its database client in ${where}: init, which scaffolds projects without one, changed nothing. Run central-db-module to gather the clients into one db module.`,
    });
    reporter.out(`${report.findings[0]!.file}:${site.line}:${site.column}  ${report.findings[0]!.message}`);
    return report;
  }
  const dbModule = dbModulePath(context);
  const source = withPrismaClientImport(dbModuleTemplate(stackId, options.envVar).source, stackId, options.stack, dbModule);
  changes.create(dbModule, renderDbModule(dbModule, options.stack, source));

  const migrations = MIGRATIONS[stackId];
  const prismaConfigDevDependencies: string[] = [];
  for (const message of prismaStackNotes(stackId, options.stack)) report.findings.push(note(path.join(root, 'package.json'), message));
  if (migrations) {
    const folder = path.join(root, migrations.folder);
    if (!fs.existsSync(folder)) changes.create(path.join(folder, '.gitkeep'), '');
    for (const [name, text] of Object.entries(migrations.files?.(language, moduleSystem) ?? {})) {
      const file = path.join(root, name);
      if (!changes.create(file, text)) report.findings.push(note(file, `${name} exists: left as is. Check that its migrations read DATABASE_URL_UNPOOLED.`));
    }
    // Prisma 7 reads the migrations' URL from prisma.config.ts only (schema.prisma's datasource has none).
    const prisma = options.stack.prisma;
    if (migrations === PRISMA_MIGRATE && prisma?.clientMinimum && !versionBelow(prisma.clientMinimum, '7.0.0') && !prisma.configFile) {
      changes.create(path.join(root, `prisma.config.${language}`), renderPrismaConfig(prisma.schema ?? 'prisma/schema.prisma', language, moduleSystem));
      prismaConfigDevDependencies.push('dotenv');
    }
  } else {
    report.findings.push(note(path.join(root, 'package.json'), `init does not wire ${stackId} migrations yet: run schema-sync-to-migrations, or set up the tool's migrations by hand.`));
  }

  const envFile = path.join(root, '.env.example');
  const envBefore = changes.read(envFile);
  const envAfter = envExample(envBefore, options.envVar);
  if (envBefore === undefined) changes.create(envFile, envAfter);
  else changes.update(envFile, () => envAfter);

  const packageJson = path.join(root, 'package.json');
  const updated = changes.update(packageJson, (text) =>
    editPackageJson(text, (pkg) => {
      if (migrations) addScripts(pkg, migrations.scripts);
      addTemplatePackages(pkg, stackId, options.stack);
      for (const name of [...(migrations?.devDependencies ?? []), ...prismaConfigDevDependencies]) addDependency(pkg, 'devDependencies', name, DEPENDENCY_RANGES[name] ?? 'latest');
    }),
  );
  if (!updated) report.findings.push(note(packageJson, 'no package.json at the project root: add the scripts and dependencies by hand.'));

  changes.commit(context, report);
  for (const finding of report.findings) reporter.out(`${finding.file}  ${finding.message}`);
  if (report.changed.some((file) => file.endsWith('package.json'))) reporter.out('Dependencies were added to package.json: run your package manager’s install.');
  return report;
}
