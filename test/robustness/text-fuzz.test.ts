/**
 * What test/sql/robustness.test.ts and test/connection/redact.test.ts do not
 * already cover: mutations of real SQL (the differential corpus) through
 * every entry point, pathological megabyte inputs, every src/connection
 * function on mutated URLs and DSNs, and agreement between what the parser
 * calls a password and what redaction masks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  assessCredentials,
  classifyHost,
  classifyHosts,
  findConnectionStrings,
  findKeyValueDsns,
  findPostgresUrls,
  isPlaceholderHost,
  isRealPassword,
  joinStaticParts,
  parseKeyValueDsn,
  parsePostgresUrl,
  redact,
} from '../../src/connection';
import { classifySql, findDdl, mayContainDdl, type SqlText } from '../../src/sql';
import { generateCorpus, loadTrickyCases } from '../sql/corpus';
import { fuzzParameters } from './support';

/** Breaks text where lexers keep state: inside quotes, dollar tags, comments, template holes. */
function mutateText(pieces: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...pieces), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ unit: 'binary', maxLength: 5 })), { maxLength: 4 })).map(
    ([text, edits]) =>
      edits.reduce((current, [at, kind, inserted]) => {
        const index = at % (current.length + 1);
        if (kind === 0) return current.slice(0, index);
        if (kind === 1) return current.slice(0, index) + inserted + current.slice(index);
        if (kind === 2) return current.slice(0, index) + current.slice(index + inserted.length + 1);
        return current.slice(0, index) + current.slice(index) + current.slice(index);
      }, text),
  );
}

describe('the SQL classifier on mutated real SQL', () => {
  const entries = [...loadTrickyCases(), ...generateCorpus(200, 11, 0.2)];
  const texts = entries.map((entry) => (typeof entry.sql === 'string' ? entry.sql : entry.sql.join(' ')));
  const templates = entries.filter((entry) => typeof entry.sql !== 'string').map((entry) => entry.sql as readonly string[]);

  const check = (sql: SqlText): void => {
    const statements = classifySql(sql);
    const ddl = findDdl(sql);
    // findDdl is classifySql's DDL, and the fast path never hides one.
    expect(ddl).toEqual(statements.filter((statement) => statement.ddl));
    if (ddl.length > 0) expect(mayContainDdl(sql)).toBe(true);
  };

  it('classifySql, findDdl and mayContainDdl never throw and agree on strings', () => {
    fc.assert(fc.property(mutateText(texts), check), fuzzParameters(800));
  });

  it('… and on template parts cut anywhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.array(fc.nat(), { maxLength: 3 }), (parts, cuts) => {
        const joined = parts.join('');
        const points = [...new Set(cuts.map((cut) => cut % (joined.length + 1)))].sort((a, b) => a - b);
        const recut = [0, ...points].map((start, index) => joined.slice(start, [...points, joined.length][index]));
        check(recut);
      }),
      fuzzParameters(300),
    );
  });

  // Bounded time is shown by finishing at all: a quadratic scan of these would not end within the test timeout.
  it.each([
    ['unterminated dollar tags', '$a$'],
    ['nested comment openers', '/*'],
    ['unterminated quotes', "E'\\"],
    ['quoted identifiers', '"x'],
    ['statement separators', 'create table t();'],
    ['DDL keywords without a statement end', 'create or replace '],
  ])('classifies a megabyte of %s', (_name, unit) => {
    const sql = unit.repeat(Math.ceil((1 << 20) / unit.length));
    check(sql);
    check([sql, sql]);
  });
});

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/);
const host = fc.oneof(
  fc.constantFrom('localhost', '127.0.0.1', '[::1]', '[2001:db8::1]', 'ep-cool-1.us-east-2.aws.neon.tech', 'ep-cool-1-pooler.eu-central-1.aws.neon.tech', '%2Fvar%2Frun%2Fpostgresql', ''),
  word.map((name) => `${name}.example.com`),
);
const port = fc.option(fc.integer({ min: 0, max: 99_999 }).map(String), { nil: undefined });
/** Distinctive, so that finding it in the output can only mean it leaked. */
const password = fc.stringMatching(/^[A-Za-z0-9!*~$;,()]{4,16}$/).map((tail) => `Zq9${tail}`);
const params = fc.array(fc.tuple(fc.constantFrom('sslmode', 'options', 'application_name', 'connect_timeout', 'host', 'user'), word), { maxLength: 3 });

