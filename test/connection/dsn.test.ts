import { describe, expect, it } from 'vitest';

import { findKeyValueDsns, parseKeyValueDsn } from '../../src/connection';

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
