import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { readSnapshot, writeAtomic } from '../../codemods/lib/write';

const made: string[] = [];

function fileWith(text: string, mode = 0o644): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-write-'));
  made.push(dir);
  const file = path.join(dir, 'db.ts');
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeAtomic', () => {
  it('replaces the content, keeps the mode and leaves no temp file', () => {
    const file = fileWith('old\n', 0o750);
    expect(writeAtomic(readSnapshot(file), 'new\n')).toEqual({ status: 'written' });
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o750);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['db.ts']);
  });

  it('keeps the original intact when the write fails half way', () => {
    const file = fileWith('original\n');
    const snapshot = readSnapshot(file);
    vi.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const outcome = writeAtomic(snapshot, 'rewritten\n');
    expect(outcome).toEqual({ status: 'failed', reason: 'write failed: ENOSPC: no space left on device' });
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['db.ts']);
  });

  it('keeps the original intact when the rename fails', () => {
    const file = fileWith('original\n');
    const snapshot = readSnapshot(file);
    vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
    });
    expect(writeAtomic(snapshot, 'rewritten\n')).toEqual({ status: 'failed', reason: 'permission denied, not changed' });
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['db.ts']);
  });

  it('skips a read-only file without changing its mode', () => {
    const file = fileWith('original\n', 0o444);
    expect(writeAtomic(readSnapshot(file), 'rewritten\n')).toEqual({ status: 'skipped', reason: 'read-only file, not changed' });
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
  });

  it('skips a file that changed on disk since it was read', () => {
    const file = fileWith('original\n');
    const snapshot = readSnapshot(file);
    fs.writeFileSync(file, 'edited by hand\n');
    expect(writeAtomic(snapshot, 'rewritten\n')).toEqual({ status: 'skipped', reason: 'changed during the run' });
    expect(fs.readFileSync(file, 'utf8')).toBe('edited by hand\n');
  });

  it('notices a same-size edit that kept the mtime', () => {
    const file = fileWith('aaaa\n');
    const snapshot = readSnapshot(file);
    fs.writeFileSync(file, 'bbbb\n');
    fs.utimesSync(file, new Date(snapshot.mtimeMs), new Date(snapshot.mtimeMs));
    expect(writeAtomic(snapshot, 'rewritten\n')).toEqual({ status: 'skipped', reason: 'changed during the run' });
  });

  it('skips a file removed during the run', () => {
    const file = fileWith('original\n');
    const snapshot = readSnapshot(file);
    fs.rmSync(file);
    expect(writeAtomic(snapshot, 'rewritten\n')).toEqual({ status: 'skipped', reason: 'removed during the run' });
    expect(fs.existsSync(file)).toBe(false);
  });
});
