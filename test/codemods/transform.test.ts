import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { Reporter } from '../../codemods/lib/report';
import { parserFor, runFileTransform, type FileTransform, type FileTransformModule } from '../../codemods/lib/transform';
import { detectProject } from '../../src/project/detect';

const made: string[] = [];

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-transform-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Replaces `'LEGACY'` string literals with `process.env.DATABASE_URL`, through the AST. */
const legacyToEnv: FileTransform = (file, api) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const literals = root.find(j.StringLiteral, { value: 'LEGACY' });
  if (literals.size() === 0) return undefined;
  literals.replaceWith(() => j.memberExpression(j.memberExpression(j.identifier('process'), j.identifier('env')), j.identifier('DATABASE_URL')));
  return root.toSource();
};

function module(transform: FileTransform): FileTransformModule {
  return { default: transform, meta: { name: 'legacy-to-env', description: 'test', triggers: { text: ['LEGACY'] }, answers: [] } };
}

async function run(root: string, transform: FileTransform, flags: { dry?: boolean } = {}) {
  const out: string[] = [];
  const reporter = new Reporter({ json: false, stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true } });
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((relative) => path.join(root, relative)).filter((file) => fs.statSync(file).isFile()).sort();
  const report = await runFileTransform(module(transform), {
    root,
    files,
    walkSkipped: [],
    reporter,
    options: { root, stack: detectProject(root), dry: flags.dry ?? false, print: false, envVar: 'DATABASE_URL', writeEnv: false },
  });
  return { report, out: out.join('') };
}

