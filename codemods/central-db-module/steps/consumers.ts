import type { SourceFile, Statement } from 'ts-morph';

import { driverForModule } from '../../../src/catalog';
import type { ProjectStack } from '../../../src/project/detect';
import { indentAt, removalEdit, withAttachedComments, type TextEdit } from '../../schema-sync-to-migrations/source';
import type { DbModule } from '../analyze';
import { isPropertyName } from '../constructions';
import { importInsertionOffset, importStatements, importStyleOf, needsExtension, relativeSpecifier, requiredModule } from '../module-syntax';
import type { Replacement } from './replace-construction';
import { Node, SyntaxKind } from '../../lib/ts-morph';

/**
 * The exact edits of one consumer file: the replaced declarations and
 * lifecycle calls out, their uses renamed, a `finally` left empty unwrapped,
 * driver imports nothing uses any more dropped, and one import of the db module.
 */

type Range = readonly [number, number];

function inside(ranges: readonly Range[], node: Node): boolean {
  return ranges.some(([start, end]) => start <= node.getStart() && node.getEnd() <= end);
}

/** Removes the statements; a `finally` whose statements all go is removed, and a `try` left with only its block is unwrapped. */
function removalEdits(file: SourceFile, statements: readonly Statement[], renames: readonly TextEdit[]): { edits: TextEdit[]; ranges: Range[] } {
  const text = file.getFullText();
  const edits: TextEdit[] = [];
  const ranges: Range[] = [];
  const handled = new Set<Statement>();
  let pendingRenames = [...renames];

  for (const statement of statements) {
    const block = statement.getParent();
    const tryStatement = block?.getParent();
    if (!Node.isBlock(block) || !Node.isTryStatement(tryStatement) || tryStatement.getFinallyBlock() !== block) continue;
    if (!block.getStatements().every((inner) => statements.includes(inner))) continue;
    block.getStatements().forEach((inner) => handled.add(inner));
    ranges.push([block.getStart(), block.getEnd()]);
    const catchClause = tryStatement.getCatchClause();
    if (catchClause) {
      edits.push({ start: catchClause.getEnd(), end: block.getEnd(), text: '' });
      continue;
    }
    // `try { work } finally { client.end() }` → `work`, one level less indented, with the work's own edits applied.
    const tryBlock = tryStatement.getTryBlock();
    const innerStart = tryBlock.getStart() + 1;
    const innerEnd = tryBlock.getEnd() - 1;
    const innerEdits = [...pendingRenames, ...removalsIn(text, statements.filter((inner) => inside([[innerStart, innerEnd]], inner)))].filter(
      (edit) => edit.start >= innerStart && edit.end <= innerEnd,
    );
    pendingRenames = pendingRenames.filter((edit) => !innerEdits.includes(edit));
    statements.filter((inner) => inside([[innerStart, innerEnd]], inner)).forEach((inner) => handled.add(inner));
    let inner = text.slice(innerStart, innerEnd);
    for (const edit of [...innerEdits].sort((a, b) => b.start - a.start)) {
      inner = inner.slice(0, edit.start - innerStart) + edit.text + inner.slice(edit.end - innerStart);
    }
    const outer = indentAt(text, tryStatement.getStart());
    const lines = inner.replace(/^[ \t]*\r?\n/, '').replace(/\s+$/, '').split('\n');
    const innerIndent = /^[ \t]*/.exec(lines.find((line) => line.trim() !== '') ?? '')![0];
    const dedented = lines.map((line) => (line.startsWith(innerIndent) ? outer + line.slice(innerIndent.length) : line)).join('\n');
    edits.push({ start: tryStatement.getStart(), end: tryStatement.getEnd(), text: dedented.slice(outer.length) });
  }
  edits.push(...removalsIn(text, statements.filter((statement) => !handled.has(statement))));
  for (const statement of statements) ranges.push([statement.getStart(), statement.getEnd()]);
  return { edits: [...edits, ...pendingRenames], ranges };
}

function removalsIn(text: string, statements: readonly Statement[]): TextEdit[] {
  const edits = statements
    .map((statement) => removalEdit(text, withAttachedComments(text, statement.getStart()), statement.getEnd(), false))
    .sort((a, b) => a.start - b.start);
  // Statements removed one after the other are one block: a blank line on both sides of it keeps only one.
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const last = merged.at(-1);
    if (last && last.end === edit.start) merged[merged.length - 1] = { ...last, end: edit.end };
    else merged.push(edit);
  }
  return merged.map((edit) => withoutDoubleBlank(text, edit));
}

/** A removed block of lines between two blank lines takes one of them along, so no double blank line is left. */
function withoutDoubleBlank(text: string, edit: TextEdit): TextEdit {
  const wholeLines = (edit.start === 0 || text[edit.start - 1] === '\n') && text[edit.end - 1] === '\n';
  if (!wholeLines) return edit;
  const blankBefore = edit.start > 0 && /(?:^|\n)[ \t]*\r?\n$/.test(text.slice(Math.max(0, edit.start - 200), edit.start));
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(edit.end));
  return blankBefore && blankAfter ? { ...edit, end: edit.end + blankAfter[0].length } : edit;
}

/**
 * Imports nothing outside the removed code uses any more: driver bindings
 * (`Pool`, `pg`), and the project's own that only a moved part named (a
 * drizzle `schema`, Kysely's `Database` type: the db module imports them now).
 * Others stay, such as a config module that may load `.env`.
 */
