/**
 * A hand-written tokenizer that reads SQL the way PostgreSQL's scanner
 * (`scan.l`) does, as far as statement splitting and classification need:
 * comments and the contents of strings, quoted identifiers and dollar quotes
 * never produce keyword tokens. It assumes `standard_conforming_strings = on`
 * (the default since PostgreSQL 9.1), so only `E'...'` strings treat
 * backslashes as escapes.
 *
 * Template-literal holes are given as offsets into the text. A hole stands
 * for an identifier (a table name, a schema name): it becomes a `dynamic`
 * token, merged with identifier characters that touch it (`tenant_${id}`),
 * and so does a quoted identifier with a hole inside. In a string or a
 * comment a hole is just content.
 *
 * Unterminated strings, comments and quotes run to the end of the text, as
 * PostgreSQL reads them before it reports the error. Every loop advances, so
 * the cost is linear in the length of the text.
 */

export type TokenType =
  /** an unquoted identifier or keyword */
  | 'word'
  /** `"name"`, `U&"name"` */
  | 'quotedIdent'
  /** `'...'`, `E'...'`, `B'...'`, `X'...'`, `N'...'`, `U&'...'`, `$tag$...$tag$` */
  | 'string'
  | 'number'
  /** `$1` */
  | 'param'
  /** a run of operator characters: `=`, `<>`, `||`, `->>` ... */
  | 'operator'
  /** an identifier that contains at least one template hole */
  | 'dynamic'
  | '('
  | ')'
  | ','
  | ';'
  | '.'
  /** any other single character (`[`, `:`, a lone `$` ...) */
  | 'other';

export interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
}

const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const DOLLAR = 0x24;
const BACKSLASH = 0x5c;
const AMPERSAND = 0x26;
const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;
const DOT = 0x2e;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

const PUNCTUATION = new Map<string, TokenType>([
  ['(', '('],
  [')', ')'],
  [',', ','],
  [';', ';'],
  ['.', '.'],
]);

/** PostgreSQL's `space`: space, tab, newline, carriage return, form feed, vertical tab. */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function isNewline(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

/** PostgreSQL's `ident_start`: any byte >= 0x80 counts, so any non-ASCII character does. */
function isIdentifierStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code >= 0x80;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** PostgreSQL's `ident_cont`: identifiers may contain digits and `$`. */
function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code) || code === DOLLAR;
}

/** After `$1`: PostgreSQL reads `$1abc` as one (erroneous) token. */
function isParameterPart(code: number): boolean {
  return code !== DOLLAR && isIdentifierPart(code);
}

/** Digits, `.`, exponents, `0x1F`, `1_000`, and trailing junk PostgreSQL rejects (`1abc`). */
function isNumberPart(code: number): boolean {
  return code === DOT || isParameterPart(code);
}

/** PostgreSQL's `op_chars`. */
function isOperatorChar(code: number): boolean {
  switch (code) {
    case 0x7e: // ~
    case 0x21: // !
    case 0x40: // @
    case 0x23: // #
    case 0x5e: // ^
    case 0x26: // &
    case 0x7c: // |
    case 0x60: // `
    case 0x3f: // ?
    case 0x2b: // +
    case 0x2d: // -
    case 0x2a: // *
    case 0x2f: // /
    case 0x25: // %
    case 0x3c: // <
    case 0x3e: // >
    case 0x3d: // =
      return true;
    default:
      return false;
  }
}

function startsComment(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return (code === DASH && next === DASH) || (code === SLASH && next === STAR);
}

/** The position after a `--` comment (its newline is left for the caller). */
function skipLineComment(text: string, from: number): number {
  let at = from + 2;
  while (at < text.length && !isNewline(text.charCodeAt(at))) at++;
  return at;
}

/** The position after a `/* ... *\/` comment; comments nest. */
function skipBlockComment(text: string, from: number): number {
  let depth = 1;
  let at = from + 2;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (code === STAR && next === SLASH) {
      at += 2;
      if (--depth === 0) return at;
    } else if (code === SLASH && next === STAR) {
      at += 2;
      depth++;
    } else {
      at++;
    }
  }
  return at;
}

/**
 * The position after a literal closed by `quote`, where a doubled quote
 * stands for itself; `from` is just after the opening quote.
 */
function skipQuoted(text: string, from: number, quote: string): number {
  let at = from;
  for (;;) {
    const close = text.indexOf(quote, at);
    if (close < 0) return text.length;
    if (text.charCodeAt(close + 1) !== quote.charCodeAt(0)) return close + 1;
    at = close + 2;
  }
}

/** Like `skipQuoted` for `'`, but a backslash escapes the next character (`E'it\'s'`). */
function skipEscapeString(text: string, from: number): number {
  let at = from;
  for (;;) {
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === BACKSLASH) {
        at += 2;
      } else if (code === SINGLE_QUOTE) {
        if (text.charCodeAt(at + 1) !== SINGLE_QUOTE) break;
        at += 2;
      } else {
        at++;
      }
    }
    if (at >= text.length) return text.length;
    // `E'a'` newline `'b'` is one literal, and its continuation keeps the backslash escapes.
    const continued = stringContinuation(text, at + 1);
    if (continued < 0) return at + 1;
    at = continued;
  }
}

/**
 * PostgreSQL's quote continuation: after a closing quote, whitespace that
 * holds a newline and then a quote continue the literal (PostgreSQL 17 allows
 * no comments in between). Returns the position after that quote, or -1.
 */
