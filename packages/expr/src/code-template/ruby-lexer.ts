// Ruby lexer for inline code: says whether each template stands in code, a comment or which string literal.
import { isWordChar, lineAt, type Place, PlaceRecorder, refused, type Skeleton } from './lexer-base.js';
import {
  ASSIGNMENT,
  bindsLocal,
  COMMANDS,
  type CodeFrame,
  ESCAPE_TAILS,
  type HeredocFrame,
  heredocStart,
  KEYWORDS_BEG,
  KEYWORDS_END,
  percentStart,
  type RubyLiteral,
  type StringFrame,
  scanDefName,
  scanNames,
} from './ruby-syntax.js';

export type { RubyLiteral } from './ruby-syntax.js';

/** Where a template stands in Ruby code. */
export type RubyPlace = Place<RubyLiteral, null>;

type LexState = 'beg' | 'end' | 'arg';
type Frame = CodeFrame | StringFrame | HeredocFrame;

class RubyLexer {
  readonly rec: PlaceRecorder<RubyLiteral, null>;
  private readonly text: string;
  private readonly stack: Frame[] = [{ kind: 'code', interp: false, depth: 0 }];
  private readonly pending: HeredocFrame[] = [];
  private readonly locals = new Set<string>();
  private i = 0;
  /** beg: an expression may start; end: one just ended; arg: after a name that may be a method call. */
  private state: LexState = 'beg';
  /** The bare name in `arg` state (null after `.name` or a command such as `puts`). */
  private argWord: string | null = null;
  private space = false;
  private afterDot = false;
  private prevToken = '';
  /** Set when the rest cannot be classified: the reason, for every template not yet placed. */
  poisoned: string | undefined;

  constructor(skeleton: Skeleton) {
    this.rec = new PlaceRecorder(skeleton);
    this.text = skeleton.text;
  }

  run(): void {
    const { text } = this;
    while (this.i < text.length && this.poisoned === undefined) {
      const top = this.stack.at(-1) as Frame;
      if (top.kind === 'heredoc' && (this.i === 0 || text[this.i - 1] === '\n') && this.heredocEnds(top)) continue;
      if (this.rec.isAtom(this.i)) {
        this.rec.record(this.i, this.placeHere(top));
        this.i++;
        if (top.kind === 'code') this.token('atom', 'end');
      } else if (top.kind === 'code') {
        this.codeChar(top);
      } else {
        this.literalChar(top);
      }
    }
  }

  private poison(what: string): void {
    this.poisoned = `${what} (line ${lineAt(this.text, this.i)}), after which the engine cannot tell strings from code`;
  }

  private placeHere(top: Frame): RubyPlace {
    const before = this.text.slice(Math.max(0, this.i - 3), this.i);
    if (top.kind === 'code') {
      if (/[%?$@]$/.test(before))
        return refused(`right after \`${before.at(-1)}\`, where a literal would not stand alone`);
      return { kind: 'code', code: null };
    }
    if (top.literal === null) return refused(top.where);
    if (top.literal !== 'single' && /(^|[^\\])#(@@?|\$)?$/.test(before)) {
      return refused(
        'right after `#` in an interpolating string, where `#{...}` was probably meant: drop the `#` (the template alone writes the value into the string as data)',
      );
    }
    return { kind: 'literal', literal: top.literal };
  }

  private token(name: string, state: LexState, argWord: string | null = null): void {
    this.prevToken = name;
    this.state = state;
    this.argWord = argWord;
    this.space = false;
    this.afterDot = false;
  }

  /**
   * What a `/`, `%` or `?` means here, as Ruby reads it: a literal where an expression starts; an
   * operator after an operand or without a space before (or with one after); after `name ` it depends
   * on whether `name` is a local variable, which is "ambiguous" unless it is a method for sure.
   */
  private literalAfterArg(): 'literal' | 'operator' | 'ambiguous' {
    const next = this.text[this.i + 1];
    if (this.state === 'beg') return 'literal';
    if (this.state === 'end' || !this.space || next === undefined || /[\s=]/.test(next)) return 'operator';
    const word = this.argWord;
    if (word === null || (COMMANDS.has(word) && !this.mayBeLocal(word))) return 'literal';
    return 'ambiguous';
  }