function unusedImports(file: SourceFile, removed: readonly Range[], moved: readonly Range[]): TextEdit[] {
  const text = file.getFullText();
  const used = (name: string, declaration: Node, module: string) => {
    const uses = file
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .filter((identifier) => identifier.getText() === name && !identifier.getAncestors().includes(declaration) && !isPropertyName(identifier));
    if (uses.some((identifier) => !inside(removed, identifier))) return true;
    return !driverForModule(module) && !uses.some((identifier) => inside(moved, identifier));
  };
  const edits: TextEdit[] = [];
  for (const statement of file.getStatements()) {
    if (Node.isImportDeclaration(statement)) {
      const module = statement.getModuleSpecifierValue();
      const clause = statement.getImportClause();
      if (!clause) continue;
      const bindings: { name: string; node: Node }[] = [];
      const defaultImport = clause.getDefaultImport();
      if (defaultImport) bindings.push({ name: defaultImport.getText(), node: defaultImport });
      const namespace = clause.getNamespaceImport();
      if (namespace) bindings.push({ name: namespace.getText(), node: namespace });
      for (const named of clause.getNamedImports()) bindings.push({ name: named.getAliasNode()?.getText() ?? named.getName(), node: named });
      const unused = bindings.filter((binding) => !used(binding.name, statement, module));
      if (unused.length === 0) continue;
      const namedBindings = clause.getNamedBindings();
      if (unused.length === bindings.length) edits.push(withoutDoubleBlank(text, removalEdit(text, statement.getStart(), statement.getEnd(), false)));
      else if (defaultImport && namedBindings && unused.some((binding) => binding.node === defaultImport) && unused.length === 1) {
        // `import pg, { type QueryResult } from 'pg'` → `import { type QueryResult } from 'pg'`
        edits.push({ start: defaultImport.getStart(), end: namedBindings.getStart(), text: '' });
      } else if (defaultImport && namedBindings && !unused.some((binding) => binding.node === defaultImport)) {
        const named = unused.filter((binding) => binding.node !== namespace);
        if (named.length === clause.getNamedImports().length && (!namespace || unused.some((binding) => binding.node === namespace))) {
          edits.push({ start: defaultImport.getEnd(), end: namedBindings.getEnd(), text: '' });
        }
      } else if (!defaultImport && !namespace) edits.push(...unused.map((binding) => removalEdit(text, binding.node.getStart(), binding.node.getEnd(), true)));
      continue;
    }
    if (!Node.isVariableStatement(statement) || statement.getDeclarations().length !== 1) continue;
    const [declaration] = statement.getDeclarations();
    const module = requiredModule(declaration!.getInitializer());
    if (!module) continue;
    const nameNode = declaration!.getNameNode();
    if (Node.isIdentifier(nameNode)) {
      if (!used(nameNode.getText(), statement, module)) edits.push(withoutDoubleBlank(text, removalEdit(text, statement.getStart(), statement.getEnd(), false)));
      continue;
    }
    if (!Node.isObjectBindingPattern(nameNode)) continue;
    const elements = nameNode.getElements();
    const unused = elements.filter((element) => !used(element.getName(), statement, module));
    if (unused.length === elements.length) edits.push(withoutDoubleBlank(text, removalEdit(text, statement.getStart(), statement.getEnd(), false)));
    else edits.push(...unused.map((element) => removalEdit(text, element.getStart(), element.getEnd(), true)));
  }
  return edits;
}

export function consumerEdits(file: SourceFile, replacements: readonly Replacement[], dbModule: DbModule, stack: ProjectStack): TextEdit[] {
  const { edits, ranges } = removalEdits(
    file,
    replacements.flatMap((replacement) => replacement.removed),
    replacements.flatMap((replacement) => replacement.rewrites),
  );
  const importEdits = unusedImports(file, ranges, replacements.flatMap((replacement) => replacement.moved));
  edits.push(...importEdits);

  const style = importStyleOf(file, stack);
  const specifier = relativeSpecifier(file.getFilePath(), dbModule.file, needsExtension(file.getFilePath(), stack, style.esm));
  const names = replacements
    .flatMap((replacement) => replacement.imports)
    .filter((name, index, all) => all.findIndex((other) => other.exported === name.exported && other.local === name.local) === index);
  const whole = dbModule.clients.some((client) => client.exported.whole && names.some((name) => name.exported === client.exported.name));
  const statements = importStatements(style, specifier, names, whole);
  // Never inside a removed range: the import goes right after it.
  const dropped = importEdits.filter((edit) => edit.text === '').map((edit) => [edit.start, edit.end] as const);
  const offset = edits.reduce((at, edit) => (edit.start < at && at < edit.end ? edit.end : at), importInsertionOffset(file, dropped));
  edits.push({ start: offset, end: offset, text: statements.map((line) => `${line}\n`).join('') });
  // The file's first lines removed, and the new import elsewhere: no blank line is left at the top.
  const text = file.getFullText();
  const top = edits.findIndex((edit) => edit.start === 0 && edit.end > 0 && edit.text === '');
  const blank = top >= 0 && offset > 0 ? /^(?:[ \t]*\r?\n)+/.exec(text.slice(edits[top]!.end)) : null;
  if (blank) edits[top] = { ...edits[top]!, end: edits[top]!.end + blank[0].length };
  return edits;
}
