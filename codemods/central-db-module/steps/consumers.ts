import type { SourceFile, Statement } from 'ts-morph';

import { driverForModule } from '../../../src/catalog';
import type { ProjectStack } from '../../../src/project/detect';
import { indentAt, removalEdit, withAttachedComments, type TextEdit } from '../../schema-sync-to-migrations/source';
import type { DbModule } from '../analyze';
import { importInsertionOffset, importStatement, importStyleOf, needsExtension, relativeSpecifier, requiredModule } from '../module-syntax';
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
  return statements.map((statement) => withoutDoubleBlank(text, removalEdit(text, withAttachedComments(text, statement.getStart()), statement.getEnd(), false)));
}

/** A removed block of lines between two blank lines takes one of them along, so no double blank line is left. */
function withoutDoubleBlank(text: string, edit: TextEdit): TextEdit {
  const wholeLines = (edit.start === 0 || text[edit.start - 1] === '\n') && text[edit.end - 1] === '\n';
  if (!wholeLines) return edit;
  const blankBefore = edit.start > 0 && /(?:^|\n)[ \t]*\r?\n$/.test(text.slice(Math.max(0, edit.start - 200), edit.start));
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(edit.end));
  return blankBefore && blankAfter ? { ...edit, end: edit.end + blankAfter[0].length } : edit;
}

/** Driver bindings (`Pool`, `pg`) nothing outside the removed code uses any more: their import or require goes. */
function unusedDriverImports(file: SourceFile, removed: readonly Range[]): TextEdit[] {
  const text = file.getFullText();
  const used = (name: string, declaration: Node) =>
    file
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .some((identifier) => identifier.getText() === name && !inside(removed, identifier) && !identifier.getAncestors().includes(declaration) && !isName(identifier));
  const edits: TextEdit[] = [];
  for (const statement of file.getStatements()) {
    if (Node.isImportDeclaration(statement) && driverForModule(statement.getModuleSpecifierValue())) {
      const clause = statement.getImportClause();
      if (!clause) continue;
      const bindings: { name: string; node: Node }[] = [];
      const defaultImport = clause.getDefaultImport();
      if (defaultImport) bindings.push({ name: defaultImport.getText(), node: defaultImport });
      const namespace = clause.getNamespaceImport();
      if (namespace) bindings.push({ name: namespace.getText(), node: namespace });
      for (const named of clause.getNamedImports()) bindings.push({ name: named.getAliasNode()?.getText() ?? named.getName(), node: named });
      const unused = bindings.filter((binding) => !used(binding.name, statement));
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
    if (!module || !driverForModule(module)) continue;
    const nameNode = declaration!.getNameNode();
    if (Node.isIdentifier(nameNode)) {
      if (!used(nameNode.getText(), statement)) edits.push(withoutDoubleBlank(text, removalEdit(text, statement.getStart(), statement.getEnd(), false)));
      continue;
    }
    if (!Node.isObjectBindingPattern(nameNode)) continue;
    const elements = nameNode.getElements();
    const unused = elements.filter((element) => !used(element.getName(), statement));
    if (unused.length === elements.length) edits.push(withoutDoubleBlank(text, removalEdit(text, statement.getStart(), statement.getEnd(), false)));
    else edits.push(...unused.map((element) => removalEdit(text, element.getStart(), element.getEnd(), true)));
  }
  return edits;
}

function isName(identifier: Node): boolean {
  const parent = identifier.getParent();
  return (
    (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) ||
    (Node.isPropertyAssignment(parent) && parent.getNameNode() === identifier)
  );
}

export function consumerEdits(file: SourceFile, replacements: readonly Replacement[], dbModule: DbModule, stack: ProjectStack): TextEdit[] {
  const renames = replacements.flatMap((replacement) =>
    replacement.renamed.map((identifier) => ({ start: identifier.getStart(), end: identifier.getEnd(), text: replacement.local })),
  );
  const { edits, ranges } = removalEdits(
    file,
    replacements.flatMap((replacement) => replacement.removed),
    renames,
  );
  edits.push(...unusedDriverImports(file, ranges));

  const style = importStyleOf(file, stack);
  const specifier = relativeSpecifier(file.getFilePath(), dbModule.file, needsExtension(file.getFilePath(), stack, style.esm));
  const locals = [...new Set(replacements.map((replacement) => replacement.local))];
  const exported = dbModule.exported.name;
  const text = importStatement(style, specifier, exported, locals[0]!, dbModule.exported.whole);
  const extra = dbModule.exported.whole ? locals.slice(1).map((local) => importStatement(style, specifier, exported, local, true)) : [];
  const combined =
    !dbModule.exported.whole && locals.length > 1
      ? text.replace(
          locals[0] === exported ? exported : style.esm ? `${exported} as ${locals[0]}` : `${exported}: ${locals[0]}`,
          locals.map((local) => (local === exported ? exported : style.esm ? `${exported} as ${local}` : `${exported}: ${local}`)).join(', '),
        )
      : text;
  // Never inside a removed range: the import goes right after it.
  const offset = edits.reduce((at, edit) => (edit.start < at && at < edit.end ? edit.end : at), importInsertionOffset(file));
  edits.push({ start: offset, end: offset, text: [combined, ...extra].map((line) => `${line}\n`).join('') });
  return edits;
}
