import path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '../..');

/**
 * How the tests compile generated code: `strict`, Node16 modules, against the
 * real type packages in the repository's node_modules, with the decorator
 * settings TypeORM entities are compiled with.
 */
export const COMPILER_OPTIONS: Readonly<ts.CompilerOptions> = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  esModuleInterop: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
  typeRoots: [path.join(REPO, 'node_modules/@types')],
};

/** The type errors of one program over `files`, each as `file (relative to relativeTo): message`. */
export function typeErrors(files: readonly string[], relativeTo: string, options: ts.CompilerOptions = {}): string[] {
  const program = ts.createProgram([...files], { ...COMPILER_OPTIONS, ...options });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.relative(relativeTo, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
