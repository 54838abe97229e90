import { CATALOG_MODULES, driverById } from '../../src/catalog';
import { escapeRegExp } from '../../src/regexp';

/**
 * The cheap text pre-filter: only files that mention a trigger are parsed.
 * On a large backend 2–3% of the files mention a driver or SQL, so the run
 * stays bound by reading files, not by parsing them.
 */

export interface Triggers {
  /** module specifiers, case-sensitive, matched only as a quoted string or its start (`'pg'`, `"drizzle-orm/…"`), so `upgrade` is not `pg` */
  readonly modules?: readonly string[];
  /** plain text, case-insensitive; a space matches any run of whitespace (`create table` matches `CREATE\n  TABLE`) */
  readonly text?: readonly string[];
}

const PRISMA_CLIENT_MODULES: readonly string[] = driverById('prisma')!.modules;

/**
 * What a file needs to mention to construct a database client: a catalog
 * module, or `PrismaClient`. Prisma's client modules count only through that
 * name, the one thing they construct: most files that import them only take
 * model types and enums (`import { Role } from '@prisma/client'`: 600 of
 * documenso's 2,100 files).
 */
export const CLIENT_TRIGGERS: Triggers = {
  modules: CATALOG_MODULES.filter((module) => !PRISMA_CLIENT_MODULES.includes(module)),
  text: ['PrismaClient'],
};

/** SQL that changes the schema, as it starts a statement. */
export const DDL_TRIGGERS: readonly string[] = [
  'create table',
  'create unlogged table',
  'create index',
  'create unique index',
  'create schema',
  'create extension',
  'create view',
  'create materialized view',
  'create or replace',
  'create type',
  'create sequence',
  'create trigger',
  'create function',
  'create policy',
  'create domain',
  'alter table',
  'alter type',
  'alter sequence',
  'alter index',
  'alter view',
  'alter schema',
  'drop table',
  'drop index',
  'drop view',
  'drop schema',
  'drop type',
  'drop sequence',
  'drop function',
  'drop trigger',
  'drop extension',
  'comment on',
];

/**
 * Schema builders: knex and Kysely `<handle>.schema` (also `db.schema` on a line
 * of its own before `.createTable`), Sequelize's query interface, TypeORM's query runner.
 */
export const SCHEMA_BUILDER_TRIGGERS: readonly string[] = ['.schema', 'queryInterface', 'queryRunner'];

/**
 * What any plugin rule can report on: client modules, connection strings and
 * credentials, TLS switches, schema sync and push, DDL in SQL text and schema
 * builders. `analyze` uses exactly this set.
 */
export const RULE_TRIGGERS: Triggers = {
  modules: CLIENT_TRIGGERS.modules,
  text: [
    ...CLIENT_TRIGGERS.text!,
    'postgres://',
    'postgresql://',
    'password',
    'dbname=',
    'sslmode',
    'rejectUnauthorized',
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'synchronize',
    'dropSchema',
    '.sync(',
    'SchemaGenerator',
    'db push',
    'drizzle-kit',
    'migrate dev',
    'migrate reset',
    'connect(',
    'DATABASE_URL',
    'POSTGRES_URL',
    ...SCHEMA_BUILDER_TRIGGERS,
    ...DDL_TRIGGERS,
  ],
};

/**
 * `RULE_TRIGGERS` for a file at a migration path: DDL and schema builders are
 * what migrations are for. `no-ddl-outside-migrations` reports nothing there
 * and `no-schema-sync` is off there in every preset, so only the client,
 * connection-string and TLS triggers can lead to a finding.
 */
export const MIGRATION_FILE_TRIGGERS: Triggers = {
  modules: RULE_TRIGGERS.modules,
  text: RULE_TRIGGERS.text!.filter((text) => !DDL_TRIGGERS.includes(text) && !SCHEMA_BUILDER_TRIGGERS.includes(text)),
};

type Trie = Map<string, Trie | null>;

const WHITESPACE = ' ';
const END = '';

/**
 * One regex branch per leading character (`p(?:ostgres…|assword)`) instead of
 * a flat list of alternatives: the engine tries one branch per position, which
 * makes the scan about three times faster on a large corpus.
 */
function trieSource(texts: Iterable<string>): string {
  const root: Trie = new Map();
  for (const text of texts) {
    let node = root;
    const tokens = text.trim().toLowerCase().split(/(\s+)/).flatMap((part) => (/^\s+$/.test(part) ? [WHITESPACE] : [...part]));
    for (const token of tokens) {
      if (!node.has(token)) node.set(token, new Map());
      node = node.get(token)!;
    }
    node.set(END, null);
  }
  const emit = (node: Trie): string => {
    // A trigger that is a prefix of a longer one already matches: the rest is not needed.
    if (node.has(END)) return '';
    const branches = [...node].map(([token, child]) => (token === WHITESPACE ? '\\s+' : escapeRegExp(token)) + emit(child!));
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return emit(root);
}

/** Compiles the union of the given triggers into one test over the file text. */
export function compilePrefilter(triggers: readonly Triggers[]): (text: string) => boolean {
  const modules = new Set(triggers.flatMap((trigger) => trigger.modules ?? []));
  const texts = new Set(triggers.flatMap((trigger) => trigger.text ?? []));
  const quotedModule = modules.size > 0 ? new RegExp(`['"\`](?:${[...modules].map(escapeRegExp).join('|')})['"\`/]`) : undefined;
  const text = texts.size > 0 ? new RegExp(trieSource(texts), 'i') : undefined;
  return (source) => (quotedModule?.test(source) ?? false) || (text?.test(source) ?? false);
}
