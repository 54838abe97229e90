import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { Kysely, type Migration, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { type QueryInterface, Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as transform from '../../codemods/ddl-to-migrations';
import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter } from '../../codemods/lib/lint';
import { Reporter, type TransformReport } from '../../codemods/lib/report';
import type { CodemodOptions, RunContext } from '../../codemods/lib/transform';
import { dbModuleTemplate } from '../../codemods/templates/db-modules';
import { renderModule } from '../../codemods/templates/render';
import { detectProject } from '../../src/project/detect';
import { startPostgres, type PostgresServer } from '../support/postgres';
import { listFiles, readTree } from '../support/tree';
import { typeErrors } from '../support/typecheck';

/**
 * Every case under fixtures/codemods/ddl-to-migrations/<case>/: the transform
 * runs on a copy of input/ with a fixed clock (NEON_CODEMOD_NOW), and the
 * whole project afterwards must equal output/ file for file. `expected.json`
 * (optional) holds the findings left for a human, at their place in input/,
 * and `remaining`, where the rule still reports them in output/ when the
 * edits above them moved them (default: the same places).
 */

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/ddl-to-migrations');
const NOW = '2025-01-02T03:04:05.000Z';
const CASES = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

interface Expected {
  readonly findings?: readonly Position[];
  readonly remaining?: readonly Position[];
}

const made: string[] = [];
const savedNow = process.env.NEON_CODEMOD_NOW;

function copyInput(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ddl-to-migrations-${name}-`));
  made.push(root);
  fs.cpSync(path.join(FIXTURES, name, 'input'), root, { recursive: true });
  return root;
}

function runTransform(root: string): TransformReport {
  const stream = { write: () => true };
  const options: CodemodOptions = { root, stack: detectProject(root), dry: false, print: false, envVar: 'DATABASE_URL', writeEnv: false };
  const walk = walkSourceFiles([root], { includeNames: ['package.json'] });
  const context: RunContext = { root, files: walk.files, walkSkipped: walk.skipped, options, reporter: new Reporter({ json: false, stdout: stream, stderr: stream }) };
  return transform.run(context) as TransformReport;
}

function expectedOf(name: string): Expected {
  const file = path.join(FIXTURES, name, 'expected.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Expected) : {};
}

beforeAll(() => {
  process.env.NEON_CODEMOD_NOW = NOW;
});

afterAll(() => {
  if (savedNow === undefined) delete process.env.NEON_CODEMOD_NOW;
  else process.env.NEON_CODEMOD_NOW = savedNow;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('ddl-to-migrations fixtures', () => {
  it('finds its cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(9);
  });

  describe.each(CASES)('%s', (name) => {
    const output = path.join(FIXTURES, name, 'output');
    const expected = expectedOf(name);

    it('turns input/ into exactly output/, with the expected findings', () => {
      const root = copyInput(name);
      const report = runTransform(root);
      expect(report.failed).toEqual([]);
      expect(readTree(root)).toEqual(readTree(output));
      expect(report.findings.map(({ file, line, column }) => ({ file, line, column }))).toEqual(expected.findings ?? []);
    });

    it('changes nothing on a second run, and creates no second migration', () => {
      const root = copyInput(name);
      runTransform(root);
      const first = readTree(root);
      const report = runTransform(root);
      expect(report.changed).toEqual([]);
      expect(readTree(root)).toEqual(first);
    });

    it('leaves nothing for no-ddl-outside-migrations but the reported findings, and every output parses', () => {
      const linter = createNeonLinter({ cwd: output, ruleIds: [...transform.meta.answers] });
      const remaining: Position[] = [];
      for (const file of listFiles(output).filter((item) => /\.[cm]?[jt]s$/.test(item))) {
        const result = linter.lint(fs.readFileSync(path.join(output, file), 'utf8'), path.join(output, file));
        expect(result.fatal, file).toBeUndefined();
        for (const message of result.messages) remaining.push({ file, line: message.line, column: message.column });
      }
      expect(remaining).toEqual(expected.remaining ?? expected.findings ?? []);
    });
  });

  it('does not recreate a migration whose SQL is already in the migrations folder', () => {
    const root = copyInput('express-pg-init-db');
    fs.mkdirSync(path.join(root, 'migrations'));
    fs.cpSync(path.join(FIXTURES, 'express-pg-init-db/output/migrations'), path.join(root, 'migrations'), { recursive: true });
    fs.renameSync(path.join(root, 'migrations/1735787045000_init-db.js'), path.join(root, 'migrations/1700000000000_schema.js'));
    const report = runTransform(root);
    expect(listFiles(path.join(root, 'migrations'))).toEqual(['1700000000000_schema.js']);
    expect(report.changed.sort()).toEqual(['package.json', 'src/init-db.js', 'src/server.js']);
  });


  it('adds no second migration tool to a project that applies its knex migrations from code, and says where they run', () => {
    const root = copyInput('knex-migrations-from-code');
    const report = runTransform(root);
    expect(report.changed).toEqual([]);
    expect(report.findings.map((finding) => finding.message)).toEqual([expect.stringContaining('applies its migrations from code (server/core/db.js:8)')]);
    // Without the runner call, the same DDL moves into a migration of the tool the project then gets.
    fs.writeFileSync(path.join(root, 'server/core/db.js'), fs.readFileSync(path.join(root, 'server/core/db.js'), 'utf8').replace(/knex\.migrate\.latest\(.*\);/, 'await Promise.resolve();'));
    const moved = runTransform(root);
    expect(moved.changed).toContain('server/search/postgres.js');
    expect(moved.findings).toEqual([]);
  });
  it('TypeScript outputs type-check against the real type packages', () => {
    const files = CASES.flatMap((name) =>
      listFiles(path.join(FIXTURES, name, 'output'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(FIXTURES, name, 'output', file)),
    );
    const diagnostics = typeErrors(files, FIXTURES, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(diagnostics).toEqual([]);
  });
});

/**
 * The proof on a real PostgreSQL: database A gets the schema the way the app
 * built it (the ORIGINAL init functions run, with a pg Pool, in the order the
 * server called them: that also covers what a statement-level extraction
 * could miss), database B gets it from the NEW migrations through each
 * tool's own runner (and then from what the app still runs at boot). Their
 * `pg_dump --schema-only` must be equal, the tools' bookkeeping tables aside.
 * The builder migrations keep the code's existence guards, so running them on
 * database A changes nothing.
 */
describe('ddl-to-migrations on PostgreSQL: the migrations build the schema the startup code built', () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  function schemaDump(url: string): string {
    const pgDump = server.tool('pg_dump');
    if (!pgDump) throw new Error('pg_dump not found');
    // The migration tools' own bookkeeping tables are not the app's schema.
    const bookkeeping = ['pgmigrations*', 'knex_migrations*', 'kysely_migration*', 'migrations', 'migrations_id_seq'].map((table) => `--exclude-table=${table}`);
    const dump = execFileSync(pgDump, ['--schema-only', '--no-owner', '--no-privileges', ...bookkeeping, url], { encoding: 'utf8' });
    // pg_dump's header and session settings and its per-run \restrict key say nothing about the schema.
    return dump
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('--') && !line.startsWith('\\restrict') && !line.startsWith('\\unrestrict') && !line.startsWith('SET ') && !line.startsWith('SELECT pg_catalog.set_config'))
      .join('\n');
  }

  async function migrate(url: string, name: string): Promise<void> {
    const { runner } = await import('node-pg-migrate');
    await runner({ databaseUrl: url, dir: path.join(FIXTURES, name, 'output/migrations'), direction: 'up', migrationsTable: 'pgmigrations', log: () => {}, checkOrder: true });
  }

  it('express-pg-init-db: initDb() and the node-pg-migrate migration give the same schema', async () => {
    const original = await server.createDatabase();
    const migrated = await server.createDatabase();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = original;
    try {
      const initDbModule = path.join(FIXTURES, 'express-pg-init-db/input/src/init-db.js');
      const { initDb } = (await import(initDbModule)) as { initDb: () => Promise<void> };
      await initDb();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    await migrate(migrated, 'express-pg-init-db');
    const dump = schemaDump(migrated);
    expect(dump).toContain('CREATE TABLE public.orders');
    expect(dump).toBe(schemaDump(original));
  }, 60_000);

  it('ts-pg-init-schema: createTables() then createIndexes() and the TS migration give the same schema', async () => {
    const original = await server.createDatabase();
    const migrated = await server.createDatabase();
    const schema = (await import(path.join(FIXTURES, 'ts-pg-init-schema/input/src/schema.ts'))) as {
      createTables: (pool: Pool) => Promise<void>;
      createIndexes: (pool: Pool) => Promise<void>;
    };
    const pool = new Pool({ connectionString: original });
    try {
      await schema.createTables(pool);
      await schema.createIndexes(pool);
    } finally {
      await pool.end();
    }
    await migrate(migrated, 'ts-pg-init-schema');
    const dump = schemaDump(migrated);
    expect(dump).toContain('authors_lower_email_idx');
    expect(dump).toContain("'Blog posts; {author} is never templated'");
    expect(dump).toBe(schemaDump(original));
  }, 60_000);
  /** Runs `work` with DATABASE_URL set to `url`: the fixtures' db modules read it when first imported. */
  async function withDatabaseUrl<T>(url: string, work: () => Promise<T>): Promise<T> {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      return await work();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }

  const fixtureModule = <T>(name: string, file: string): Promise<T> => import(path.join(FIXTURES, name, file)) as Promise<T>;

  /** knex's migrator on a fixture's migrations folder, loading each file as this suite does (TypeScript included). */
  async function knexMigrate(url: string, name: string): Promise<void> {
    const dir = path.join(FIXTURES, name, 'output/migrations');
    const files = fs.readdirSync(dir).sort();
    const db = knex({ client: 'pg', connection: url });
    try {
      await db.migrate.latest({
        migrationSource: {
          getMigrations: async () => files,
          getMigrationName: (file: string) => file,
          getMigration: async (file: string) => (await import(path.join(dir, file))) as Knex.Migration,
        },
      });
    } finally {
      await db.destroy();
    }
  }

  /**
   * Database A from the old boot code (`boot`, with DATABASE_URL set), B from
   * the new migrations (`migrate`): equal schemas, holding `landmark`. Returns
   * A's URL and B's dump.
   */
  async function expectSameSchema(boot: () => Promise<void>, migrate: (url: string) => Promise<void>, landmark: string): Promise<{ original: string; dump: string }> {
    const original = await server.createDatabase();
    const migrated = await server.createDatabase();
    await withDatabaseUrl(original, boot);
    await migrate(migrated);
    const dump = schemaDump(migrated);
    expect(dump).toContain(landmark);
    expect(dump).toBe(schemaDump(original));
    return { original, dump };
  }

  it('knex-builder-ts: the knex migration, then the boot code left, give the schema ensureSchema() built; on that schema it is a no-op', async () => {
    type Boot = { ensureSchema: () => Promise<void> };
    type Db = { db: Knex };
    const { original, dump } = await expectSameSchema(
      async () => {
        await (await fixtureModule<Boot>('knex-builder-ts', 'input/src/schema.ts')).ensureSchema();
        await (await fixtureModule<Db>('knex-builder-ts', 'input/src/db.ts')).db.destroy();
      },
      async (url) => {
        await knexMigrate(url, 'knex-builder-ts');
        // The audit table still comes from the boot code.
        await withDatabaseUrl(url, async () => {
          await (await fixtureModule<Boot>('knex-builder-ts', 'output/src/schema.ts')).ensureSchema();
          await (await fixtureModule<Db>('knex-builder-ts', 'output/src/db.ts')).db.destroy();
        });
      },
      'published boolean DEFAULT false NOT NULL',
    );
    expect(dump).toContain('CREATE INDEX posts_author_id_idx');
    await knexMigrate(original, 'knex-builder-ts');
    expect(schemaDump(original)).toBe(dump);
  }, 60_000);

  it('knex-builder-js: the db module template\'s migrate() applies the knex migration and builds the schema setupDatabase() built', async () => {
    // The project as `central-db-module` or `init` leaves it: the knex template as src/db.js, run from the project root.
    const project = fs.mkdtempSync(path.join(REPO, '.tmp', 'knex-migrate-'));
    made.push(project);
    fs.cpSync(path.join(FIXTURES, 'knex-builder-js/output'), project, { recursive: true });
    fs.writeFileSync(path.join(project, 'src/db.js'), renderModule(dbModuleTemplate('knex').source, { language: 'js', moduleSystem: 'cjs' }));
    const { dump } = await expectSameSchema(
      async () => {
        await (await fixtureModule<{ setupDatabase: () => Promise<void> }>('knex-builder-js', 'input/src/setup-db.js')).setupDatabase();
        await (await fixtureModule<{ knex: Knex }>('knex-builder-js', 'input/src/db.js')).knex.destroy();
      },
      async (url) => {
        execFileSync(process.execPath, ['-e', "const db = require('./src/db'); db.migrate().then(() => db.closeDb())"], { cwd: project, env: { ...process.env, DATABASE_URL: url } });
      },
      'CREATE INDEX todo_tags_tag_idx',
    );
    expect(dump).toContain("DEFAULT nextval('public.todo_number_seq'::regclass)");
  }, 60_000);

  it('kysely-builder: the Kysely migration gives the schema createSchema() built', async () => {
    await expectSameSchema(
      async () => {
        await (await fixtureModule<{ createSchema: () => Promise<void> }>('kysely-builder', 'input/src/schema.ts')).createSchema();
        await (await fixtureModule<{ db: Kysely<unknown> }>('kysely-builder', 'input/src/database.ts')).db.destroy();
      },
      async (url) => {
        const dir = path.join(FIXTURES, 'kysely-builder/output/migrations');
        const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url }) }) });
        try {
          const provider = { getMigrations: async () => Object.fromEntries(await Promise.all(fs.readdirSync(dir).map(async (file) => [file, (await import(path.join(dir, file))) as Migration]))) };
          const { error } = await new Migrator({ db, provider }).migrateToLatest();
          expect(error).toBeUndefined();
        } finally {
          await db.destroy();
        }
      },
      'CREATE INDEX pet_owner_id_index',
    );
  }, 60_000);

  it('sequelize-query-interface: the sequelize-cli migration gives the schema bootstrap() built', async () => {
    await expectSameSchema(
      async () => {
        await (await fixtureModule<{ bootstrap: () => Promise<void> }>('sequelize-query-interface', 'input/src/bootstrap.js')).bootstrap();
        await (await fixtureModule<{ sequelize: Sequelize }>('sequelize-query-interface', 'input/src/db.js')).sequelize.close();
      },
      async (url) => {
        // What sequelize-cli (umzug) does with each file: `up(queryInterface, Sequelize)`.
        const dir = path.join(FIXTURES, 'sequelize-query-interface/output/migrations');
        const sequelize = new Sequelize(url, { dialect: 'postgres', logging: false });
        try {
          for (const file of fs.readdirSync(dir).sort()) {
            const migration = (await import(path.join(dir, file))) as { up: (queryInterface: QueryInterface, library: typeof Sequelize) => Promise<void> };
            await migration.up(sequelize.getQueryInterface(), Sequelize);
          }
        } finally {
          await sequelize.close();
        }
      },
      'CREATE TYPE public.enum_accounts_plan',
    );
  }, 60_000);

  it('typeorm-query-runner: the TypeORM migration class gives the schema ensureTables() built', async () => {
    await expectSameSchema(
      async () => {
        const { AppDataSource } = await fixtureModule<{ AppDataSource: DataSource }>('typeorm-query-runner', 'input/src/data-source.ts');
        await AppDataSource.initialize();
        try {
          await (await fixtureModule<{ ensureTables: () => Promise<void> }>('typeorm-query-runner', 'input/src/ensure-tables.ts')).ensureTables();
        } finally {
          await AppDataSource.destroy();
        }
      },
      async (url) => {
        const dir = path.join(FIXTURES, 'typeorm-query-runner/output/src/migrations');
        const migrations = await Promise.all(fs.readdirSync(dir).map(async (file) => Object.values((await import(path.join(dir, file))) as Record<string, new () => unknown>)[0]!));
        const dataSource = new DataSource({ type: 'postgres', url, migrations });
        await dataSource.initialize();
        try {
          expect(await dataSource.runMigrations()).toHaveLength(1);
        } finally {
          await dataSource.destroy();
        }
      },
      'CREATE INDEX photos_taken_at_idx',
    );
  }, 60_000);
});