describe('runFileTransform', () => {
  it('writes the change, counts what it scanned and parsed, and leaves other files alone', async () => {
    const root = project({ 'db.ts': "const url: string = 'LEGACY';\n", 'other.ts': 'export const a = 1;\n', 'package.json': '{}' });
    const { report } = await run(root, legacyToEnv);
    expect(fs.readFileSync(path.join(root, 'db.ts'), 'utf8')).toBe('const url: string = process.env.DATABASE_URL;\n');
    expect(report).toMatchObject({ scanned: 2, parsed: 1, changed: ['db.ts'], skipped: [], failed: [] });
  });

  it('prints a diff and writes nothing with --dry', async () => {
    const root = project({ 'db.js': "module.exports = 'LEGACY';\n" });
    const { report, out } = await run(root, legacyToEnv, { dry: true });
    expect(fs.readFileSync(path.join(root, 'db.js'), 'utf8')).toBe("module.exports = 'LEGACY';\n");
    const diff = "--- a/db.js\n+++ b/db.js\n@@ -1,1 +1,1 @@\n-module.exports = 'LEGACY';\n+module.exports = process.env.DATABASE_URL;";
    expect(report.diffs).toEqual([{ file: 'db.js', diff }]);
    expect(out).toBe(`${diff}\n`);
    expect(report.changed).toEqual(['db.js']);
  });

  it('leaves the file untouched and reports it when the rewrite would not parse', async () => {
    const root = project({ 'db.ts': "const url = 'LEGACY';\n" });
    const { report } = await run(root, (file) => file.source.replace("'LEGACY'", "'LEGACY' +"));
    expect(fs.readFileSync(path.join(root, 'db.ts'), 'utf8')).toBe("const url = 'LEGACY';\n");
    expect(report.changed).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.reason).toMatch(/^the rewrite would not parse, file left untouched: Unexpected token \(1:2[0-9]\)/);
  });

  it('reports a file that does not parse before the transform', async () => {
    const root = project({ 'db.ts': "const url = 'LEGACY' +;\n" });
    const { report } = await run(root, legacyToEnv);
    expect(fs.readFileSync(path.join(root, 'db.ts'), 'utf8')).toBe("const url = 'LEGACY' +;\n");
    expect(report.failed.map((issue) => issue.file)).toEqual(['db.ts']);
    expect(report.failed[0]!.reason).toMatch(/^does not parse, not transformed: Unexpected token/);
    expect(report.failed[0]!.stack).toBeUndefined();
  });

  it('reports a transform that throws as a crash, with its stack, and goes on with the other files', async () => {
    const root = project({ 'a.ts': "const url = 'LEGACY';\n", 'b.ts': "const url = 'LEGACY';\n" });
    const { report } = await run(root, (file, api, options) => {
      if (file.path.endsWith('a.ts')) throw new TypeError("Cannot read properties of undefined (reading 'start')");
      return legacyToEnv(file, api, options);
    });
    expect(fs.readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe("const url = 'LEGACY';\n");
    expect(fs.readFileSync(path.join(root, 'b.ts'), 'utf8')).toBe('const url = process.env.DATABASE_URL;\n');
    expect(report.failed).toEqual([
      {
        file: 'a.ts',
        reason: "the transform crashed on this file, left untouched: Cannot read properties of undefined (reading 'start')",
        stack: expect.stringMatching(/^TypeError: Cannot read properties of undefined \(reading 'start'\)\n\s+at /),
      },
    ]);
    expect(report.changed).toEqual(['b.ts']);
  });

  it('parses what TypeScript accepts and Babel\'s legacy decorators do not: a decorated computed member', async () => {
    // A NestJS DTO: `@IsString() [Keys.A]` reads as `IsString()[Keys.A]` to decorators-legacy; decorated parameters must still parse.
    const dto = [
      "enum Keys { A = 'LEGACY' }",
      'export class Settings {',
      "  constructor(@Inject('NAME') private readonly name: string) {}",
      '  @IsString()',
      '  [Keys.A]: string;',
      '}',
      '',
    ].join('\n');
    const root = project({ 'settings.dto.ts': dto, 'settings.dto.tsx': dto });
    const { report } = await run(root, legacyToEnv);
    expect(report.failed).toEqual([]);
    const expected = dto.replaceAll("'LEGACY'", 'process.env.DATABASE_URL');
    expect(fs.readFileSync(path.join(root, 'settings.dto.ts'), 'utf8')).toBe(expected);
    expect(fs.readFileSync(path.join(root, 'settings.dto.tsx'), 'utf8')).toBe(expected);
    expect(report.changed).toEqual(['settings.dto.ts', 'settings.dto.tsx']);
  });

  it('still reports a syntax error in a file with decorators, with the first parser\'s message', async () => {
    const root = project({ 'broken.ts': "class A {\n  @IsString()\n  name: = 'LEGACY';\n}\n" });
    const { report } = await run(root, legacyToEnv);
    expect(report.failed).toEqual([{ file: 'broken.ts', reason: 'does not parse, not transformed: Unexpected token (3:8)' }]);
  });

  it('parses .ts with the ts parser (angle-bracket casts) and .tsx with the tsx parser (JSX)', async () => {
    const root = project({
      'cast.ts': "const url = <string>'LEGACY';\n",
      'page.tsx': "export const Page = () => <div title={'LEGACY'} />;\n",
    });
    const { report } = await run(root, legacyToEnv);
    expect(report.failed).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'cast.ts'), 'utf8')).toBe('const url = <string>process.env.DATABASE_URL;\n');
    expect(fs.readFileSync(path.join(root, 'page.tsx'), 'utf8')).toBe('export const Page = () => <div title={process.env.DATABASE_URL} />;\n');
  });

  it('collects findings the transform leaves for a human', async () => {
    const root = project({ 'db.ts': "const url = 'LEGACY';\n" });
    const { report } = await run(root, (file, api, options) => {
      options.reportFinding?.({ line: 1, column: 13, message: 'cannot prove this safe', ruleId: 'neon/x' });
      api.report('whole-file note');
      return file.source;
    });
    expect(report.findings).toEqual([
      { file: 'db.ts', line: 1, column: 13, message: 'cannot prove this safe', ruleId: 'neon/x' },
      { file: 'db.ts', line: 1, column: 1, message: 'whole-file note' },
    ]);
    expect(report.changed).toEqual([]);
  });
});

describe('parserFor', () => {
  it.each([
    ['a.ts', 'ts'], ['a.mts', 'ts'], ['a.cts', 'ts'],
    ['a.tsx', 'tsx'], ['a.js', 'tsx'], ['a.jsx', 'tsx'], ['a.mjs', 'tsx'], ['a.cjs', 'tsx'],
  ])('%s → %s', (file, parser) => {
    expect(parserFor(file)).toBe(parser);
  });
});
