import { describe, expect, it } from 'vitest';
import { isKeyword, tokenize, type TokenType } from '../../src/sql/lexer';

/** Tokens as `[type, text]` pairs. */
function lex(text: string, holes: readonly number[] = []): [TokenType, string][] {
  return tokenize(text, holes).map((token) => [token.type, text.slice(token.start, token.end)]);
}

/** Tokens of template parts, as `[type, text]` pairs of the joined text. */
function lexParts(...parts: string[]): [TokenType, string][] {
  const holes: number[] = [];
  let offset = 0;
  for (const part of parts.slice(0, -1)) holes.push((offset += part.length));
  return lex(parts.join(''), holes);
}

describe('tokenize', () => {
  describe('whitespace and comments', () => {
    it('skips every whitespace character PostgreSQL knows', () => {
      expect(lex(' \t\n\r\f\vselect\v1')).toEqual([
        ['word', 'select'],
        ['number', '1'],
      ]);
    });

    it('ends a line comment at a newline or a carriage return', () => {
      expect(lex('a -- drop table x\nb -- c\rd')).toEqual([
        ['word', 'a'],
        ['word', 'b'],
        ['word', 'd'],
      ]);
    });

    it('runs a line comment to the end of the text', () => {
      expect(lex('select 1 -- ; drop table x')).toEqual([
        ['word', 'select'],
        ['number', '1'],
      ]);
    });

    it('nests block comments', () => {
      expect(lex('a /* x /* y */ drop table t; */ b')).toEqual([
        ['word', 'a'],
        ['word', 'b'],
      ]);
    });

    it('does not close a block comment with the slash of its opening', () => {
      expect(lex('a /*/ b */ c')).toEqual([
        ['word', 'a'],
        ['word', 'c'],
      ]);
      expect(lex('a /**/ b')).toEqual([
        ['word', 'a'],
        ['word', 'b'],
      ]);
      expect(lex('a /* ***/ b')).toEqual([
        ['word', 'a'],
        ['word', 'b'],
      ]);
    });

    it('treats the rest of the text as an unterminated block comment', () => {
      expect(lex('a /* b /* c */ ; drop table t')).toEqual([['word', 'a']]);
    });

    it('ends an operator where a comment starts', () => {
      expect(lex('1 *--x\n2 +/*c*/-3')).toEqual([
        ['number', '1'],
        ['operator', '*'],
        ['number', '2'],
        ['operator', '+'],
        ['operator', '-'],
        ['number', '3'],
      ]);
    });
  });

  describe('quoted identifiers', () => {
    it('reads a quoted keyword as an identifier', () => {
      expect(lex('"select" "Drop"')).toEqual([
        ['quotedIdent', '"select"'],
        ['quotedIdent', '"Drop"'],
      ]);
    });

    it('keeps doubled quotes inside', () => {
      expect(lex('"a""b; drop table x" c')).toEqual([
        ['quotedIdent', '"a""b; drop table x"'],
        ['word', 'c'],
      ]);
    });

    it('reads unicode identifiers', () => {
      expect(lex('U&"d\\0061t" u&"x"')).toEqual([
        ['quotedIdent', 'U&"d\\0061t"'],
        ['quotedIdent', 'u&"x"'],
      ]);
    });

    it('runs an unterminated quoted identifier to the end', () => {
      expect(lex('select "abc; drop table t')).toEqual([
        ['word', 'select'],
        ['quotedIdent', '"abc; drop table t'],
      ]);
    });
  });

  describe('string constants', () => {
    it('reads doubled quotes in a standard string', () => {
      expect(lex("'it''s; drop' x")).toEqual([
        ['string', "'it''s; drop'"],
        ['word', 'x'],
      ]);
    });

    it('does not treat a backslash as an escape in a standard string', () => {
      expect(lex("'a\\'; drop")).toEqual([
        ['string', "'a\\'"],
        [';', ';'],
        ['word', 'drop'],
      ]);
    });

    it('reads backslash escapes in E strings, either case', () => {
      expect(lex("E'it\\'s; drop' e'\\\\' x")).toEqual([
        ['string', "E'it\\'s; drop'"],
        ['string', "e'\\\\'"],
        ['word', 'x'],
      ]);
      expect(lex("E'\\''; x")).toEqual([
        ['string', "E'\\''"],
        [';', ';'],
        ['word', 'x'],
      ]);
    });

    it('continues an E string across whitespace with a newline, still escaping', () => {
      expect(lex("E'a'\n  '\\'; x' y")).toEqual([
        ['string', "E'a'\n  '\\'; x'"],
        ['word', 'y'],
      ]);
    });

    it('does not continue an E string without a newline or across a comment', () => {
      expect(lex("E'a' 'b'")).toEqual([
        ['string', "E'a'"],
        ['string', "'b'"],
      ]);
      expect(lex("E'a' -- c\n'\\'")).toEqual([
        ['string', "E'a'"],
        ['string', "'\\'"],
      ]);
    });

    it('reads B, X, N and U& strings', () => {
      expect(lex("B'1010' x'1F' N'drop' U&'d\\0061t'")).toEqual([
        ['string', "B'1010'"],
        ['string', "x'1F'"],
        ['string', "N'drop'"],
        ['string', "U&'d\\0061t'"],
      ]);
    });

    it('reads a longer word before a quote as a word: typed literals', () => {
      expect(lex("date'2024-01-01' Ex'1'")).toEqual([
        ['word', 'date'],
        ['string', "'2024-01-01'"],
        ['word', 'Ex'],
        ['string', "'1'"],
      ]);
    });

    it('runs unterminated strings to the end', () => {
      expect(lex("select 'abc; drop table t")).toEqual([
        ['word', 'select'],
        ['string', "'abc; drop table t"],
      ]);
      expect(lex("select E'abc\\'; drop table t")).toEqual([
        ['word', 'select'],
        ['string', "E'abc\\'; drop table t"],
      ]);
    });
  });

  describe('dollar quoting and parameters', () => {
    it('reads an untagged dollar quote', () => {
      expect(lex('$$ drop table t; $$ x')).toEqual([
        ['string', '$$ drop table t; $$'],
        ['word', 'x'],
      ]);
    });

    it('reads a tagged dollar quote that contains other dollar quotes', () => {
      expect(lex('$body$ $$ ; $$ $b$ ; $body$ x')).toEqual([
        ['string', '$body$ $$ ; $$ $b$ ; $body$'],
        ['word', 'x'],
      ]);
    });

    it('reads tags with digits, underscores and non-ASCII letters', () => {
      expect(lex('$_x1$;$_x1$ $é$;$é$')).toEqual([
        ['string', '$_x1$;$_x1$'],
        ['string', '$é$;$é$'],
      ]);
    });

    it('reads $1 as a parameter, not a dollar quote', () => {
      expect(lex('$1, $23; $1')).toEqual([
        ['param', '$1'],
        [',', ','],
        ['param', '$23'],
        [';', ';'],
        ['param', '$1'],
      ]);
    });

    it('keeps dollar signs inside identifiers', () => {
      expect(lex('a$$b$c $x')).toEqual([
        ['word', 'a$$b$c'],
        ['other', '$'],
        ['word', 'x'],
      ]);
    });

    it('runs an unterminated dollar quote to the end', () => {
      expect(lex('select $f$ ; drop table t')).toEqual([
        ['word', 'select'],
        ['string', '$f$ ; drop table t'],
      ]);
    });
  });

  describe('other tokens', () => {
    it('reads numbers in their forms, with trailing junk', () => {
      expect(lex('1.5e3 .5 0x1F 1_000 1create')).toEqual([
        ['number', '1.5e3'],
        ['number', '.5'],
        ['number', '0x1F'],
        ['number', '1_000'],
        ['number', '1create'],
      ]);
    });

    it('reads non-ASCII characters as identifier characters', () => {
      expect(lex('café\u00a0x naïve')).toEqual([
        ['word', 'café\u00a0x'],
        ['word', 'naïve'],
      ]);
    });

    it('reads punctuation and operators', () => {
      expect(lex('f(a, b.c)::t[1];<>')).toEqual([
        ['word', 'f'],
        ['(', '('],
        ['word', 'a'],
        [',', ','],
        ['word', 'b'],
        ['.', '.'],
        ['word', 'c'],
        [')', ')'],
        ['other', ':'],
        ['other', ':'],
        ['word', 't'],
        ['other', '['],
        ['number', '1'],
        ['other', ']'],
        [';', ';'],
        ['operator', '<>'],
      ]);
    });
  });

  describe('template holes', () => {
    it('reads a hole as an identifier', () => {
      expect(lexParts('create table ', ' (id int)').slice(0, 3)).toEqual([
        ['word', 'create'],
        ['word', 'table'],
        ['dynamic', ''],
      ]);
    });

    it('merges a hole with touching identifier characters', () => {
      expect(lexParts('tenant_', '_users x')).toEqual([
        ['dynamic', 'tenant__users'],
        ['word', 'x'],
      ]);
      expect(lexParts('a ', '', ' b')).toEqual([
        ['word', 'a'],
        ['dynamic', ''],
        ['word', 'b'],
      ]);
    });

    it('makes a quoted identifier with a hole dynamic', () => {
      expect(lexParts('"', '"')).toEqual([['dynamic', '""']]);
    });

    it('leaves holes inside strings and comments as content', () => {
      expect(lexParts("'", "' -- ", '\n/* ', ' */ $$', '$$ -- ', '')).toEqual([
        ['string', "''"],
        ['string', '$$$$'],
      ]);
    });

    it('stops operators and numbers at a hole', () => {
      expect(lexParts('x =', '+1 limit 1', '')).toEqual([
        ['word', 'x'],
        ['operator', '='],
        ['dynamic', ''],
        ['operator', '+'],
        ['number', '1'],
        ['word', 'limit'],
        ['number', '1'],
        ['dynamic', ''],
      ]);
    });
  });
});

describe('isKeyword', () => {
  it('matches unquoted words in any letter case', () => {
    const text = 'CrEaTe "create" created create$';
    const [plain, quoted, longer, withDollar] = tokenize(text);
    expect(isKeyword(text, plain, 'create')).toBe(true);
    expect(isKeyword(text, quoted, 'create')).toBe(false);
    expect(isKeyword(text, longer, 'create')).toBe(false);
    expect(isKeyword(text, withDollar, 'create')).toBe(false);
    expect(isKeyword(text, undefined, 'create')).toBe(false);
  });
});
