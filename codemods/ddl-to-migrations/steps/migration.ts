import fs from 'node:fs';
import path from 'node:path';

import type { Changeset } from '../../lib/changeset';
import type { RunContext } from '../../lib/transform';
import type { MovedItem, MovedSql, Plan, TargetTool } from '../analyze';
import type { CarriedImport, MovedCode } from '../builders';

/**
 * Writes the moved SQL as one migration of the project's tool, named and laid
 * out as that tool's own generator would. The SQL is kept as written (JS/TS
 * migrations reuse the source literal), so `IF NOT EXISTS` guards stay and a
 * database that already has the schema takes the migration as a no-op.
 * Schema-builder code is written as it was, on the migration's handle, with
 * its existence guards and the package imports it needs.
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

/** The migrations folder: an existing one the tool would read, else the tool's default (the one a new setup configures). */
function migrationsDir(root: string, tool: TargetTool, typescript: boolean, newSetup: boolean): string {
  if (tool === 'prisma') return 'prisma/migrations';
  if (tool === 'drizzle') return drizzleOut(root);
  if (newSetup) return 'migrations';
  const existing = ['migrations', 'db/migrations', 'src/migrations', 'src/db/migrations', 'database/migrations'].find((dir) => fs.existsSync(path.join(root, dir)));
  return existing ?? (tool === 'typeorm' && typescript ? 'src/migrations' : 'migrations');
}

