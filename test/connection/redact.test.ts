import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { redact } from '../../src/connection';

describe('redact', () => {
  it.each([
    ['a URL password', 'postgres://alice:s3cret@ep-x.neon.tech/db', 'postgres://alice:****@ep-x.neon.tech/db'],
    ['a raw @ and / in the password', 'postgresql://u:p@ss/w@h.io/db', 'postgresql://u:****@h.io/db'],
    ['a query password', 'postgres://h.io/db?user=u&password=s3cret&sslmode=require', 'postgres://h.io/db?user=u&password=****&sslmode=require'],
    ['a quoted DSN password', "host=h password='a b' dbname=d", 'host=h password=**** dbname=d'],
    ['a spaced DSN password', 'host=h password = s3cret dbname=d', 'host=h password = **** dbname=d'],
    ['an env-style password', 'PGPASSWORD=s3cret psql', 'PGPASSWORD=**** psql'],
    ['several URLs in prose', 'from postgres://a:1@h/x to postgres://b:2@k/y.', 'from postgres://a:****@h/x to postgres://b:****@k/y.'],
    ['nothing to hide', 'postgres://localhost/db and mysql://u:p@h', 'postgres://localhost/db and mysql://u:p@h'],
    ['an empty password', 'postgres://u:@h/db', 'postgres://u:@h/db'],
    ['a DSN password starting with =', 'host=h password==x1 dbname=d', 'host=h password=**** dbname=d'],
  ])('masks %s', (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
  const host = fc.oneof(fc.constant('ep-cool-123.us-east-2.aws.neon.tech'), fc.constant('localhost'), word.map((name) => `${name}.io`));
  // Prose around the URL that cannot itself look like a connection string.
  const prose = fc.stringMatching(/^[A-Za-z0-9 ,.]{0,30}$/).filter((text) => !/postgres|password/i.test(text));
  const anyPassword = fc.string({ minLength: 1, maxLength: 40, unit: 'binary' });

  it('masks every percent-encoded URL password', () => {
    fc.assert(
      fc.property(prose, word, anyPassword, host, word, prose, (before, user, password, hostname, database, after) => {
        const text = `${before} postgres://${user}:${encodeURIComponent(password)}@${hostname}/${database} ${after}`;
        expect(redact(text)).toBe(`${before} postgres://${user}:****@${hostname}/${database} ${after}`);
      }),
    );
  });

  it('masks raw URL passwords holding @, /, ?, # and :', () => {
    const rawPassword = fc.stringMatching(/^[A-Za-z0-9@/?#:%!$&()*+,;=~-]{1,30}$/);
    fc.assert(
      fc.property(word, rawPassword, host, (user, password, hostname) => {
        expect(redact(`postgresql://${user}:${password}@${hostname}:5432/db?sslmode=require`)).toBe(
          `postgresql://${user}:****@${hostname}:5432/db?sslmode=require`,
        );
      }),
    );
  });

  it('masks every query-parameter password', () => {
    fc.assert(
      fc.property(anyPassword, host, (password, hostname) => {
        expect(redact(`postgres://${hostname}/db?password=${encodeURIComponent(password)}&sslmode=require`)).toBe(
          `postgres://${hostname}/db?password=****&sslmode=require`,
        );
      }),
    );
  });

  it('masks every quoted DSN password', () => {
    fc.assert(
      fc.property(prose, anyPassword, host, (before, password, hostname) => {
        const quoted = `'${password.replace(/[\\']/g, (char) => `\\${char}`)}'`;
        expect(redact(`${before} host=${hostname} password=${quoted} dbname=d`)).toBe(`${before} host=${hostname} password=**** dbname=d`);
      }),
    );
  });

  it('masks every unquoted DSN password', () => {
    const unquoted = fc.stringMatching(/^[^\s'"\\][^\s\\]{0,30}$/);
    fc.assert(
      fc.property(unquoted, host, (password, hostname) => {
        expect(redact(`host=${hostname} password=${password} dbname=d`)).toBe(`host=${hostname} password=**** dbname=d`);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(typeof redact(text)).toBe('string');
        expect(typeof redact(`postgres://${text}`)).toBe('string');
        expect(typeof redact(`password=${text}`)).toBe('string');
      }),
    );
  });

  it('runs in linear time on adversarial input', () => {
    const inputs = [
      'postgres://'.repeat(100_000),
      "password='".repeat(100_000),
      'password=\\'.repeat(100_000),
      `postgres://${'@'.repeat(500_000)}`,
      `${'a'.repeat(500_000)}password`,
    ];
    const started = performance.now();
    for (const input of inputs) redact(input);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
