import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayContainDdl } from '../../src/sql';
import { SCHEMA_CHANGE_VERBS } from '../../src/sql/keywords';

/** The definition, word by word: split on everything that is not a letter, digit, `_` or non-ASCII. */
function wordsSayDdl(parts: readonly string[]): boolean {
  const words = parts.flatMap((part) => part.toLowerCase().split(/[^a-z0-9_\u0080-\uffff]+/));
  if (words.some((word) => (SCHEMA_CHANGE_VERBS as readonly string[]).includes(word))) return true;
  return words.includes('select') && words.includes('into');
}

const PIECES = [...SCHEMA_CHANGE_VERBS, 'SELECT', 'Into', 'CREATE', 'é', '$', '_', '1', ' ', '\n', '"', "'", '(', 'x', 'ſ', 'K'];
const parts = fc.array(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((p) => p.join('')), { maxLength: 4 });

describe('mayContainDdl', () => {
  it.each([
    'SELECT * FROM users WHERE id = $1',
    'INSERT INTO events (kind, created_at) VALUES ($1, now())',
    'UPDATE t SET dropped = true, created_by = $1',
    'DELETE FROM grants_log WHERE revoked_at < now()',
    'SELECT create_date, drop_count, xcreate, created, "creat" FROM t',
    'SELECT 1create',
    '',
  ])('rejects %j', (sql) => {
    expect(mayContainDdl(sql)).toBe(false);
  });

  it.each([
    'CREATE TABLE t (a int)',
    'alter table t add column b int',
    'Drop Index i',
    "COMMENT ON TABLE t IS 'x'",
    'grant select on t to r',
    'REVOKE ALL ON t FROM PUBLIC',
    "SECURITY LABEL ON TABLE t IS 'x'",
    'IMPORT FOREIGN SCHEMA s FROM SERVER f INTO l',
    'REASSIGN OWNED BY a TO b',
    'SELECT * INTO t FROM x',
    '(select 1)\ninto t',
  ])('accepts %j', (sql) => {
    expect(mayContainDdl(sql)).toBe(true);
  });

  it('accepts look-alikes the classifier then rejects: it is a superset', () => {
    expect(mayContainDdl("SELECT 'create table'")).toBe(true);
    expect(mayContainDdl('INSERT INTO t SELECT 1')).toBe(true);
    expect(mayContainDdl('SELECT a$create FROM t')).toBe(true);
  });

  it('reads template parts, where a hole separates words', () => {
    expect(mayContainDdl(['CRE', 'ATE TABLE t (a int)'])).toBe(false);
    expect(mayContainDdl(['CREATE TABLE ', ' (a int)'])).toBe(true);
    expect(mayContainDdl(['SELECT * ', ' INTO t'])).toBe(true);
  });

  it('agrees with the word-by-word definition on generated text', () => {
    fc.assert(
      fc.property(parts, (generated) => {
        expect(mayContainDdl(generated)).toBe(wordsSayDdl(generated));
      }),
      { numRuns: 2000 },
    );
  });
});
