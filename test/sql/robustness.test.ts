/**
 * The classifier runs on every string literal ESLint hands it, so it must
 * never throw and never take more than linear time, whatever the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifySql, findDdl, mayContainDdl, type SqlStatement } from '../../src/sql';

const MEGABYTE = 1 << 20;
/** Far above what a linear pass needs even on a loaded CI machine; only a hang or a blow-up trips it. */
const SANITY_LIMIT_MS = 10_000;

/** Pieces that exercise every lexer state and the classifier's keywords, in any order. */
const FRAGMENTS = [
  "'", '"', '$$', '$a$', '$1', 'E\'', "\\'", '--', '\n', '\r', '/*', '*/', '(', ')', ';', ',', '.', ' ',
  'create', 'CREATE TABLE', 'temp', 'drop', 'alter', 'grant', 'revoke', 'comment on', 'security label',
  'select', 'into', 'with', 'as', 'union', 'begin atomic', 'case', 'end', 'function', 'or replace',
  'on', 'to', 'from', 'all', 'if not exists', 'pg_temp.', 'x', 'users', 'U&', 'é', '1',
];

const sqlText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 40 })
  .map((pieces) => pieces.join(''));

function checkShape(statements: readonly SqlStatement[], length: number): void {
  let previousEnd = 0;
  for (const statement of statements) {
    expect(statement.start).toBeGreaterThanOrEqual(previousEnd);
    expect(statement.end).toBeGreaterThanOrEqual(statement.start);
    expect(statement.end).toBeLessThanOrEqual(length);
    previousEnd = statement.end;
  }
}

function timed<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started).toBeLessThan(SANITY_LIMIT_MS);
  return result;
}

describe('robustness', () => {
  it('never throws, and gives ordered statements whose text is their span', () => {
    fc.assert(
      fc.property(sqlText, (sql) => {
        const statements = classifySql(sql);
        checkShape(statements, sql.length);
        for (const { text, start, end } of statements) expect(text).toBe(sql.slice(start, end));
      }),
      { seed: 20_240_601, numRuns: 1000 },
    );
  });

  it('never throws on template parts', () => {
    fc.assert(
      fc.property(fc.array(sqlText, { maxLength: 5 }), (parts) => {
        checkShape(classifySql(parts), parts.join('').length);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('never finds DDL where the fast path says there is none', () => {
    fc.assert(
      fc.property(fc.oneof(sqlText, fc.array(sqlText, { maxLength: 4 })), (sql) => {
        if (!mayContainDdl(sql)) expect(classifySql(sql).filter((statement) => statement.ddl)).toEqual([]);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('classifies a megabyte of random characters', () => {
    let state = 1;
    const random = (): number => (state = (Math.imul(state, 48_271) >>> 0) % 2_147_483_647) / 2_147_483_647;
    const sql = Array.from({ length: MEGABYTE }, () => String.fromCharCode(Math.floor(random() * 128))).join('');
    checkShape(timed(() => classifySql(sql)), sql.length);
    timed(() => findDdl(sql));
  });

  it('classifies a megabyte of DDL-free SQL', () => {
    const sql = "SELECT id, email FROM users WHERE created_at > $1 AND note <> 'x';\n".repeat(MEGABYTE / 64);
    expect(timed(() => mayContainDdl(sql))).toBe(false);
    expect(timed(() => classifySql(sql)).length).toBe(MEGABYTE / 64);
  });

  // A quarter of a megabyte is enough to turn any quadratic path into a hang.
  const QUARTER = MEGABYTE / 4;
  const atomicBody = 'SELECT CASE WHEN 1 THEN 2 END; '.repeat(QUARTER / 32);
  it.each([
    ['deep parentheses', '('.repeat(QUARTER / 2) + 'SELECT 1 INTO t' + ')'.repeat(QUARTER / 2)],
    ['unclosed parentheses', '('.repeat(QUARTER)],
    ['comment openings', '/*'.repeat(QUARTER / 2)],
    ['dollar tags', '$a$'.repeat(QUARTER / 3)],
    ['semicolons', ';'.repeat(QUARTER)],
    ['CTEs', 'WITH ' + 'a AS (SELECT 1), '.repeat(QUARTER / 17) + 'b AS (SELECT 1) SELECT * INTO t FROM b'],
    ['a long qualified name', 'CREATE TABLE ' + 'a.'.repeat(QUARTER / 2) + 'b (id int)'],
    ['a BEGIN ATOMIC body', `CREATE FUNCTION f() BEGIN ATOMIC ${atomicBody}END; DROP TABLE t`],
  ])('classifies a quarter megabyte of %s', (_, sql) => {
    checkShape(timed(() => classifySql(sql)), sql.length);
  });
});