/** URLs and DSNs in every shape libpq reads: user info, several hosts, query passwords, quoted and escaped DSN values. */
const connectionString = fc.oneof(
  fc.tuple(fc.constantFrom('postgres', 'postgresql', 'POSTGRES'), word, password, fc.array(fc.tuple(host, port), { minLength: 1, maxLength: 3 }), word, params).map(
    ([scheme, user, secret, hosts, database, query]) => {
      const authority = hosts.map(([name, number]) => (number ? `${name}:${number}` : name)).join(',');
      const search = query.length > 0 ? `?${query.map(([key, value]) => `${key}=${value}`).join('&')}` : '';
      return { text: `${scheme}://${user}:${encodeURIComponent(secret)}@${authority}/${database}${search}`, secret };
    },
  ),
  fc.tuple(host, word, password, params).map(([name, database, secret, query]) => ({
    text: `postgres://${name}/${database}?${[...query, ['password', encodeURIComponent(secret)]].map(([key, value]) => `${key}=${value}`).join('&')}`,
    secret,
  })),
  fc.tuple(host, word, password, fc.constantFrom('plain', 'quoted', 'spaced')).map(([name, user, secret, style]) => {
    const value = style === 'quoted' ? `'${secret.replace(/['\\]/g, '\\$&')}'` : secret;
    const assignment = style === 'spaced' ? `password = ${value}` : `password=${value}`;
    return { text: `host=${name || 'localhost'} user=${user} ${assignment} dbname=app`, secret };
  }),
);
const prose = fc.constantFrom('', 'DATABASE_URL=', 'connect to ', '"', "'", '`', '(', ' ', '\n', 'psql ', 'url: ');

function exerciseEveryFunction(text: string): void {
  for (const found of findConnectionStrings(text)) {
    assessCredentials(found.info);
    classifyHosts(found.info.hosts);
    for (const name of found.info.hosts) {
      classifyHost(name);
      isPlaceholderHost(name);
    }
  }
  for (const span of findPostgresUrls(text)) parsePostgresUrl(text.slice(span.start, span.end));
  findKeyValueDsns(text);
  parseKeyValueDsn(text);
  parsePostgresUrl(text);
  redact(text);
  joinStaticParts(text.split('$'));
}

describe('src/connection on random and mutated connection strings', () => {
  it('redaction masks every generated password, whatever surrounds it', () => {
    fc.assert(
      fc.property(prose, connectionString, prose, connectionString, (before, { text, secret }, between, other) => {
        const redacted = redact(`${before}${text}${between}${other.text} `);
        expect(redacted).not.toContain(secret);
        expect(redacted).not.toContain(encodeURIComponent(secret));
        expect(redacted).not.toContain(other.secret);
      }),
      fuzzParameters(1000),
    );
  });

  it('never throws on mutated connection strings, and masks every password the parser still finds', () => {
    const mutated = connectionString.chain(({ text }) => mutateText([text]));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
        exerciseEveryFunction(text);
        const redacted = redact(text);
        for (const found of findConnectionStrings(text)) {
          const secret = found.info.password;
          if (!isRealPassword(secret) || secret.length < 4) continue;
          const rawForm = found.text.includes(secret) ? secret : encodeURIComponent(secret);
          // Written once: a copy elsewhere (the user name, a value a later key overrides) is not the password and stays visible.
          if (!found.text.includes(rawForm) || text.indexOf(rawForm) !== text.lastIndexOf(rawForm)) continue;
          expect(redacted, `password ${JSON.stringify(secret)} of ${JSON.stringify(found.text)}`).not.toContain(rawForm);
        }
      }),
      fuzzParameters(1500),
    );
  });

  it.each([
    ['URL openers', 'postgres://'],
    ['user info without a host', 'postgres://a:b@'],
    ['IPv6 openers', 'postgres://['],
    ['DSN assignments', 'host=h password='],
    ['unterminated quoted DSN values', "password='\\"],
  ])('handles a megabyte of %s', (_name, unit) => {
    exerciseEveryFunction(unit.repeat(Math.ceil((1 << 20) / unit.length)));
  });
});
