// JavaScript lexer for inline node code: says whether each template stands in code, a comment or which string literal.
import {
  type EscapeTails,
  isWordChar,
  OCTAL_HEX_TAILS,
  type Place,
  PlaceRecorder,
  refused,
  type Skeleton,
  UNICODE_TAIL,
} from './lexer-base.js';

/** A JavaScript string literal kind: `'...'`, `"..."` or an untagged template literal. */
export type JsLiteral = 'single' | 'double' | 'template';

/** Where a template stands in JavaScript code. */
export type JsPlace = Place<JsLiteral, null>;

const TAILS: EscapeTails = { ...OCTAL_HEX_TAILS, u: UNICODE_TAIL };
/** Words after which `/` starts a regular expression. */
const REGEX_AFTER: ReadonlySet<string> = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
/** Words whose `(...)` is followed by a statement, so `/` after the `)` starts a regular expression. */
const CONTROL: ReadonlySet<string> = new Set(['if', 'while', 'for', 'with']);
/** Tokens after which `{` opens a block rather than an object literal. */
const BLOCK_AFTER: ReadonlySet<string> = new Set(['', ';', '{', '}', ')', '=>', 'else', 'do', 'try', 'finally']);

const DOLLAR =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript syntax in a message
  'right after `$` in a template literal, where `${...}` was probably meant: drop the `$` (the template alone writes the value into the literal as data)';

type Frame =
  | { kind: 'template'; tagged: boolean }
  | { kind: 'brace'; of: 'block' | 'object' | 'substitution' }
  | { kind: 'paren'; control: boolean };

class JsLexer {
  readonly rec: PlaceRecorder<JsLiteral, null>;
  private readonly text: string;
  private readonly stack: Frame[] = [];
  private i = 0;
  /** True where `/` starts a regular expression (no operand just before). */
  private regexOk = true;
  /** The last significant token (a punctuator or a word), for `{` after it. */
  private last = '';
  /** The last word was `.` or `?.` away: a property name, never a keyword. */
  private afterDot = false;
  private pendingControl = false;
  /** Only whitespace since the line began (for `-->` comments). */
  private lineStart = true;

  constructor(skeleton: Skeleton) {
    this.rec = new PlaceRecorder(skeleton);
    this.text = skeleton.text;
  }

  run(): void {
    const { text } = this;
    if (text.startsWith('#!')) this.lineComment();
    while (this.i < text.length) {
      const top = this.stack.at(-1);
      if (top?.kind === 'template') this.templateChar(top);
      else this.codeChar();
    }
  }

  private operand(): void {
    this.regexOk = false;
    this.afterDot = false;
    this.pendingControl = false;
    this.lineStart = false;
  }

  private punctuator(token: string): void {
    this.regexOk = true;
    this.last = token;
    this.afterDot = token === '.' || token === '?.';
    this.lineStart = false;
    this.i += token.length;
  }

