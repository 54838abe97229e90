import fs from 'node:fs';
import path from 'node:path';

import type { Changeset } from '../../lib/changeset';
import type { RunContext } from '../../lib/transform';
import type { MovedSql, Plan, TargetTool } from '../analyze';

/**
 * Writes the moved SQL as one migration of the project's tool, named and laid
 * out as that tool's own generator would. The SQL is kept as written (JS/TS
 * migrations reuse the source literal), so `IF NOT EXISTS` guards stay and a
 * database that already has the schema takes the migration as a no-op.
 *
 * `down` throws: these statements built the schema the existing data lives in,
 * so dropping it is no rollback, and ALTERs have no general inverse.
 */

export interface WrittenMigration {
  /** project-relative files created */
  readonly files: string[];
  /** what a human runs next (Prisma's baseline), if anything */
  readonly next: string[];
  /** the SQL was already in a migration: nothing created */
  readonly existing?: string;
}

const IRREVERSIBLE = "throw new Error('This migration holds the schema the app used to create at startup: it is not reverted automatically.');";

/** The run's clock: `NEON_CODEMOD_NOW` (ISO date or epoch milliseconds) makes file names reproducible. */
export function codemodNow(): Date {
  const given = process.env.NEON_CODEMOD_NOW;
  if (!given) return new Date();
  const date = /^\d+$/.test(given) ? new Date(Number(given)) : new Date(given);
  if (Number.isNaN(date.getTime())) throw new Error(`NEON_CODEMOD_NOW is not a date: ${given}`);
  return date;
}

/** `20240102030405`, in UTC, as Prisma, sequelize-cli and knex name migrations. */
function compactUtc(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase());
}

function snake(name: string): string {
  return name.replace(/-/g, '_');
}

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/\s*;\s*$/, '').trim();
}

/** The migrations folder: an existing one the tool would read, else the tool's default. */
function migrationsDir(root: string, tool: TargetTool, typescript: boolean): string {
  if (tool === 'prisma') return 'prisma/migrations';
  if (tool === 'drizzle') return drizzleOut(root);
  const existing = ['migrations', 'db/migrations', 'src/migrations', 'src/db/migrations', 'database/migrations'].find((dir) => fs.existsSync(path.join(root, dir)));
  return existing ?? (tool === 'typeorm' && typescript ? 'src/migrations' : 'migrations');
}

