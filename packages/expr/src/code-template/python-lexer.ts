// Python lexer for inline code: says whether each template stands in code, a comment or which string literal.
import {
  type EscapeTails,
  isWordChar,
  OCTAL_HEX_TAILS,
  type Place,
  PlaceRecorder,
  refused,
  type Skeleton,
} from './lexer-base.js';

/** A Python string literal: its prefix as written (`rb`, `F`...), quote and flags. */
export interface PythonLiteral {
  prefix: string;
  quote: "'" | '"';
  triple: boolean;
  raw: boolean;
  bytes: boolean;
  /** f-string (or t-string): braces in its literal text are doubled. */
  format: boolean;
}

/** Code context: at top level, or inside an f-string replacement field (Python 3.11 rules apply there). */
export interface PythonCode {
  /** Inside a replacement field: no backslash may appear, nor the quotes in `quotes`. */
  inField: boolean;
  /** Quote characters of the enclosing string literals. */
  quotes: string;
}

/** Where a template stands in Python code. */
export type PythonPlace = Place<PythonLiteral, PythonCode>;

const PREFIXES: ReadonlySet<string> = new Set(['r', 'u', 'f', 'b', 't', 'rb', 'br', 'fr', 'rf', 'tr', 'rt']);

const STRING_TAILS: EscapeTails = {
  ...OCTAL_HEX_TAILS,
  u: /^[0-9a-fA-F]{0,3}$/,
  U: /^[0-9a-fA-F]{0,7}$/,
  N: /^(?:\{[^}'"\n]*)?$/,
};

type Frame =
  | { kind: 'code' }
  | { kind: 'string'; literal: PythonLiteral; contentStart: number }
  /** A replacement field `{...}` of the f-string below it: `depth` counts open brackets. */
  | { kind: 'field'; depth: number; conversion: boolean }
  /** The format spec after `:` in a replacement field (ends the field at `}`). */
  | { kind: 'spec' };

class PythonLexer {
  readonly rec: PlaceRecorder<PythonLiteral, PythonCode>;
  private readonly text: string;
  private readonly stack: Frame[] = [{ kind: 'code' }];
  private i = 0;

  constructor(skeleton: Skeleton) {
    this.rec = new PlaceRecorder(skeleton);
    this.text = skeleton.text;
  }

  run(): void {
    const { text } = this;
    while (this.i < text.length) {
      const top = this.stack.at(-1) as Frame;
      if (this.rec.isAtom(this.i)) {
        this.rec.record(this.i, this.placeHere(top));
        this.i++;
      } else if (top.kind === 'string') {
        this.stringChar(top.literal);
      } else if (top.kind === 'spec') {
        this.specChar();
      } else {
        this.codeChar(top);
      }
    }
  }

  private placeHere(top: Frame): PythonPlace {
    const inField = this.stack.some((f) => f.kind === 'field' || f.kind === 'spec');
    if (top.kind === 'spec') return refused('inside the format spec of an f-string replacement field');
    if (top.kind === 'field' && top.conversion)
      return refused('inside the conversion (`!r`, `!s`, `!a`) of an f-string');
    if (top.kind === 'string') {
      if (inField) {
        return refused(
          'inside a string literal nested in an f-string replacement field, where Python 3.11 allows no backslash escape',
        );
      }
      const { literal } = top;
      if (literal.raw && literal.triple && this.i > top.contentStart && this.text[this.i - 1] === literal.quote) {
        return refused('right after a quote inside a raw triple-quoted string, where the engine cannot close it');
      }
      return { kind: 'literal', literal };
    }
    let quotes = '';
    for (const frame of this.stack) if (frame.kind === 'string') quotes += frame.literal.quote;
    return { kind: 'code', code: { inField, quotes } };
  }

  private codeChar(top: Frame & { kind: 'code' | 'field' }): void {
    const { text } = this;
    const ch = text[this.i] as string;
    if (ch === '#') {
      this.comment();
    } else if (ch === "'" || ch === '"') {
      this.openString('', this.i);
    } else if (isWordChar(ch)) {
      let end = this.i;
      while (isWordChar(text[end])) end++;
      const word = text.slice(this.i, end);
      const next = text[end];
      if ((next === "'" || next === '"') && PREFIXES.has(word.toLowerCase())) this.openString(word, end);
      else this.i = end;
    } else if (top.kind === 'field') {
      this.fieldChar(top, ch);
    } else {
      this.i++;
    }
  }

  private fieldChar(field: Frame & { kind: 'field' }, ch: string): void {
    this.i++;
    if (field.conversion) {
      if (ch === '}') this.stack.pop();
      else if (ch === ':') this.stack.splice(-1, 1, { kind: 'spec' });
    } else if ('([{'.includes(ch)) {
      field.depth++;
    } else if (')]'.includes(ch)) {
      field.depth = Math.max(0, field.depth - 1);
    } else if (ch === '}') {
      if (field.depth > 0) field.depth--;
      else this.stack.pop();
    } else if (field.depth === 0 && ch === ':') {
      this.stack.splice(-1, 1, { kind: 'spec' });
    } else if (field.depth === 0 && ch === '!' && this.text[this.i] !== '=') {
      field.conversion = true;
    }
  }

  private specChar(): void {
    const ch = this.text[this.i];
    this.i++;
    if (ch === '{') this.stack.push({ kind: 'field', depth: 0, conversion: false });
    else if (ch === '}') this.stack.pop();
  }

  private comment(): void {
    const { text } = this;
    while (this.i < text.length && text[this.i] !== '\n' && text[this.i] !== '\r') {
      if (this.rec.isAtom(this.i)) this.rec.record(this.i, { kind: 'comment' });
      this.i++;
    }
  }

  private openString(prefix: string, quoteAt: number): void {
    const quote = this.text[quoteAt] as "'" | '"';
    const triple = this.text.startsWith(quote.repeat(3), quoteAt);
    const lower = prefix.toLowerCase();
    const literal: PythonLiteral = {
      prefix,
      quote,
      triple,
      raw: lower.includes('r'),
      bytes: lower.includes('b'),
      format: lower.includes('f') || lower.includes('t'),
    };
    this.i = quoteAt + (triple ? 3 : 1);
    this.stack.push({ kind: 'string', literal, contentStart: this.i });
  }

  private stringChar(literal: PythonLiteral): void {
    const { text } = this;
    const ch = text[this.i];
    if (ch === literal.quote && (!literal.triple || text.startsWith(ch.repeat(3), this.i))) {
      this.stack.pop();
      this.i += literal.triple ? 3 : 1;
    } else if ((ch === '\n' || ch === '\r') && !literal.triple) {
      this.stack.pop(); // unterminated: Python refuses the whole file
      this.i++;
    } else if (ch === '\\') {
      if (this.rec.isAtom(this.i + 1)) {
        this.rec.record(this.i + 1, refused('right after a backslash inside a string literal'));
      } else if (!literal.raw) {
        this.rec.refuseInEscape(this.i, literal.bytes ? OCTAL_HEX_TAILS : STRING_TAILS, 'a string literal');
      }
      this.i += text.startsWith('\r\n', this.i + 1) ? 3 : 2;
    } else if (literal.format && (ch === '{' || ch === '}')) {
      if (text[this.i + 1] === ch) this.i += 2;
      else if (ch === '{') {
        this.stack.push({ kind: 'field', depth: 0, conversion: false });
        this.i++;
      } else this.i++;
    } else {
      this.i++;
    }
  }
}

/**
 * The place of each atom of `skeleton` in Python code, in atom order. Strings of every kind are
 * known (prefixes r/b/u/f/t in any case and combination, triple quotes), f-string replacement fields
 * are code (their format specs and conversions are refused), comments are inert.
 */
export function lexPython(skeleton: Skeleton): PythonPlace[] {
  const lexer = new PythonLexer(skeleton);
  if (!lexer.rec.empty) lexer.run();
  return lexer.rec.finish(refused('where the Python lexer could not place it'));
}
