import { describe, expect, it } from 'vitest';

import { findConnectionStrings, findPostgresUrls, parsePostgresUrl } from '../../src/connection';

function summary(url: string) {
  const info = parsePostgresUrl(url);
  return info && { user: info.user, password: info.password, hosts: info.hosts, port: info.port, database: info.database, params: Object.fromEntries(info.params) };
}

describe('parsePostgresUrl', () => {
  it.each([
    [
      'a Neon URL',
      'postgresql://alice:s3cret@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require',
      { user: 'alice', password: 's3cret', hosts: ['ep-cool-darkness-123456.us-east-2.aws.neon.tech'], port: undefined, database: 'neondb', params: { sslmode: 'require', channel_binding: 'require' } },
    ],
    ['percent-encoded user info', 'postgres://al%40ice:p%40ss%2Fw@h.io:6543/db', { user: 'al@ice', password: 'p@ss/w', hosts: ['h.io'], port: '6543', database: 'db', params: {} }],
    ['a raw @, / and # in the password', 'postgres://u:p@ss/w#rd@db.acme.io/app', { user: 'u', password: 'p@ss/w#rd', hosts: ['db.acme.io'], port: undefined, database: 'app', params: {} }],
    ['several hosts', 'postgres://u:p@h1.io:5432,h2.io:5433/db', { user: 'u', password: 'p', hosts: ['h1.io', 'h2.io'], port: '5432', database: 'db', params: {} }],
    ['an IPv6 host', 'postgres://[::1]:5432/db', { user: undefined, password: undefined, hosts: ['::1'], port: '5432', database: 'db', params: {} }],
    ['no host', 'postgres:///db', { user: undefined, password: undefined, hosts: [], port: undefined, database: 'db', params: {} }],
    ['a socket in the query', 'postgres:///db?host=/var/run/postgresql', { user: undefined, password: undefined, hosts: ['/var/run/postgresql'], port: undefined, database: 'db', params: {} }],
    ['credentials in the query', 'postgres://h.io/db?user=bob&password=top&sslmode=disable', { user: 'bob', password: 'top', hosts: ['h.io'], port: undefined, database: 'db', params: { sslmode: 'disable' } }],
    ['an upper-case scheme', 'POSTGRES://u:p@H.IO/db', { user: 'u', password: 'p', hosts: ['H.IO'], port: undefined, database: 'db', params: {} }],
  ])('reads %s', (_name, url, expected) => {
    expect(summary(url)).toEqual(expected);
  });

  it('never reads the certificate files a query names', () => {
    expect(summary('postgres://h.io/db?sslrootcert=/does/not/exist.pem&sslmode=verify-full')?.params).toEqual({
      sslrootcert: '/does/not/exist.pem',
      sslmode: 'verify-full',
    });
  });

  it.each(['postgres://%zz:%@/', 'postgres://<user>:<password>@<host>:5432/<db>', 'postgresql://[user[:password]@][netloc][:port][/dbname][?param1=value1&...]', 'postgres://'])(
    'does not throw on %s',
    (url) => {
      expect(() => parsePostgresUrl(url)).not.toThrow();
    },
  );

  it('rejects other schemes', () => {
    expect(parsePostgresUrl('mysql://u:p@h/db')).toBeUndefined();
  });
});

describe('findPostgresUrls', () => {
  it('stops at whitespace, quotes and trailing prose punctuation', () => {
    const text = `see postgres://h.io/db. or "postgresql://u:p@x.io/d", then (postgres://y.io/e)`;
    expect(findPostgresUrls(text).map((span) => text.slice(span.start, span.end))).toEqual([
      'postgres://h.io/db',
      'postgresql://u:p@x.io/d',
      'postgres://y.io/e',
    ]);
  });

  it('ignores other schemes and bare words', () => {
    expect(findPostgresUrls('redis://h mysql://u:p@h https://postgres.io postgres is great')).toEqual([]);
  });
});

describe('findConnectionStrings', () => {
  it('finds URLs and DSNs in order, and leaves a URL query to the URL', () => {
    const found = findConnectionStrings("a host=h.io password='x y' dbname=d then postgres://h.io/db?host=/tmp&sslmode=disable");
    expect(found.map((item) => [item.kind, item.text])).toEqual([
      ['dsn', "host=h.io password='x y' dbname=d"],
      ['url', 'postgres://h.io/db?host=/tmp&sslmode=disable'],
    ]);
  });
});
