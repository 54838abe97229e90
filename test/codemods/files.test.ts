import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { packageDirOf, walkSourceFiles } from '../../codemods/lib/files';

const made: string[] = [];

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-files-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function relativeFiles(root: string, files: readonly string[]): string[] {
  return files.map((file) => path.relative(root, file).split(path.sep).join('/'));
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('walkSourceFiles', () => {
  it('returns every source extension, sorted, and nothing else', () => {
    const root = tree({
      'src/z.ts': '', 'src/a.js': '', 'b.mjs': '', 'c.cjs': '', 'd.jsx': '', 'e.mts': '', 'f.cts': '', 'g.tsx': '',
      'README.md': '', 'data.json': '', 'types.d.ts': '', 'style.css': '',
    });
    expect(relativeFiles(root, walkSourceFiles([root]).files)).toEqual([
      'b.mjs', 'c.cjs', 'd.jsx', 'e.mts', 'f.cts', 'g.tsx', 'src/a.js', 'src/z.ts',
    ]);
  });

  it('skips installed, built and vendored code wherever it is', () => {
    const root = tree({
      'src/app.ts': '',
      'node_modules/pg/index.js': '', 'packages/x/node_modules/y/index.js': '',
      'dist/app.js': '', 'build/app.js': '', 'out/app.js': '', '.next/server.js': '', '.nuxt/a.js': '',
      '.svelte-kit/a.js': '', '.vercel/a.js': '', '.turbo/a.js': '', 'coverage/a.js': '', 'vendor/lib.js': '',
      'public/jquery.min.js': '', '.git/hooks/x.js': '',
      '.yarn/releases/yarn-4.0.0.cjs': '', '.yarn/plugins/@yarnpkg/plugin-x.cjs': '', '.pnp.cjs': '', '.pnp.loader.mjs': '',
      '.output/server/index.mjs': '', 'src/pnp.cjs': '',
    });
    expect(relativeFiles(root, walkSourceFiles([root]).files)).toEqual(['src/app.ts', 'src/pnp.cjs']);
  });

  it('honours nested .gitignore files relative to their own folder', () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/.gitignore': 'local.ts\n!keep.gen.ts\n',
      'src/app.ts': '', 'src/local.ts': '', 'src/x.gen.ts': '', 'src/keep.gen.ts': '',
      'generated/client.ts': '', 'other/local.ts': '',
    });
    expect(relativeFiles(root, walkSourceFiles([root]).files)).toEqual(['other/local.ts', 'src/app.ts', 'src/keep.gen.ts']);
  });

  it("applies the repository root's .gitignore when walking a subfolder", () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'src/generated/\n', 'src/app.ts': '', 'src/generated/x.ts': '' });
    expect(relativeFiles(root, walkSourceFiles([path.join(root, 'src')]).files)).toEqual(['src/app.ts']);
  });

  it('does not follow symbolic links and reports them', () => {
    const root = tree({ 'src/app.ts': '', 'elsewhere/secret.ts': '' });
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'src/linked'));
    fs.symlinkSync(path.join(root, 'src/app.ts'), path.join(root, 'src/alias.ts'));
    const result = walkSourceFiles([path.join(root, 'src')]);
    expect(relativeFiles(root, result.files)).toEqual(['src/app.ts']);
    expect(result.skipped.map((entry) => [path.relative(root, entry.path), entry.reason])).toEqual([
      ['src/alias.ts', 'symbolic link, not followed'],
      ['src/linked', 'symbolic link, not followed'],
    ].sort());
  });

  it('takes explicitly named files, even ignored ones, and de-duplicates', () => {
    const root = tree({ '.gitignore': 'scripts/\n', 'scripts/seed.ts': '', 'src/app.ts': '' });
    const result = walkSourceFiles([path.join(root, 'scripts/seed.ts'), root, path.join(root, 'src/app.ts')]);
    expect(relativeFiles(root, result.files)).toEqual(['scripts/seed.ts', 'src/app.ts']);
  });

  it('reports missing paths and non-source files given by name', () => {
    const root = tree({ 'notes.txt': '' });
    const result = walkSourceFiles([path.join(root, 'missing.ts'), path.join(root, 'notes.txt')]);
    expect(result.files).toEqual([]);
    expect(result.skipped.map((entry) => entry.reason)).toEqual([
      'no such file or directory',
      'not a JavaScript or TypeScript source file',
    ]);
  });

  it('returns extra file names on request', () => {
    const root = tree({ 'package.json': '{}', 'packages/a/package.json': '{}', 'node_modules/x/package.json': '{}', 'src/a.ts': '' });
    expect(relativeFiles(root, walkSourceFiles([root], { includeNames: ['package.json'] }).files)).toEqual([
      'package.json', 'packages/a/package.json', 'src/a.ts',
    ]);
  });
});

describe('packageDirOf', () => {
  it('is the nearest folder whose package.json makes a package, never above the root', () => {
    const root = tree({
      'package.json': '{ "name": "mono", "private": true }',
      'packages/api/package.json': '{ "name": "@mono/api" }',
      'packages/api/src/routes.ts': '',
      // Only marks the files below it as ES modules: still the api package.
      'packages/api/src/esm/package.json': '{ "type": "module" }',
      'packages/api/src/esm/handler.js': '',
      'packages/tools/package.json': '{ "dependencies": { "pg": "^8.16.0" } }',
      'packages/tools/bin/run.js': '',
      'packages/broken/package.json': '{ not json',
      'packages/broken/index.js': '',
      'src/app.ts': '',
    });
    const of = (file: string) => path.relative(root, packageDirOf(path.join(root, file), root)).split(path.sep).join('/');
    expect(['packages/api/src/routes.ts', 'packages/api/src/esm/handler.js', 'packages/tools/bin/run.js', 'packages/broken/index.js', 'src/app.ts'].map(of)).toEqual([
      'packages/api',
      'packages/api',
      'packages/tools',
      '',
      '',
    ]);
  });
});
