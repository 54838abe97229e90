import { describe, expect, it } from 'vitest';

import {
  assessCredentials,
  classifyHost,
  isNeonHost,
  isNeonPassword,
  isNeonPooledHost,
  isPlaceholderPassword,
  parsePostgresUrl,
} from '../../src/connection';

describe('isPlaceholderPassword', () => {
  it.each([
    '<password>', 'password', 'PASSWORD', 'password]', 'your-password', 'YOUR_DB_PASSWORD', 'yourStrongPassword', 'mysecretpassword',
    'changeme', 'secret', 'pass', 'pwd', '${…}', '${DB_PASSWORD}', '$PGPASSWORD', '{{password}}', '%s', '%(password)s', 'xxx',
    'XXXXXXXX', '***', '****', '...', 'redacted', '[REDACTED]', 'aaaa',
  ])('%s is a placeholder', (value) => {
    expect(isPlaceholderPassword(value)).toBe(true);
  });

  it.each(['s3cret', 'hunter2', 'postgres', 'password123', 'npg_AbCdEf123456', 'Tr0ub4dor&3', '$ecret123', 'passw0rd!x'])('%s is real', (value) => {
    expect(isPlaceholderPassword(value)).toBe(false);
  });
});

describe('isNeonPassword', () => {
  it.each([
    ['npg_AbCdEf123456', true],
    ['npg_xxxxxxxxxxxx', false],
    ['npg_short', false],
    ['AbCdEf123456', false],
  ])('%s -> %s', (value, expected) => {
    expect(isNeonPassword(value)).toBe(expected);
  });
});

describe('classifyHost', () => {
  it.each([
    ['localhost', 'local'],
    ['LOCALHOST', 'local'],
    ['app.localhost', 'local'],
    ['127.0.0.1', 'local'],
    ['127.1.2.3', 'local'],
    ['::1', 'local'],
    ['[::1]', 'local'],
    ['0.0.0.0', 'local'],
    ['host.docker.internal', 'local'],
    ['/var/run/postgresql', 'local'],
    ['%2Fvar%2Frun%2Fpostgresql', 'local'],
    ['', 'local'],
    ['db', 'local'],
    ['postgres', 'local'],
    ['host', 'placeholder'],
    ['HOST', 'placeholder'],
    ['hostname', 'placeholder'],
    ['<host>', 'placeholder'],
    ['${…}', 'placeholder'],
    ['your-host.com', 'placeholder'],
    ['db.example.com', 'placeholder'],
    ['ep-xxx.us-east-2.aws.neon.tech', 'placeholder'],
    ['ep-cool-darkness-123456.us-east-2.aws.neon.tech', 'remote'],
    ['db.acme.io', 'remote'],
    ['10.0.0.5', 'remote'],
    ['128.0.0.1', 'remote'],
  ])('%s is %s', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
  });
});

describe('Neon hosts', () => {
  it.each([
    ['ep-cool-123.us-east-2.aws.neon.tech', true, false],
    ['ep-cool-123-pooler.us-east-2.aws.neon.tech', true, true],
    ['ep-cool-123-pooler.example.com', false, false],
    ['neon.tech.evil.io', false, false],
  ])('%s: neon %s, pooled %s', (host, neon, pooled) => {
    expect([isNeonHost(host), isNeonPooledHost(host)]).toEqual([neon, pooled]);
  });
});

describe('assessCredentials', () => {
  it.each([
    ['postgres://alice:s3cret@ep-a-1.neon.tech/db', { hasPassword: true, neonPassword: false, host: 'remote', neon: true }],
    ['postgres://alice:npg_AbCdEf123456@localhost/db', { hasPassword: true, neonPassword: true, host: 'local', neon: false }],
    ['postgres://USER:PASSWORD@HOST:5432/DB', { hasPassword: false, neonPassword: false, host: 'placeholder', neon: false }],
    ['postgres://username:password@hostname/db', { hasPassword: false, neonPassword: false, host: 'placeholder', neon: false }],
    ['postgres://h1.local.io,localhost/db', { hasPassword: false, neonPassword: false, host: 'remote', neon: false }],
  ])('%s', (url, expected) => {
    expect(assessCredentials(parsePostgresUrl(url)!)).toEqual(expected);
  });
});