  private codeChar(): void {
    const { text } = this;
    const ch = text[this.i] as string;
    if (this.rec.isAtom(this.i)) {
      this.rec.record(this.i, { kind: 'code', code: null });
      this.i++;
      this.operand();
      this.last = 'atom';
    } else if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') {
      this.lineStart = true;
      this.i++;
    } else if (/\s/.test(ch)) {
      this.i++;
    } else if (text.startsWith('//', this.i) || text.startsWith('<!--', this.i)) {
      this.lineComment();
    } else if (this.lineStart && text.startsWith('-->', this.i)) {
      this.lineComment();
    } else if (text.startsWith('/*', this.i)) {
      this.blockComment();
    } else if (ch === "'" || ch === '"') {
      this.stringLiteral(ch);
      this.operand();
      this.last = 'string';
    } else if (ch === '`') {
      this.stack.push({ kind: 'template', tagged: !this.regexOk });
      this.i++;
      this.lineStart = false;
    } else if (ch === '/') {
      if (this.regexOk) {
        this.regexLiteral();
        this.operand();
        this.last = 'regex';
      } else {
        this.punctuator(text[this.i + 1] === '=' ? '/=' : '/');
      }
    } else if (isWordChar(ch) || ch === '$' || ch === '\\' || ch === '#') {
      this.word();
    } else {
      this.bracketOrOperator(ch);
    }
  }

  private word(): void {
    const { text } = this;
    const start = this.i;
    this.i++;
    while (isWordChar(text[this.i]) || text[this.i] === '$' || text[this.i] === '\\') this.i++;
    const word = text.slice(start, this.i);
    const property = this.afterDot;
    this.operand();
    this.last = word;
    if (property) return;
    const top = this.stack.at(-1);
    // `of` is a keyword only in `for (... of ...)`; elsewhere it may be a variable (`of / 2`).
    if (REGEX_AFTER.has(word) && (word !== 'of' || (top?.kind === 'paren' && top.control))) this.regexOk = true;
    if (CONTROL.has(word)) this.pendingControl = true;
  }

  private bracketOrOperator(ch: string): void {
    const { text } = this;
    if (ch === '(' || ch === '[') {
      this.stack.push({ kind: 'paren', control: ch === '(' && this.pendingControl });
      this.pendingControl = false;
      this.punctuator(ch);
    } else if (ch === ')' || ch === ']') {
      const frame = this.stack.at(-1);
      const control = frame?.kind === 'paren' && frame.control;
      if (frame?.kind === 'paren') this.stack.pop();
      this.punctuator(ch);
      this.regexOk = control;
    } else if (ch === '{') {
      const object = this.regexOk && !BLOCK_AFTER.has(this.last);
      this.stack.push({ kind: 'brace', of: object ? 'object' : 'block' });
      this.punctuator('{');
    } else if (ch === '}') {
      const frame = this.stack.at(-1);
      if (frame?.kind === 'brace') this.stack.pop();
      this.punctuator('}');
      if (frame?.kind === 'brace' && frame.of !== 'block') this.operand();
    } else if (text.startsWith('++', this.i) || text.startsWith('--', this.i)) {
      this.i += 2; // postfix after an operand keeps it one; prefix changes nothing either
    } else {
      const op = ['?.', '=>', '...'].find((t) => text.startsWith(t, this.i) && !/[0-9]/.test(text[this.i + 2] ?? ''));
      this.punctuator(op ?? ch);
    }
  }

  private lineComment(): void {
    const { text } = this;
    while (this.i < text.length && !'\n\r\u2028\u2029'.includes(text[this.i] as string)) {
      if (this.rec.isAtom(this.i)) this.rec.record(this.i, { kind: 'comment' });
      this.i++;
    }
  }

  private blockComment(): void {
    const { text } = this;
    const end = text.indexOf('*/', this.i + 2);
    const stop = end < 0 ? text.length : end + 2;
    for (; this.i < stop; this.i++) {
      if (this.rec.isAtom(this.i)) this.rec.record(this.i, { kind: 'comment' });
      if ('\n\r\u2028\u2029'.includes(text[this.i] as string)) this.lineStart = true;
    }
  }

  /** After a backslash inside a string or template: refuses an atom the escape would swallow. */
  private escape(what: string): void {
    if (this.rec.isAtom(this.i + 1)) {
      this.rec.record(this.i + 1, refused(`right after a backslash inside ${what}`));
    } else {
      this.rec.refuseInEscape(this.i, TAILS, what);
    }
    this.i += this.text.startsWith('\r\n', this.i + 1) ? 3 : 2;
  }

  private stringLiteral(quote: string): void {
    const { text } = this;
    const literal: JsLiteral = quote === "'" ? 'single' : 'double';
    this.i++;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (this.rec.isAtom(this.i)) {
        this.rec.record(this.i, { kind: 'literal', literal });
        this.i++;
      } else if (ch === '\\') {
        this.escape('a string literal');
      } else {
        this.i++;
        if (ch === quote || ch === '\n' || ch === '\r') return; // a raw line break: the file does not parse
      }
    }
  }

  private templateChar(frame: Frame & { kind: 'template' }): void {
    const { text } = this;
    const ch = text[this.i];
    if (this.rec.isAtom(this.i)) {
      this.rec.record(
        this.i,
        frame.tagged
          ? refused('inside a tagged template literal, whose tag sees the raw text')
          : text[this.i - 1] === '$' && text[this.i - 2] !== '\\'
            ? refused(DOLLAR)
            : { kind: 'literal', literal: 'template' },
      );
      this.i++;
    } else if (ch === '\\') {
      this.escape('a template literal');
    } else if (ch === '`') {
      this.stack.pop();
      this.i++;
      this.operand();
      this.last = 'template';
    } else if (text.startsWith('${', this.i)) {
      this.stack.push({ kind: 'brace', of: 'substitution' });
      this.i += 2;
      this.regexOk = true;
      this.last = '${';
    } else {
      this.i++;
    }
  }

  private regexLiteral(): void {
    const { text } = this;
    let inClass = false;
    this.i++;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (this.rec.isAtom(this.i)) {
        this.rec.record(this.i, refused('inside a regular expression literal'));
      } else if (ch === '\\') {
        this.i++;
        if (this.rec.isAtom(this.i)) this.rec.record(this.i, refused('inside a regular expression literal'));
      } else if (ch === '\n' || ch === '\r') {
        return;
      } else if (ch === '[') {
        inClass = true;
      } else if (ch === ']') {
        inClass = false;
      } else if (ch === '/' && !inClass) {
        this.i++;
        while (isWordChar(text[this.i])) this.i++;
        return;
      }
      this.i++;
    }
  }
}

/**
 * The place of each atom of `skeleton` in JavaScript code, in atom order. Knows strings, template
 * literals with nested `${...}` (code), comments (also `#!`, `<!--` and `-->`), and regular
 * expression literals (told from division by the token before, as JavaScript parsers do), which are
 * refused, as is the text of tagged template literals.
 */
export function lexJavaScript(skeleton: Skeleton): JsPlace[] {
  const lexer = new JsLexer(skeleton);
  if (!lexer.rec.empty) lexer.run();
  return lexer.rec.finish(refused('where the JavaScript lexer could not place it'));
}