/** drizzle.config's `out`, default `drizzle`. */
function drizzleOut(root: string): string {
  const config = fs.readdirSync(root).find((name) => name.startsWith('drizzle.config.'));
  const text = config ? fs.readFileSync(path.join(root, config), 'utf8') : '';
  return /\bout\s*:\s*['"`]\.?\/?([^'"`]+?)\/?['"`]/.exec(text)?.[1] ?? 'drizzle';
}

/** A migration file under `dir` that already holds every moved statement (an earlier run, or a human). */
function findExisting(root: string, dir: string, moved: readonly MovedSql[]): string | undefined {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.existsSync(current) ? fs.readdirSync(current, { withFileTypes: true }) : []) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:[cm]?[jt]s|sql)$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(root, dir));
  return files.find((file) => {
    const text = normalise(fs.readFileSync(file, 'utf8'));
    return moved.every((item) => text.includes(normalise(item.sql)));
  });
}

function header(plan: Plan, comment: '//' | '--'): string {
  return `${comment} Moved from ${plan.origins.join(', ')} by \`neon-codemod ddl-to-migrations\`: DDL the app used to run itself.\n`;
}

/** Statement calls in a JS/TS body: `pgm.sql(\`…\`);`, each literal as written. */
function calls(moved: readonly MovedSql[], indent: string, call: (literal: string) => string): string {
  return moved.map((item) => `${indent}${call(item.literal)}`).join('\n');
}

/** Whether some statement cannot run inside a transaction block. */
function needsNoTransaction(moved: readonly MovedSql[]): boolean {
  return moved.some((item) => /\bCONCURRENTLY\b/i.test(item.sql));
}

export function writeMigration(plan: Plan, changes: Changeset, context: RunContext): WrittenMigration {
  const { root, options } = context;
  const { stack } = options;
  const typescript = stack.language === 'typescript';
  const esm = stack.importStyle === 'esm';
  const dir = migrationsDir(root, plan.tool, typescript);
  const existing = findExisting(root, dir, plan.moved);
  if (existing) return { files: [], next: [], existing: path.relative(root, existing).split(path.sep).join('/') };

  const now = codemodNow();
  const ext = typescript ? 'ts' : 'js';
  const created: string[] = [];
  const next: string[] = [];
  const create = (relative: string, text: string): void => {
    if (changes.create(path.join(root, relative), text)) created.push(relative);
  };
  const noTransaction = needsNoTransaction(plan.moved);

  switch (plan.tool) {
    case 'node-pg-migrate': {
      const body = (noTransaction ? '  pgm.noTransaction();\n' : '') + calls(plan.moved, '  ', (literal) => `pgm.sql(${literal});`);
      const file = `${dir}/${now.getTime()}_${plan.name}.${ext}`;
      if (typescript) {
        create(file, `${header(plan, '//')}import type { MigrationBuilder } from 'node-pg-migrate';\n\nexport async function up(pgm: MigrationBuilder): Promise<void> {\n${body}\n}\n\nexport async function down(): Promise<void> {\n  ${IRREVERSIBLE}\n}\n`);
      } else if (esm) {
        create(file, `${header(plan, '//')}/** @param {import('node-pg-migrate').MigrationBuilder} pgm */\nexport const up = (pgm) => {\n${body}\n};\n\nexport const down = () => {\n  ${IRREVERSIBLE}\n};\n`);
      } else {
        create(file, `${header(plan, '//')}/** @param {import('node-pg-migrate').MigrationBuilder} pgm */\nexports.up = (pgm) => {\n${body}\n};\n\nexports.down = () => {\n  ${IRREVERSIBLE}\n};\n`);
      }
      break;
    }
    case 'knex': {
      const body = calls(plan.moved, '  ', (literal) => `await knex.raw(${literal});`);
      const config = noTransaction ? 'config = { transaction: false };\n\n' : '';
      const file = `${dir}/${compactUtc(now)}_${plan.name}.${ext}`;
      if (typescript) {
        create(file, `${header(plan, '//')}import type { Knex } from 'knex';\n\n${config ? `export const ${config}` : ''}export async function up(knex: Knex): Promise<void> {\n${body}\n}\n\nexport async function down(): Promise<void> {\n  ${IRREVERSIBLE}\n}\n`);
      } else {
        const exportsOf = esm ? 'export const ' : 'exports.';
        create(file, `${header(plan, '//')}${config ? exportsOf + config : ''}/** @param {import('knex').Knex} knex */\n${exportsOf}up = async (knex) => {\n${body}\n};\n\n${exportsOf}down = async () => {\n  ${IRREVERSIBLE}\n};\n`);
      }
      break;
    }
    case 'typeorm': {
      const className = `${pascal(plan.name)}${now.getTime()}`;
      const body = calls(plan.moved, '    ', (literal) => `await queryRunner.query(${literal});`);
      const transaction = noTransaction ? '  transaction = false;\n' : '';
      const file = `${dir}/${now.getTime()}-${pascal(plan.name)}.${ext}`;
      if (typescript) {
        create(file, `${header(plan, '//')}import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n${transaction}\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${body}\n  }\n\n  public async down(): Promise<void> {\n    ${IRREVERSIBLE}\n  }\n}\n`);
      } else {
        const exported = esm ? `export class ${className}` : `module.exports = class ${className}`;
        create(file, `${header(plan, '//')}${exported} {\n  name = '${className}';\n${transaction}\n  /** @param {import('typeorm').QueryRunner} queryRunner */\n  async up(queryRunner) {\n${body}\n  }\n\n  async down() {\n    ${IRREVERSIBLE}\n  }\n}${esm ? '' : ';'}\n`);
      }
      break;
    }
    case 'kysely': {
      const body = calls(plan.moved, '  ', (literal) => (literal.startsWith('`') ? `await sql${literal}.execute(db);` : `await sql.raw(${literal}).execute(db);`));
      const file = `${dir}/${compactUtc(now)}_${plan.name}.${ext}`;
      if (typescript) {
        create(file, `${header(plan, '//')}import { sql, type Kysely } from 'kysely';\n\n// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema version\nexport async function up(db: Kysely<any>): Promise<void> {\n${body}\n}\n\nexport async function down(): Promise<void> {\n  ${IRREVERSIBLE}\n}\n`);
      } else {
        create(file, `${header(plan, '//')}import { sql } from 'kysely';\n\n/** @param {import('kysely').Kysely<any>} db */\nexport async function up(db) {\n${body}\n}\n\nexport async function down() {\n  ${IRREVERSIBLE}\n}\n`);
      }
      break;
    }
    case 'sequelize': {
      const body = calls(plan.moved, '    ', (literal) => `await queryInterface.sequelize.query(${literal});`);
      const file = `${dir}/${compactUtc(now)}-${plan.name}.${stack.moduleSystem === 'esm' ? 'cjs' : 'js'}`;
      create(file, `${header(plan, '//')}'use strict';\n\n/** @type {import('sequelize-cli').Migration} */\nmodule.exports = {\n  /** @param {import('sequelize').QueryInterface} queryInterface */\n  async up(queryInterface) {\n${body}\n  },\n\n  async down() {\n    ${IRREVERSIBLE}\n  },\n};\n`);
      break;
    }
    case 'drizzle': {
      const journalFile = path.join(root, dir, 'meta/_journal.json');
      const journalText = changes.read(journalFile);
      const journal = journalText
        ? (JSON.parse(journalText) as { entries: { idx: number }[] })
        : { version: '7', dialect: 'postgresql', entries: [] as { idx: number }[] };
      const idx = journal.entries.length;
      const tag = `${String(idx).padStart(4, '0')}_${snake(plan.name)}`;
      const statements = plan.moved.map((item) => `${item.sql.trim().replace(/;?$/, ';')}`).join('\n--> statement-breakpoint\n');
      create(`${dir}/${tag}.sql`, `-- Custom SQL migration file, put your code below! --\n${header(plan, '--')}${statements}\n`);
      const entry = { idx, version: '7', when: now.getTime(), tag, breakpoints: true };
      const updated = `${JSON.stringify({ ...journal, entries: [...journal.entries, entry] }, null, 2)}\n`;
      if (journalText === undefined) create(`${dir}/meta/_journal.json`, updated);
      else if (changes.update(journalFile, () => updated)) created.push(`${dir}/meta/_journal.json`);
      break;
    }
    case 'prisma': {
      const name = `${compactUtc(now)}_${snake(plan.name)}`;
      const statements = plan.moved.map((item) => `${item.sql.trim().replace(/;?$/, ';')}`).join('\n\n');
      create(`${dir}/${name}/migration.sql`, `${header(plan, '--')}${statements}\n`);
      if (!fs.existsSync(path.join(root, dir, 'migration_lock.toml'))) {
        create(`${dir}/migration_lock.toml`, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
      }
      next.push(`npx prisma migrate resolve --applied ${name}`);
      break;
    }
  }
  return { files: created, next };
}
