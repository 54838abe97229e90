import path from 'node:path';
import type { SourceFile } from 'ts-morph';

import type { ProjectStack } from '../../src/project/detect';
import { Node, SyntaxKind } from '../lib/ts-morph';

/**
 * How a file imports and exports: the facts the transform needs to add an
 * import of the db module in the file's own style, and to find what an
 * existing db module exports.
 */

export interface ImportStyle {
  readonly esm: boolean;
  readonly quote: "'" | '"';
  readonly semicolon: string;
}

/** `require('x')`, also `require('x').y`: the module it reads. */
export function requiredModule(node: Node | undefined): string | undefined {
  let current = node;
  while (current && Node.isPropertyAccessExpression(current)) current = current.getExpression();
  if (!current || !Node.isCallExpression(current)) return undefined;
  const callee = current.getExpression();
  const [argument] = current.getArguments();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || !argument || !Node.isStringLiteral(argument)) return undefined;
  return argument.getLiteralValue();
}

/** The file's own import syntax: ESM when it has `import`/`export` statements, else what the project writes new code with. */
export function importStyleOf(file: SourceFile, stack: ProjectStack): ImportStyle {
  const text = file.getFullText();
  const hasEsm = file.getStatements().some((statement) => Node.isImportDeclaration(statement) || Node.isExportDeclaration(statement) || Node.isExportAssignment(statement));
  const hasRequire = /\brequire\(/.test(text);
  const esm = hasEsm || (!hasRequire && (stack.importStyle === 'esm' || /\.[mc]?tsx?$/.test(file.getFilePath()) || file.getFilePath().endsWith('.mjs')));
  const single = text.match(/'[^'\n]*'/g)?.length ?? 0;
  const double = text.match(/"[^"\n]*"/g)?.length ?? 0;
  // Declarations of functions, classes and interfaces end with `}` either way: they say nothing about semicolons.
  const statements = file
    .getStatements()
    .filter((statement) => !Node.isFunctionDeclaration(statement) && !Node.isClassDeclaration(statement) && !Node.isInterfaceDeclaration(statement) && !Node.isModuleDeclaration(statement) && !Node.isEnumDeclaration(statement));
  const withSemicolon = statements.filter((statement) => statement.getText().trimEnd().endsWith(';')).length;
  return { esm, quote: double > single ? '"' : "'", semicolon: statements.length > 0 && withSemicolon * 2 < statements.length ? '' : ';' };
}

/** The specifier that reaches `target` from `from`: extensionless, or with the runtime `.js` extension when the project needs it. */
export function relativeSpecifier(from: string, target: string, withExtension: boolean): string {
  let relative = path.relative(path.dirname(from), target).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const extension = path.extname(relative);
  const bare = relative.slice(0, relative.length - extension.length);
  if (withExtension) return `${bare}${extension.replace(/^\.([mc]?)tsx?$/, '.$1js')}`;
  return bare.endsWith('/index') ? bare.slice(0, -'/index'.length) : bare;
}

/** Import specifiers need an extension: Node ESM for .js/.mjs, or TypeScript with node16/nodenext resolution. */
export function needsExtension(file: string, stack: ProjectStack, esm: boolean): boolean {
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return true;
  return esm && stack.importExtensions;
}

export interface ImportedName {
  readonly exported: string;
  readonly local: string;
}

/** The statements that import `names` from `specifier`, in the file's style: one, or one `require` per local of a module that is the client itself. */
export function importStatements(style: ImportStyle, specifier: string, names: readonly ImportedName[], whole: boolean): string[] {
  const q = style.quote;
  const from = style.esm ? ` from ${q}${specifier}${q}${style.semicolon}` : ` = require(${q}${specifier}${q})${style.semicolon}`;
  if (whole && !style.esm) return names.map(({ local }) => `const ${local}${from}`);
  const bindings = names.map(({ exported, local }) => (local === exported ? exported : style.esm ? `${exported} as ${local}` : `${exported}: ${local}`));
  return [`${style.esm ? 'import' : 'const'} { ${bindings.join(', ')} }${from}`];
}

/** Where new imports go: the start of the line after the last leading import or `require` statement that stays (not in `removed`). */
export function importInsertionOffset(file: SourceFile, removed: readonly (readonly [number, number])[] = []): number {
  let last: Node | undefined;
  for (const statement of file.getStatements()) {
    const isImport =
      Node.isImportDeclaration(statement) ||
      (Node.isVariableStatement(statement) && statement.getDeclarations().every((declaration) => requiredModule(declaration.getInitializer()) !== undefined));
    const goes = removed.some(([start, end]) => start <= statement.getStart() && statement.getEnd() <= end);
    if (isImport && goes) continue;
    if (isImport) last = statement;
    else if (last || !isDirective(statement)) break;
  }
  if (!last) {
    const first = file.getStatements().find((statement) => !isDirective(statement));
    const directives = file.getStatements().filter(isDirective);
    if (directives.length > 0) return lineAfter(file, directives.at(-1)!.getEnd());
    return first ? first.getStart(true) : file.getEnd();
  }
  return lineAfter(file, last.getEnd());
}

function isDirective(statement: Node): boolean {
  return Node.isExpressionStatement(statement) && Node.isStringLiteral(statement.getExpression());
}

function lineAfter(file: SourceFile, offset: number): number {
  const text = file.getFullText();
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

export interface ExportedBinding {
  /** the name other modules import */
  readonly name: string;
  /** `module.exports = pool`: the module itself is the client */
  readonly whole: boolean;
}

/** How the module-scope variable or function `name` is exported: `export const`, `export function`, `export { name }`, `module.exports = { name }`, `exports.name =`. */
export function exportOf(file: SourceFile, name: string): ExportedBinding | undefined {
  for (const statement of file.getStatements()) {
    if (Node.isVariableStatement(statement) && statement.isExported() && statement.getDeclarations().some((declaration) => declaration.getName() === name)) {
      return { name, whole: false };
    }
    if (Node.isFunctionDeclaration(statement) && statement.isExported() && !statement.isDefaultExport() && statement.getName() === name) return { name, whole: false };
    if (Node.isExportDeclaration(statement) && !statement.getModuleSpecifier()) {
      for (const specifier of statement.getNamedExports()) {
        if (specifier.getName() === name) return { name: specifier.getAliasNode()?.getText() ?? name, whole: false };
      }
    }
    if (!Node.isExpressionStatement(statement)) continue;
    const expression = statement.getExpression();
    if (!Node.isBinaryExpression(expression) || expression.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const target = expression.getLeft().getText();
    const value = expression.getRight();
    if (target === 'module.exports' && Node.isIdentifier(value) && value.getText() === name) return { name, whole: true };
    if (target === 'module.exports' && Node.isObjectLiteralExpression(value)) {
      for (const property of value.getProperties()) {
        if (Node.isShorthandPropertyAssignment(property) && property.getName() === name) return { name, whole: false };
        if (Node.isPropertyAssignment(property) && property.getInitializer()?.getText() === name) return { name: property.getName(), whole: false };
      }
    }
    const member = /^(?:module\.)?exports\.(\w+)$/.exec(target);
    if (member && Node.isIdentifier(value) && value.getText() === name) return { name: member[1]!, whole: false };
  }
  return undefined;
}