  /**
   * True when `word` is a local variable somewhere, or might be: assigned, a parameter, bound by
   * `a, b = ...`, `|a|`, `=> a`, `in a`... (erring towards yes, which only makes `word /x/` refused).
   */
  private mayBeLocal(word: string): boolean {
    if (this.locals.has(word)) return true;
    return bindsLocal(this.text, word);
  }

  private codeChar(frame: CodeFrame): void {
    const { text } = this;
    const ch = text[this.i] as string;
    const lineStart = this.i === 0 || text[this.i - 1] === '\n';
    if (lineStart && this.stack.length === 1 && this.lineDirective()) return;
    if (ch === '\n') {
      this.i++;
      this.space = true;
      this.state = 'beg';
      const next = this.pending.shift();
      if (next && this.stack.length > 1) this.poison('a heredoc body inside an interpolation');
      else if (next) this.stack.push(next);
    } else if (' \t\r\f\v'.includes(ch) || (ch === '\\' && /^\\\r?\n/.test(text.slice(this.i, this.i + 3)))) {
      this.i += ch === '\\' ? (text[this.i + 1] === '\r' ? 3 : 2) : 1;
      this.space = true;
    } else if (ch === '#') {
      while (this.i < text.length && text[this.i] !== '\n') {
        if (this.rec.isAtom(this.i)) this.rec.record(this.i, { kind: 'comment' });
        this.i++;
      }
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9][0-9a-zA-Z_]*(?:\.[0-9][0-9a-zA-Z_]*)*/.exec(text.slice(this.i, this.i + 400));
      this.i += match ? match[0].length : 1;
      this.token('number', 'end');
    } else if (isWordChar(ch)) {
      this.word();
    } else {
      this.punctuation(frame, ch);
    }
  }

  /** `=begin ... =end` comments and the `__END__` data section, at a line start. */
  private lineDirective(): boolean {
    const { text } = this;
    if (/^__END__\r?(\n|$)/.test(text.slice(this.i, this.i + 9))) {
      this.poisoned = `after \`__END__\` (line ${lineAt(text, this.i)}), in the data section`;
      return true;
    }
    if (!/^=begin(\s|$)/.test(text.slice(this.i, this.i + 7))) return false;
    const end = /\n=end(\s|$)/.exec(text.slice(this.i));
    const stop = end ? this.i + end.index + 5 : text.length;
    for (; this.i < stop; this.i++) if (this.rec.isAtom(this.i)) this.rec.record(this.i, { kind: 'comment' });
    return true;
  }

  private word(): void {
    const { text } = this;
    const start = this.i;
    while (isWordChar(text[this.i])) this.i++;
    const mark = text[this.i];
    if ((mark === '?' || mark === '!') && text[this.i + 1] !== '=' && !isWordChar(text[this.i + 1])) this.i++;
    const word = text.slice(start, this.i);
    if (this.afterDot) {
      this.token(word, 'arg');
      return;
    }
    if (text[this.i] === ':' && text[this.i + 1] !== ':' && this.prevToken !== '?') {
      this.i++; // a label: `key: value`
      this.token(':', 'beg');
      return;
    }
    if (KEYWORDS_END.has(word)) {
      this.token(word, 'end');
      return;
    }
    if (word === 'def') {
      this.i = scanDefName(text, this.i, this.locals);
      this.token('def', 'end');
      return;
    }
    if (KEYWORDS_BEG.has(word)) {
      if (word === 'do' || word === 'for') scanNames(text, this.i, word === 'do' ? '|' : 'in', this.locals);
      this.token(word, 'beg');
      return;
    }
    if (ASSIGNMENT.test(text.slice(this.i, this.i + 8))) this.locals.add(word);
    this.token(word, 'arg', word);
  }

  private punctuation(frame: CodeFrame, ch: string): void {
    const { text } = this;
    const next = text[this.i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      this.i++;
      const interp = ch !== "'";
      const literal: RubyLiteral | null = ch === "'" ? 'single' : ch === '"' ? 'double' : null;
      const where = 'inside a command string (`...`), which a shell runs';
      this.stack.push({ kind: 'string', open: null, close: ch, nest: 0, interp, literal, where, regex: false });
    } else if (ch === ':' && (next === '"' || next === "'")) {
      this.i += 2;
      const where = 'inside a quoted symbol :\'...\' (use :"...")';
      const literal = next === '"' ? 'double' : null;
      this.stack.push({
        kind: 'string',
        open: null,
        close: next,
        nest: 0,
        interp: next === '"',
        literal,
        where,
        regex: false,
      });
    } else if (ch === ':' && next === ':') {
      this.i += 2;
      this.token('::', 'beg');
      this.afterDot = true;
    } else if (ch === ':' && (isWordChar(next) || /[+\-*/%<>=!~^&|[`]/.test(next ?? ''))) {
      this.i++;
      while (isWordChar(text[this.i]) || /[?!=+\-*/%<>~^&|[\]`@]/.test(text[this.i] ?? '')) this.i++;
      this.token('symbol', 'end');
    } else if (ch === '?') {
      this.question();
    } else if (ch === '%' || ch === '/') {
      this.percentOrSlash(ch);
    } else if (ch === '<' && next === '<') {
      this.heredocOrShift();
    } else if (ch === '@' || ch === '$') {
      this.i++;
      if (ch === '$' && !isWordChar(text[this.i]) && !this.rec.isAtom(this.i)) this.i += text[this.i] === '-' ? 2 : 1;
      while (isWordChar(text[this.i]) || text[this.i] === '@') this.i++;
      this.token('variable', 'end');
    } else if (ch === '{') {
      frame.depth++;
      this.i++;
      scanNames(text, this.i, '|', this.locals);
      this.token('{', 'beg');
    } else if (ch === '}' && frame.interp && frame.depth === 0) {
      this.stack.pop();
      this.i++;
    } else if (ch === '}' || ch === ')' || ch === ']') {
      if (ch === '}') frame.depth = Math.max(0, frame.depth - 1);
      this.i++;
      this.token(ch, 'end');
    } else if ((ch === '.' && next !== '.') || (ch === '&' && next === '.')) {
      this.i += ch === '&' ? 2 : 1;
      this.token('.', 'beg');
      this.afterDot = true;
    } else {
      this.i++;
      this.token(ch, 'beg');
    }
  }

  private question(): void {
    const { text } = this;
    const next = text[this.i + 1] ?? ' ';
    let meaning = /\s/.test(next) || this.rec.isAtom(this.i + 1) ? 'operator' : this.literalAfterArg();
    if (meaning === 'ambiguous') {
      if (/['"`#\\%/]/.test(next)) {
        this.poison(`an ambiguous \`?${next}\` after \`${this.argWord}\``);
        return;
      }
      meaning = 'operator'; // `x ?a : b` and `x(?a)` lex alike
    }
    if (meaning === 'literal' && (next === '\\' || !isWordChar(next) || !isWordChar(text[this.i + 2]))) {
      this.i += next === '\\' ? 3 : 1 + ((text.codePointAt(this.i + 1) ?? 0) > 0xffff ? 2 : 1);
      this.token('char', 'end');
      return;
    }
    this.i++;
    this.token('?', 'beg');
  }

  private percentOrSlash(ch: string): void {
    const meaning = this.literalAfterArg();
    if (meaning === 'ambiguous') {
      this.poison(
        `an ambiguous \`${ch}\` after \`${this.argWord}\` (write \`${this.argWord}(${ch}...)\` or \`${this.argWord} ${ch} x\`)`,
      );
      return;
    }
    const frame = meaning === 'literal' ? percentStart(this.text, this.i, ch) : undefined;
    if (!frame) {
      this.i++;
      this.token(ch, 'beg');
      return;
    }
    this.i = frame.contentStart;
    this.stack.push(frame.frame);
  }

  private heredocOrShift(): void {
    const { text } = this;
    const start = heredocStart(text, this.i);
    const allowed =
      start !== undefined &&
      this.prevToken !== 'class' &&
      (this.state === 'beg' || (this.state === 'arg' && this.space && !this.locals.has(this.argWord ?? '')));
    if (!start || !allowed) {
      this.i += 2;
      this.token('<<', 'beg');
      return;
    }
    for (let j = this.i; j < start.end; j++)
      if (this.rec.isAtom(j)) {
        this.poison('a template in a heredoc delimiter');
        return;
      }
    this.pending.push(start.frame);
    this.i = start.end;
    this.token('heredoc', 'end');
  }

  /** At a line start inside a heredoc body: true (and past it) when the line ends the heredoc. */
  private heredocEnds(frame: HeredocFrame): boolean {
    const { text } = this;
    const eol = text.indexOf('\n', this.i);
    const end = eol < 0 ? text.length : eol;
    for (let j = this.i; j < end; j++) if (this.rec.isAtom(j)) return false;
    const line = text.slice(this.i, end).replace(/\r$/, '');
    if ((frame.indent ? line.replace(/^[ \t]+/, '') : line) !== frame.id) return false;
    this.stack.pop();
    this.i = eol < 0 ? text.length : eol + 1;
    const next = this.pending.shift();
    if (next) this.stack.push(next);
    return true;
  }

  /** One character inside a string, percent literal, regexp or heredoc body. */
  private literalChar(frame: StringFrame | HeredocFrame): void {
    const { text } = this;
    const ch = text[this.i];
    const escapes = frame.kind === 'string' || frame.interp;
    if (ch === '\\' && escapes) {
      if (this.rec.isAtom(this.i + 1)) {
        this.rec.record(this.i + 1, refused('right after a backslash inside a string literal'));
      } else if (frame.interp) {
        this.rec.refuseInEscape(this.i, ESCAPE_TAILS, 'a string literal');
      }
      this.i += text.startsWith('\r\n', this.i + 1) ? 3 : 2;
    } else if (frame.interp && ch === '#' && text[this.i + 1] === '{') {
      this.i += 2;
      this.stack.push({ kind: 'code', interp: true, depth: 0 });
      this.token('#{', 'beg');
    } else if (frame.kind === 'string' && frame.open !== null && ch === frame.open) {
      frame.nest++;
      this.i++;
    } else if (frame.kind === 'string' && ch === frame.close && frame.nest > 0) {
      frame.nest--;
      this.i++;
    } else if (frame.kind === 'string' && ch === frame.close) {
      this.stack.pop();
      this.i++;
      if (frame.regex) while (/[a-z]/.test(text[this.i] ?? '')) this.i++;
      this.token('literal', 'end');
    } else if (ch === '\n' && frame.kind === 'string' && this.pending.length > 0) {
      this.poison('a heredoc body inside a multi-line string');
    } else {
      this.i++;
    }
  }
}

/**
 * The place of each atom of `skeleton` in Ruby code, in atom order. Knows '...', "...", :"...",
 * %-literals, heredocs (<<~, <<-, <<, quoted ids), `#{}` interpolation (code), `#` and
 * =begin/=end comments, regexps and commands (refused), and tells `/`, `%`, `?`, `<<` operators
 * from literals the way Ruby does (by the token before, spaces and known local variables). Where
 * Ruby itself would need more (`foo /x/` with `foo` of unknown kind), the rest is refused.
 */
export function lexRuby(skeleton: Skeleton): RubyPlace[] {
  const lexer = new RubyLexer(skeleton);
  if (!lexer.rec.empty) lexer.run();
  return lexer.rec.finish(refused(lexer.poisoned ?? 'where the Ruby lexer could not place it'));
}
