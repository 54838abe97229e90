import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/**
 * Builds a TypeScript project to runnable JavaScript the way its `tsc` build
 * lays it out (the files and options of its tsconfig.json, `outDir`, `rootDir`
 * or the common folder of the sources), but file by file with
 * `ts.transpileModule`: no type check (that is a separate, explicit test) and
 * no program, so a small app builds in well under a second. Decorators and
 * their metadata (TypeORM) follow the tsconfig, as in an isolated-modules build.
 * Returns where a source file's JavaScript went.
 */
export function transpileProject(dir: string): (source: string) => string {
  const parsed = readTsconfig(dir);
  const sources = parsed.fileNames.filter((file) => !file.endsWith('.d.ts'));
  const outDir = parsed.options.outDir ?? dir;
  const rootDir = parsed.options.rootDir ?? commonFolder(sources);
  const compilerOptions: ts.CompilerOptions = { ...parsed.options, noEmit: false, declaration: false, sourceMap: false };
  const outFile = (source: string) => path.join(outDir, path.relative(rootDir, path.resolve(dir, source))).replace(/\.tsx?$/, '.js');
  for (const source of sources) {
    const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), { compilerOptions, fileName: source });
    fs.mkdirSync(path.dirname(outFile(source)), { recursive: true });
    fs.writeFileSync(outFile(source), outputText);
  }
  return outFile;
}

/** The project's tsconfig.json, as `tsc -p` reads it: its files and its options. */
export function readTsconfig(dir: string): ts.ParsedCommandLine {
  const configFile = path.join(dir, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, configFile);
}

function commonFolder(files: readonly string[]): string {
  const [first, ...rest] = files.map((file) => path.dirname(file).split(path.sep));
  if (!first) throw new Error('no TypeScript sources to build');
  let length = first.length;
  for (const parts of rest) {
    let same = 0;
    while (same < length && parts[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}