function stringContinuation(text: string, from: number): number {
  let at = from;
  let sawNewline = false;
  while (at < text.length && isSpace(text.charCodeAt(at))) {
    sawNewline ||= isNewline(text.charCodeAt(at));
    at++;
  }
  return sawNewline && text.charCodeAt(at) === SINGLE_QUOTE ? at + 1 : -1;
}

/**
 * At a `$` that is not a parameter: the position after the dollar-quoted
 * string it opens, or -1 when it opens none (`$` then no `tag$`).
 */
function skipDollarQuoted(text: string, from: number): number {
  let at = from + 1;
  if (isIdentifierStart(text.charCodeAt(at))) {
    at++;
    // A tag is an identifier without `$`.
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === DOLLAR || !isIdentifierPart(code)) break;
      at++;
    }
  }
  if (text.charCodeAt(at) !== DOLLAR) return -1;
  const delimiter = text.slice(from, at + 1);
  const close = text.indexOf(delimiter, at + 1);
  return close < 0 ? text.length : close + delimiter.length;
}

/** Splits SQL text into tokens, dropping whitespace and comments. `holes` are sorted offsets. */
export function tokenize(text: string, holes: readonly number[] = []): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let nextHole = 0;

  function holeAt(position: number): boolean {
    while (nextHole < holes.length && holes[nextHole] < position) nextHole++;
    return nextHole < holes.length && holes[nextHole] === position;
  }

  /** Whether a hole lies between the current token's start and `end`; call after `holeAt(start)`. */
  function holeBefore(end: number): boolean {
    return nextHole < holes.length && holes[nextHole] < end;
  }

  /** Consumes identifier characters and holes; reports whether a hole was among them. */
  function scanIdentifier(): boolean {
    let dynamic = false;
    for (;;) {
      if (holeAt(at)) {
        dynamic = true;
        nextHole++;
      } else if (at < text.length && isIdentifierPart(text.charCodeAt(at))) {
        at++;
      } else {
        return dynamic;
      }
    }
  }

  /** Advances over characters that `accepts`, up to a hole. */
  function advanceWhile(accepts: (code: number) => boolean): void {
    while (at < text.length && !holeAt(at) && accepts(text.charCodeAt(at))) at++;
  }

  function push(type: TokenType, start: number): void {
    tokens.push({ type, start, end: at });
  }

  for (;;) {
    while (at < text.length && !holeAt(at)) {
      const code = text.charCodeAt(at);
      if (isSpace(code)) {
        at++;
      } else if (code === DASH && text.charCodeAt(at + 1) === DASH) {
        at = skipLineComment(text, at);
        // A hole just before the newline (or the end) is inside the comment: `-- ${note}`.
        while (nextHole < holes.length && holes[nextHole] <= at) nextHole++;
      } else if (code === SLASH && text.charCodeAt(at + 1) === STAR) {
        at = skipBlockComment(text, at);
      } else {
        break;
      }
    }
    const start = at;
    if (holeAt(at)) {
      scanIdentifier();
      push('dynamic', start);
      continue;
    }
    if (at >= text.length) return tokens;

    const code = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (isIdentifierStart(code)) {
      const lower = code | 0x20;
      if (next === SINGLE_QUOTE && lower === 0x65 /* e */) {
        at = skipEscapeString(text, at + 2);
        push('string', start);
      } else if (next === SINGLE_QUOTE && (lower === 0x62 || lower === 0x78 || lower === 0x6e) /* b x n */) {
        at = skipQuoted(text, at + 2, "'");
        push('string', start);
      } else if (lower === 0x75 /* u */ && next === AMPERSAND && text.charCodeAt(at + 2) === SINGLE_QUOTE) {
        at = skipQuoted(text, at + 3, "'");
        push('string', start);
      } else if (lower === 0x75 && next === AMPERSAND && text.charCodeAt(at + 2) === DOUBLE_QUOTE) {
        at = skipQuoted(text, at + 3, '"');
        push(holeBefore(at) ? 'dynamic' : 'quotedIdent', start);
      } else {
        at++;
        push(scanIdentifier() ? 'dynamic' : 'word', start);
      }
    } else if (code === SINGLE_QUOTE) {
      at = skipQuoted(text, at + 1, "'");
      push('string', start);
    } else if (code === DOUBLE_QUOTE) {
      at = skipQuoted(text, at + 1, '"');
      // `"${name}"` names an object as dynamically as `${name}`.
      push(holeBefore(at) ? 'dynamic' : 'quotedIdent', start);
    } else if (code === DOLLAR) {
      if (isDigit(next)) {
        at++;
        advanceWhile(isParameterPart);
        push('param', start);
      } else {
        const end = skipDollarQuoted(text, at);
        at = end < 0 ? at + 1 : end;
        push(end < 0 ? 'other' : 'string', start);
      }
    } else if (isDigit(code) || (code === DOT && isDigit(next))) {
      at++;
      advanceWhile(isNumberPart);
      push('number', start);
    } else if (isOperatorChar(code)) {
      at++;
      while (at < text.length && !holeAt(at) && isOperatorChar(text.charCodeAt(at)) && !startsComment(text, at)) at++;
      push('operator', start);
    } else {
      at++;
      push(PUNCTUATION.get(text[start]) ?? 'other', start);
    }
  }
}

/** Whether `token` is the unquoted keyword `keyword` (given in lower case), in any letter case. */
export function isKeyword(text: string, token: Token | undefined, keyword: string): boolean {
  if (token?.type !== 'word' || token.end - token.start !== keyword.length) return false;
  for (let k = 0; k < keyword.length; k++) {
    // `| 0x20` lowers ASCII letters and maps no other character onto a letter.
    if ((text.charCodeAt(token.start + k) | 0x20) !== keyword.charCodeAt(k)) return false;
  }
  return true;
}
