import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { appendEnvEntries } from '../../codemods/lib/env-files';

const made: string[] = [];

function envFile(text: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-env-files-'));
  made.push(dir);
  const file = path.join(dir, '.env.example');
  if (text !== undefined) fs.writeFileSync(file, text);
  return file;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const PLACEHOLDER = 'postgresql://USER:PASSWORD@HOST/DB?sslmode=require';
const entries = [
  { name: 'DATABASE_URL', value: PLACEHOLDER },
  { name: 'POSTGRES_URL', value: PLACEHOLDER },
];

describe('appendEnvEntries', () => {
  it('appends the keys the file lacks and keeps the rest of it byte for byte', () => {
    const file = envFile('# copy to .env\nPORT=3000\nDATABASE_URL=postgres://localhost/app');
    const result = appendEnvEntries(file, entries);
    expect(result).toEqual({ added: ['POSTGRES_URL'], outcome: { status: 'written' } });
    expect(fs.readFileSync(file, 'utf8')).toBe(`# copy to .env\nPORT=3000\nDATABASE_URL=postgres://localhost/app\nPOSTGRES_URL=${PLACEHOLDER}\n`);
  });

  it('with commentedCounts, leaves a variable the file documents as commented out (an optional one) alone', () => {
    const text = '# Optional: a local database by default\n# POSTGRES_URL=postgres://127.0.0.1:5432/tests\n#export DATABASE_URL=\n';
    const file = envFile(text);
    expect(appendEnvEntries(file, entries, { commentedCounts: true })).toEqual({ added: [], outcome: { status: 'written' } });
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('without it (.env, where a value must be active), a commented-out key does not count', () => {
    const file = envFile('# POSTGRES_URL=postgres://127.0.0.1:5432/tests\n');
    expect(appendEnvEntries(file, entries).added).toEqual(['DATABASE_URL', 'POSTGRES_URL']);
    expect(fs.readFileSync(file, 'utf8')).toBe(`# POSTGRES_URL=postgres://127.0.0.1:5432/tests\nDATABASE_URL=${PLACEHOLDER}\nPOSTGRES_URL=${PLACEHOLDER}\n`);
  });

  it('a comment that merely mentions the name is not a documented key', () => {
    const file = envFile('# POSTGRES_URL is read by the tests\n');
    expect(appendEnvEntries(file, entries, { commentedCounts: true }).added).toEqual(['DATABASE_URL', 'POSTGRES_URL']);
  });

  it('creates a missing file with the given mode', () => {
    const file = envFile(undefined);
    expect(appendEnvEntries(file, entries.slice(0, 1), { mode: 0o600 }).added).toEqual(['DATABASE_URL']);
    expect(fs.readFileSync(file, 'utf8')).toBe(`DATABASE_URL=${PLACEHOLDER}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
