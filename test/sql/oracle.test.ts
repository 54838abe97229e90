/**
 * Differential test: for every corpus entry the classifier must give the
 * answers PostgreSQL's parser gives (see oracle.ts): the same statements,
 * DDL or not for each, the command tag and target where the parse tree
 * states them, statement spans that only trim whitespace and comments, and
 * the same "contains DDL" through `findDdl` and its fast path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classifySql, findDdl, mayContainDdl } from '../../src/sql';
import { tokenize } from '../../src/sql/lexer';
import { generateCorpus, loadTrickyCases, oracleTextOf, type CorpusEntry } from './corpus';
import { loadOracle, oracle, type OracleStatement } from './oracle';

const TRICKY = loadTrickyCases();
const GENERATED = generateCorpus(1500, 20_240_601);
const GENERATED_WITH_HOLES = generateCorpus(400, 7, 0.3);
const CHUNK = 100;

beforeAll(loadOracle);

/** A name as PostgreSQL stores it: quoted parts unquoted, the others in ASCII lower case. */
function foldName(raw: string): string {
  return Array.from(raw.matchAll(/"((?:[^"]|"")*)"|([^."]+)/g), ([, quoted, plain]) =>
    quoted === undefined ? plain.replace(/[A-Z]/g, (letter) => letter.toLowerCase()) : quoted.replaceAll('""', '"'),
  ).join('.');
}

function onlyWhitespaceAndComments(text: string): boolean {
  return tokenize(text).length === 0;
}

function disagreements(entry: CorpusEntry): string[] {
  const text = oracleTextOf(entry.sql);
  let expected: OracleStatement[];
  try {
    expected = oracle(text);
  } catch (error) {
    return [`the oracle rejects this corpus entry: ${(error as Error).message}`];
  }
  const actual = classifySql(entry.sql);
  const problems: string[] = [];
  if (actual.length !== expected.length) {
    problems.push(`${actual.length} statements, the oracle has ${expected.length}`);
  } else {
    expected.forEach((wanted, index) => {
      const got = actual[index];
      const where = `statement ${index + 1} (${wanted.node}: ${JSON.stringify(got.text.slice(0, 60))})`;
      if (got.ddl !== wanted.ddl) problems.push(`${where}: ddl ${got.ddl}, the oracle says ${wanted.ddl}`);
      if (wanted.kind !== undefined && got.kind !== wanted.kind) {
        problems.push(`${where}: kind ${got.kind}, the oracle says ${wanted.kind}`);
      }
      if (wanted.targetKnown) {
        const matches = got.dynamicTarget
          ? wanted.target?.includes('hole_') === true
          : got.target === undefined
            ? wanted.target === undefined
            : got.target.includes('U&') || foldName(got.target) === wanted.target;
        if (!matches) problems.push(`${where}: target ${got.target}, the oracle says ${wanted.target}`);
      }
      const spanFits =
        wanted.start <= got.start &&
        got.end <= wanted.end &&
        onlyWhitespaceAndComments(text.slice(wanted.start, got.start)) &&
        onlyWhitespaceAndComments(text.slice(got.end, wanted.end));
      // With holes the oracle parses other text, so offsets differ.
      if (typeof entry.sql === 'string' && !spanFits) {
        problems.push(`${where}: span ${got.start}-${got.end}, the oracle's is ${wanted.start}-${wanted.end}`);
      }
    });
  }
  const hasDdl = expected.some((statement) => statement.ddl);
  if (findDdl(entry.sql).length > 0 !== hasDdl) problems.push(`findDdl disagrees: the oracle says DDL is ${hasDdl}`);
  if (hasDdl && !mayContainDdl(entry.sql)) problems.push('mayContainDdl says false for DDL');
  return problems;
}

function chunks(entries: readonly CorpusEntry[]): [string, readonly CorpusEntry[]][] {
  const result: [string, readonly CorpusEntry[]][] = [];
  for (let from = 0; from < entries.length; from += CHUNK) {
    result.push([`#${from}–${Math.min(from + CHUNK, entries.length) - 1}`, entries.slice(from, from + CHUNK)]);
  }
  return result;
}

function disagreementsOf(entries: readonly CorpusEntry[]): string[] {
  return entries.flatMap((entry) =>
    disagreements(entry).map((problem) => `${entry.name}: ${problem}\n  ${JSON.stringify(entry.sql)}`),
  );
}

describe("the classifier agrees with PostgreSQL's parser", () => {
  it('has a corpus of at least 1,500 strings', () => {
    expect(TRICKY.length + GENERATED.length + GENERATED_WITH_HOLES.length).toBeGreaterThanOrEqual(1500);
    expect(TRICKY.length).toBeGreaterThanOrEqual(150);
  });

  describe('hand-written tricky cases', () => {
    it.each(TRICKY.map((entry) => [entry.name, entry] as const))('%s', (_, entry) => {
      expect(disagreements(entry).join('\n')).toBe('');
    });
  });

  describe('generated statements', () => {
    it.each(chunks(GENERATED))('%s', (_, entries) => {
      expect(disagreementsOf(entries).join('\n')).toBe('');
    });
  });

  describe('generated statements with template holes', () => {
    it.each(chunks(GENERATED_WITH_HOLES))('%s', (_, entries) => {
      expect(disagreementsOf(entries).join('\n')).toBe('');
    });
  });
});
