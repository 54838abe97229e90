import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes that never leave a half-written file: the new text goes to a temp
 * file in the same directory (same file system), is flushed, and replaces the
 * original with one rename. A file edited by someone else during the run, or
 * a read-only file, is left alone and reported. Nothing here writes into an
 * existing file: `all --dry` relies on it to run the chain on a copy made of
 * hard links to the project's files.
 */

/** What a file looked like when the codemod read it. */
export interface FileSnapshot {
  readonly path: string;
  readonly text: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
}

export type WriteOutcome =
  | { readonly status: 'written' }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

export function readSnapshot(file: string): FileSnapshot {
  const stats = fs.statSync(file);
  return { path: file, text: fs.readFileSync(file, 'utf8'), size: stats.size, mtimeMs: stats.mtimeMs, mode: stats.mode };
}

function changedSince(snapshot: FileSnapshot): boolean {
  const stats = fs.statSync(snapshot.path);
  if (stats.size !== snapshot.size || stats.mtimeMs !== snapshot.mtimeMs) return true;
  // mtime has a coarse resolution on some file systems: compare the content too.
  return fs.readFileSync(snapshot.path, 'utf8') !== snapshot.text;
}

function syncDirectory(dir: string): void {
  // Makes the rename durable; not every platform can open a directory.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // the rename itself is still atomic
  }
}

/** Replaces the file read as `snapshot` with `text`, atomically, keeping its mode. */
export function writeAtomic(snapshot: FileSnapshot, text: string): WriteOutcome {
  try {
    if (changedSince(snapshot)) return { status: 'skipped', reason: 'changed during the run' };
  } catch {
    return { status: 'skipped', reason: 'removed during the run' };
  }
  // Checked on the mode bits: as root every file is writable, and a rename replaces read-only files anyway.
  if ((snapshot.mode & 0o222) === 0) return { status: 'skipped', reason: 'read-only file, not changed' };

  const dir = path.dirname(snapshot.path);
  const temp = path.join(dir, `.${path.basename(snapshot.path)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.neon-codemod`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', snapshot.mode & 0o7777);
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The umask may have narrowed the mode given to open.
    fs.chmodSync(temp, snapshot.mode & 0o7777);
    fs.renameSync(temp, snapshot.path);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied, not changed' : `write failed: ${(error as Error).message}`;
    return { status: 'failed', reason };
  }
  syncDirectory(dir);
  return { status: 'written' };
}

/** Deletes the file read as `snapshot`, unless it changed since. */
export function removeAtomic(snapshot: FileSnapshot): WriteOutcome {
  try {
    if (changedSince(snapshot)) return { status: 'skipped', reason: 'changed during the run' };
    fs.rmSync(snapshot.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'skipped', reason: 'removed during the run' };
    return { status: 'failed', reason: code === 'EACCES' || code === 'EPERM' ? 'permission denied, not removed' : `remove failed: ${(error as Error).message}` };
  }
  syncDirectory(path.dirname(snapshot.path));
  return { status: 'written' };
}

/**
 * Creates a file that must not exist yet (and its folders), atomically: the
 * text goes to a temp file that is then hard-linked into place, which fails
 * instead of overwriting when someone created the file meanwhile.
 */
export function createAtomic(file: string, text: string): WriteOutcome {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.neon-codemod`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temp, text, { flag: 'wx' });
    fs.linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && fs.existsSync(file)) return { status: 'skipped', reason: 'created by someone else during the run' };
    return { status: 'failed', reason: code === 'EACCES' || code === 'EPERM' ? 'permission denied, not created' : `create failed: ${(error as Error).message}` };
  } finally {
    fs.rmSync(temp, { force: true });
  }
  syncDirectory(dir);
  return { status: 'written' };
}
