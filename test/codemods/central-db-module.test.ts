import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import * as transform from '../../codemods/central-db-module';
import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter } from '../../codemods/lib/lint';
import { Reporter, type TransformReport } from '../../codemods/lib/report';
import type { CodemodOptions, RunContext } from '../../codemods/lib/transform';
import { parseSource } from '../../codemods/schema-sync-to-migrations/source';
import { detectProject } from '../../src/project/detect';
import { tempProject } from '../support/git-repo';

/**
 * Every case under fixtures/codemods/central-db-module/<case>/: the transform
 * runs on a copy of input/, and the whole project afterwards must equal
 * output/ file for file. `expected.json` (optional) lists the findings left
 * for a human; the answered rules report exactly there on the output.
 */

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/central-db-module');
const CASES = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const made: string[] = [];

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}

function copyInput(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `central-db-${name}-`));
  made.push(root);
  fs.cpSync(path.join(FIXTURES, name, 'input'), root, { recursive: true });
  return root;
}

function runTransform(root: string, extra: Partial<CodemodOptions> = {}): { report: TransformReport; printed: string } {
  let printed = '';
  const stream = { write: (text: string) => (printed += text) };
  const options: CodemodOptions = { root, stack: detectProject(root), dry: false, print: false, envVar: 'DATABASE_URL', writeEnv: false, ...extra };
  const walk = walkSourceFiles([root], { includeNames: ['package.json'] });
  const context: RunContext = { root, files: walk.files, walkSkipped: walk.skipped, options, reporter: new Reporter({ json: false, stdout: stream, stderr: stream }) };
  return { report: transform.run(context), printed };
}

function expectedOf(name: string): readonly ExpectedFinding[] {
  const file = path.join(FIXTURES, name, 'expected.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: ExpectedFinding[] }).findings : [];
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('central-db-module fixtures', () => {
  it('finds its cases', () => {
    expect(CASES).toEqual(
      expect.arrayContaining([
        'already-central',
        'client-connect-query-end',
        'custom-options-left-for-human',
        'existing-db-module-reused',
        'express-pg-duplicate-pools',
        'express-pg-per-request',
        'nextjs-prisma-per-route',
        'ts-esm-pg',
      ]),
    );
  });

  describe.each(CASES)('%s', (name) => {
    const output = path.join(FIXTURES, name, 'output');
    const expected = expectedOf(name);

    it('turns input/ into exactly output/, with the expected findings', () => {
      const root = copyInput(name);
      const { report } = runTransform(root);
      expect(report.failed).toEqual([]);
      expect(readTree(root)).toEqual(readTree(output));
      expect(report.findings.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual(expected);
      const input = readTree(path.join(FIXTURES, name, 'input'));
      const changed = Object.entries(readTree(root))
        .filter(([file, text]) => input[file] !== text)
        .map(([file]) => file);
      expect([...report.changed].sort()).toEqual(changed);
    });

    it('changes nothing on a second run', () => {
      const root = copyInput(name);
      runTransform(root);
      const first = readTree(root);
      const { report } = runTransform(root);
      expect(report.changed).toEqual([]);
      expect(readTree(root)).toEqual(first);
    });

    it('every output parses, and the answered rules report only where a finding was left', () => {
      const linter = createNeonLinter({ cwd: output, ruleIds: [...transform.meta.answers] });
      const remaining = new Set<string>();
      for (const file of listFiles(output).filter((entry) => /\.[cm]?[jt]s$/.test(entry) && !entry.endsWith('.d.ts'))) {
        const text = fs.readFileSync(path.join(output, file), 'utf8');
        expect(() => parseSource(text, file), file).not.toThrow();
        const result = linter.lint(text, path.join(output, file));
        expect(result.fatal, file).toBeUndefined();
        for (const message of result.messages) remaining.add(`${file}:${message.line}:${message.column}`);
      }
      expect([...remaining].sort()).toEqual(expected.map(({ file, line, column }) => `${file}:${line}:${column}`).sort());
    });
  });

  it('TypeScript outputs type-check in one program against the real driver type packages', () => {
    // Each case is its own project: one program, with every case's files as roots (the prisma case brings its own @prisma/client shim).
    const files = CASES.flatMap((name) =>
      listFiles(path.join(FIXTURES, name, 'output'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(FIXTURES, name, 'output', file)),
    );
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      esModuleInterop: true,
      skipLibCheck: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      typeRoots: [path.join(REPO, 'node_modules/@types')],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.relative(FIXTURES, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(files.filter((file) => !file.endsWith('.d.ts')).length).toBeGreaterThanOrEqual(5);
    expect(diagnostics).toEqual([]);
  });
});
