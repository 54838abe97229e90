import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { findKeyValueDsns, mayContainConnectionString, parseKeyValueDsn } from '../../src/connection';

describe('parseKeyValueDsn', () => {
  it('reads quoted, escaped and spaced values', () => {
    const info = parseKeyValueDsn(String.raw`host = ep-x.neon.tech user=alice password='a \'b\' c' dbname=neondb sslmode=verify-full options=-c\ search_path=app`);
    expect(info && { ...info, params: Object.fromEntries(info.params) }).toEqual({
      kind: 'dsn',
      user: 'alice',
      password: "a 'b' c",
      hosts: ['ep-x.neon.tech'],
      port: undefined,
      database: 'neondb',
      params: { sslmode: 'verify-full', options: '-c search_path=app' },
    });
  });

  it('reads several hosts', () => {
    expect(parseKeyValueDsn('host=a.io,b.io dbname=d')?.hosts).toEqual(['a.io', 'b.io']);
  });

  it.each([
    ['a single pair', 'password=secret'],
    ['unknown keys', 'foo=1 bar=2'],
    ['no identifying key', 'user=alice port=5432'],
    ['SQL', "UPDATE users SET password = 'x' WHERE host = 'y'"],
    ['prose around it', 'connect with host=h dbname=d please'],
  ])('rejects %s', (_name, text) => {
    expect(parseKeyValueDsn(text)).toBeUndefined();
  });
});

describe('findKeyValueDsns', () => {
  it('finds a DSN inside a command line', () => {
    const text = `psql "sslmode=require" host=h.io dbname=d user=u -c 'select 1'`;
    expect(findKeyValueDsns(text).map((span) => text.slice(span.start, span.end))).toEqual(['host=h.io dbname=d user=u']);
  });

  it('keeps SQL assignments out', () => {
    expect(findKeyValueDsns("SET password = 'x', host = 'y'")).toEqual([]);
  });

  it('runs an unterminated quote to the end instead of rescanning', () => {
    const text = "host=h password='abc";
    expect(findKeyValueDsns(text)[0]?.pairs.map((pair) => [pair.key, pair.value])).toEqual([
      ['host', 'h'],
      ['password', 'abc'],
    ]);
  });
});

describe('mayContainConnectionString', () => {
  // The rules skip a file whose text fails it: it must pass every text that holds a DSN.
  it('passes every text findKeyValueDsns finds a DSN in', () => {
    const key = fc.constantFrom('host', 'hostaddr', 'port', 'user', 'password', 'dbname', 'sslmode', 'application_name');
    const value = fc.oneof(fc.stringMatching(/^[a-z0-9.-]{1,12}$/), fc.stringMatching(/^'[a-z =]{0,8}'$/));
    const space = fc.stringMatching(/^[ \t\n]{0,2}$/);
    const pair = fc.tuple(key, space, space, value).map(([k, before, after, v]) => `${k}${before}=${after}${v}`);
    const text = fc.tuple(fc.array(pair, { minLength: 1, maxLength: 5 }), fc.stringMatching(/^[a-z ]{0,10}$/)).map(([pairs, prose]) => `${prose} ${pairs.join(' ')}`);
    fc.assert(
      fc.property(text, (candidate) => {
        if (findKeyValueDsns(candidate).length > 0) expect(mayContainConnectionString(candidate)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes a DSN as a file holds it, with escaped whitespace, and fails code that only mentions a host', () => {
    expect(mayContainConnectionString(String.raw`const dsn = 'user=app\tdbname=app';`)).toBe(true);
    expect(mayContainConnectionString('const url = new URL(req.url); const host = url.host;')).toBe(true);
    expect(mayContainConnectionString("const { hostname } = new URL(req.url); if (hostname === 'localhost') next();")).toBe(false);
  });
});