/** drizzle.config's `out`, default `drizzle`. */
function drizzleOut(root: string): string {
  const config = fs.readdirSync(root).find((name) => name.startsWith('drizzle.config.'));
  const text = config ? fs.readFileSync(path.join(root, config), 'utf8') : '';
  return /\bout\s*:\s*['"`]\.?\/?([^'"`]+?)\/?['"`]/.exec(text)?.[1] ?? 'drizzle';
}

/** The text that identifies an item in a migration, whitespace aside. */
function itemText(item: MovedItem): string {
  return normalise(item.kind === 'sql' ? item.sql : item.lines.map((line) => line.text).join('\n'));
}

/** A migration file under `dir` that already holds every moved statement (an earlier run, or a human). */
function findExisting(root: string, dir: string, moved: readonly MovedItem[]): string | undefined {
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
    return moved.every((item) => text.includes(itemText(item)));
  });
}

function header(plan: Plan, comment: '//' | '--'): string {
  return `${comment} Moved from ${plan.origins.join(', ')} by \`neon-codemod ddl-to-migrations\`: DDL the app used to run itself.\n`;
}

/** The SQL items: the only kind SQL-file tools (Prisma, drizzle-kit, node-pg-migrate) are given. */
function sqlOnly(moved: readonly MovedItem[]): MovedSql[] {
  return moved.filter((item): item is MovedSql => item.kind === 'sql');
}

/** Builder code at `indent`; lines inside template literals are part of a string and stay as written. */
function codeAt(item: MovedCode, indent: string): string {
  return item.lines.map((line) => (line.verbatim || line.text === '' ? line.text : indent + line.text)).join('\n');
}

/** The body of `up` in a JS/TS migration: `pgm.sql(\`…\`);` for each SQL literal as written, builder code as it was. */
function calls(moved: readonly MovedItem[], indent: string, call: (literal: string) => string): string {
  return moved.map((item) => (item.kind === 'sql' ? `${indent}${call(item.literal)}` : codeAt(item, indent))).join('\n');
}

/** Whether some statement cannot run inside a transaction block. */
function needsNoTransaction(moved: readonly MovedItem[]): boolean {
  return sqlOnly(moved).some((item) => /\bCONCURRENTLY\b/i.test(item.sql));
}

const typeImport = (module: string, name: string): CarriedImport => ({ module, imported: name, local: name, typeOnly: true });
const valueImport = (module: string, name: string): CarriedImport => ({ module, imported: name, local: name, typeOnly: false });

/**
 * The migration's imports: the template's own, then those the builder code
 * carried, one declaration per module (`import { sql, type Kysely } from 'kysely'`),
 * as `require` in CommonJS. Empty, or the lines and a blank line after them.
 */
function importsOf(own: readonly CarriedImport[], moved: readonly MovedItem[], style: 'ts' | 'esm' | 'cjs'): string {
  const all: CarriedImport[] = [];
  for (const item of [...own, ...moved.flatMap((entry) => (entry.kind === 'code' ? entry.imports : []))]) {
    if (!all.some((other) => other.local === item.local)) all.push(item);
  }
  const lines: string[] = [];
  for (const module of new Set(all.map((item) => item.module))) {
    const specs = all.filter((item) => item.module === module);
    const whole = specs.filter((item) => item.imported === '*' || item.imported === 'default');
    const named = specs.filter((item) => item.imported !== '*' && item.imported !== 'default');
    if (style === 'cjs') {
      for (const item of whole) lines.push(`const ${item.local} = require('${module}');`);
      const values = named.filter((item) => !item.typeOnly).map((item) => (item.imported === item.local ? item.local : `${item.imported}: ${item.local}`));
      if (values.length > 0) lines.push(`const { ${values.join(', ')} } = require('${module}');`);
      continue;
    }
    const namespace = whole.find((item) => item.imported === '*');
    if (namespace) lines.push(`import * as ${namespace.local} from '${module}';`);
    const fallback = whole.find((item) => item.imported === 'default');
    const ordered = [...named.filter((item) => !item.typeOnly), ...named.filter((item) => item.typeOnly)];
    const onlyTypes = style === 'ts' && !fallback && ordered.length > 0 && ordered.every((item) => item.typeOnly);
    const names = ordered
      .filter((item) => style === 'ts' || !item.typeOnly)
      .map((item) => `${item.typeOnly && style === 'ts' && !onlyTypes ? 'type ' : ''}${item.imported === item.local ? item.local : `${item.imported} as ${item.local}`}`);
    const clauses = [fallback?.local, names.length > 0 ? `{ ${names.join(', ')} }` : undefined].filter(Boolean);
    if (clauses.length > 0) lines.push(`import ${onlyTypes ? 'type ' : ''}${clauses.join(', ')} from '${module}';`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}

export function writeMigration(plan: Plan, changes: Changeset, context: RunContext): WrittenMigration {
  const { root, options } = context;
  const { stack } = options;
  const typescript = stack.language === 'typescript';
  const esm = stack.importStyle === 'esm';
  const dir = migrationsDir(root, plan.tool, typescript, plan.addTool);
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
        const imports = importsOf([typeImport('knex', 'Knex')], plan.moved, 'ts');
        create(file, `${header(plan, '//')}${imports}${config ? `export const ${config}` : ''}export async function up(knex: Knex): Promise<void> {\n${body}\n}\n\nexport async function down(): Promise<void> {\n  ${IRREVERSIBLE}\n}\n`);
      } else {
        const exportsOf = esm ? 'export const ' : 'exports.';
        const imports = importsOf([], plan.moved, esm ? 'esm' : 'cjs');
        create(file, `${header(plan, '//')}${imports}${config ? exportsOf + config : ''}/** @param {import('knex').Knex} knex */\n${exportsOf}up = async (knex) => {\n${body}\n};\n\n${exportsOf}down = async () => {\n  ${IRREVERSIBLE}\n};\n`);
      }
      break;
    }
    case 'typeorm': {
      const className = `${pascal(plan.name)}${now.getTime()}`;
      const body = calls(plan.moved, '    ', (literal) => `await queryRunner.query(${literal});`);
      const transaction = noTransaction ? '  transaction = false;\n' : '';
      const file = `${dir}/${now.getTime()}-${pascal(plan.name)}.${ext}`;
      if (typescript) {
        const imports = importsOf([typeImport('typeorm', 'MigrationInterface'), typeImport('typeorm', 'QueryRunner')], plan.moved, 'ts');
        create(file, `${header(plan, '//')}${imports}export class ${className} implements MigrationInterface {\n  name = '${className}';\n${transaction}\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${body}\n  }\n\n  public async down(): Promise<void> {\n    ${IRREVERSIBLE}\n  }\n}\n`);
      } else {
        const exported = esm ? `export class ${className}` : `module.exports = class ${className}`;
        const imports = importsOf([], plan.moved, esm ? 'esm' : 'cjs');
        create(file, `${header(plan, '//')}${imports}${exported} {\n  name = '${className}';\n${transaction}\n  /** @param {import('typeorm').QueryRunner} queryRunner */\n  async up(queryRunner) {\n${body}\n  }\n\n  async down() {\n    ${IRREVERSIBLE}\n  }\n}${esm ? '' : ';'}\n`);
      }
      break;
    }
    case 'kysely': {
      const body = calls(plan.moved, '  ', (literal) => (literal.startsWith('`') ? `await sql${literal}.execute(db);` : `await sql.raw(${literal}).execute(db);`));
      // kysely-ctl's own prefix: epoch milliseconds (Kysely runs migrations in name order).
      const file = `${dir}/${now.getTime()}_${plan.name}.${ext}`;
      const own = sqlOnly(plan.moved).length > 0 ? [valueImport('kysely', 'sql')] : [];
      if (typescript) {
        const imports = importsOf([...own, typeImport('kysely', 'Kysely')], plan.moved, 'ts');
        create(file, `${header(plan, '//')}${imports}// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema version\nexport async function up(db: Kysely<any>): Promise<void> {\n${body}\n}\n\nexport async function down(): Promise<void> {\n  ${IRREVERSIBLE}\n}\n`);
      } else if (esm) {
        create(file, `${header(plan, '//')}${importsOf(own, plan.moved, 'esm')}/** @param {import('kysely').Kysely<any>} db */\nexport async function up(db) {\n${body}\n}\n\nexport async function down() {\n  ${IRREVERSIBLE}\n}\n`);
      } else {
        create(file, `${header(plan, '//')}${importsOf(own, plan.moved, 'cjs')}/** @param {import('kysely').Kysely<any>} db */\nexports.up = async (db) => {\n${body}\n};\n\nexports.down = async () => {\n  ${IRREVERSIBLE}\n};\n`);
      }
      break;
    }
    case 'sequelize': {
      const body = calls(plan.moved, '    ', (literal) => `await queryInterface.sequelize.query(${literal});`);
      const file = `${dir}/${compactUtc(now)}-${plan.name}.${stack.moduleSystem === 'esm' ? 'cjs' : 'js'}`;
      create(file, `${header(plan, '//')}'use strict';\n\n${importsOf([], plan.moved, 'cjs')}/** @type {import('sequelize-cli').Migration} */\nmodule.exports = {\n  /** @param {import('sequelize').QueryInterface} queryInterface */\n  async up(queryInterface) {\n${body}\n  },\n\n  async down() {\n    ${IRREVERSIBLE}\n  },\n};\n`);
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
      const statements = sqlOnly(plan.moved).map((item) => `${item.sql.trim().replace(/;?$/, ';')}`).join('\n--> statement-breakpoint\n');
      create(`${dir}/${tag}.sql`, `-- Custom SQL migration file, put your code below! --\n${header(plan, '--')}${statements}\n`);
      const entry = { idx, version: '7', when: now.getTime(), tag, breakpoints: true };
      const updated = `${JSON.stringify({ ...journal, entries: [...journal.entries, entry] }, null, 2)}\n`;
      if (journalText === undefined) create(`${dir}/meta/_journal.json`, updated);
      else if (changes.update(journalFile, () => updated)) created.push(`${dir}/meta/_journal.json`);
      break;
    }
    case 'prisma': {
      const name = `${compactUtc(now)}_${snake(plan.name)}`;
      const statements = sqlOnly(plan.moved).map((item) => `${item.sql.trim().replace(/;?$/, ';')}`).join('\n\n');
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
