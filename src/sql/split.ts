import { isKeyword, type Token } from './lexer';

/** A statement as a range of token indices, `end` exclusive; never empty. */
export interface TokenRange {
  readonly first: number;
  readonly end: number;
}

export interface Split {
  readonly statements: readonly TokenRange[];
  /** For each `(` token, the index of its matching `)`; -1 for other tokens and unclosed parentheses. */
  readonly closing: Int32Array;
}

/** `CREATE [OR REPLACE] FUNCTION|PROCEDURE`: the statements whose body may be `BEGIN ATOMIC ... END`. */
function startsRoutine(text: string, tokens: readonly Token[], first: number): boolean {
  if (!isKeyword(text, tokens[first], 'create')) return false;
  let at = first + 1;
  if (isKeyword(text, tokens[at], 'or') && isKeyword(text, tokens[at + 1], 'replace')) at += 2;
  return isKeyword(text, tokens[at], 'function') || isKeyword(text, tokens[at], 'procedure');
}

/**
 * Splits tokens into statements at `;`, as PostgreSQL's grammar does: not
 * inside parentheses (`CREATE RULE ... DO (INSERT ...; INSERT ...)`) and
 * not inside a routine's `BEGIN ATOMIC ... END` body, where `CASE ... END`
 * also nests. Statements without tokens (`;;`, a lone comment) are dropped.
 * An unclosed `(` keeps the rest of the text in its statement; PostgreSQL
 * rejects such text as a whole.
 */
export function splitStatements(text: string, tokens: readonly Token[]): Split {
  const statements: TokenRange[] = [];
  const closing = new Int32Array(tokens.length).fill(-1);
  const openParentheses: number[] = [];
  let first = 0;
  let routine = startsRoutine(text, tokens, first);
  let atomicDepth = 0;

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    switch (token.type) {
      case '(':
        openParentheses.push(index);
        break;
      case ')': {
        const open = openParentheses.pop();
        if (open !== undefined) closing[open] = index;
        break;
      }
      case 'word':
        if (!routine) break;
        if (atomicDepth > 0) {
          if (isKeyword(text, token, 'case')) atomicDepth++;
          else if (isKeyword(text, token, 'end')) atomicDepth--;
        } else if (
          openParentheses.length === 0 &&
          isKeyword(text, token, 'begin') &&
          isKeyword(text, tokens[index + 1], 'atomic')
        ) {
          atomicDepth = 1;
        }
        break;
      case ';':
        if (openParentheses.length > 0 || atomicDepth > 0) break;
        if (index > first) statements.push({ first, end: index });
        first = index + 1;
        routine = startsRoutine(text, tokens, first);
        break;
      default:
        break;
    }
  }
  if (tokens.length > first) statements.push({ first, end: tokens.length });
  return { statements, closing };
}
