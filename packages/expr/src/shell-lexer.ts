// A small POSIX sh / bash lexer that tells, for each template hole in shell text, how it is quoted there.

/**
 * Where a template hole stands in shell text: how a variable reference can be quoted there, or why it
 * cannot be. `bare` is an unquoted word, `double` a double-quoted string, `single` a single-quoted one,
 * `heredoc` an unquoted here-document body, `comment` a `# ...` comment. A refused `place` reads after
 * "stands" (`in a parameter expansion ${...}`, `right after a backslash`).
 */
export type ShellPlace =
  | { kind: 'bare' | 'double' | 'single' | 'heredoc' | 'comment' }
  | { kind: 'refused'; place: string; hint?: string };

/** A `<<` here-document whose body starts after the end of the current line. */
interface Heredoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  /** Why the command reading the body runs it as code (`sh <<EOF`), if it does. */
  code?: string;
}

/** Where classified holes go; shared by a lexer and the lexers of its backquotes and heredoc bodies. */
interface Sink {
  places: Map<number, ShellPlace>;
  /** Hole offsets in the order they were met, so an unterminated construct can refuse what it held. */
  order: number[];
  /** Set after a construct sh and bash read differently: every later hole is refused. */
  poison?: string;
}

type Mode = 'bare' | 'double' | 'heredoc';
type CaseState = 'subject' | 'pattern' | 'body';
/** The state of the simple command being read, saved around a nested `$(...)`. */
interface CommandState {
  wordStart: number;
  words: string[];
  cases: CaseState[];
  cond?: { holes: number[]; code: boolean } | undefined;
  /** Open `(` subshells, so the `)` closing a `$(` is told apart. */
  depth: number;
}

const OPERATORS = ';&|()<>';
const SPECIAL_PARAMETERS = '@*#?-$!0123456789';
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!', 'time']);
/** `[[ ]]` operators that read their operands as arithmetic or as variable names (bash evaluates both). */
const COND_CODE_OPERATORS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-v', '-R']);
/** A word so far that is `name[` or `[` with the bracket still open: an array subscript (arithmetic in bash). */
const OPEN_SUBSCRIPT = /^([A-Za-z_][A-Za-z0-9_]*)?\[[^\]]*$/;

/** What the commands around a hole make of it; both return why the value would run as code, or undefined. */
export interface ShellCommandRules {
  /** For a hole in the next word of a simple command whose words so far are `words`. */
  argument(words: readonly string[]): string | undefined;
  /** For a hole in the body of a heredoc given to the simple command `words`. */
  heredoc(words: readonly string[]): string | undefined;
}

const refused = (place: string, hint?: string): ShellPlace => ({ kind: 'refused', place, ...(hint && { hint }) });
const newCommand = (): CommandState => ({ wordStart: -1, words: [], cases: [], depth: 0 });

class Lexer {
  private pos: number;
  private cmd = newCommand();
  private pending: Heredoc[] = [];
  /** Set inside a construct where no hole can be quoted (`${...}`, arithmetic): every hole is refused. */
  refusal: string | undefined;

  constructor(
    private readonly text: string,
    private readonly holes: ReadonlySet<number>,
    private readonly sink: Sink,
    private readonly rules: ShellCommandRules,
    start: number,
    private readonly end: number,
    /** Offsets in the original text of each character, for the unescaped text of a backquote. */
    private readonly map?: readonly number[],
  ) {
    this.pos = start;
  }

  private ch(i: number): string {
    return i < this.end ? this.text.charAt(i) : '';
  }

  private offset(at: number): number {
    return this.map ? (this.map[at] ?? at) : at;
  }

  private record(at: number, place: ShellPlace): void {
    const offset = this.offset(at);
    const over = place.kind === 'comment' ? undefined : (this.sink.poison ?? this.refusal);
    if (!this.sink.places.has(offset)) this.sink.order.push(offset);
    this.sink.places.set(offset, over === undefined ? place : refused(over));
  }

  /** Refuses every hole met since `index` in the sink's order (an unterminated construct held them). */
  private refuseSince(index: number, place: string): void {
    for (const offset of this.sink.order.slice(index)) {
      if (this.sink.places.get(offset)?.kind !== 'comment') this.sink.places.set(offset, refused(place));
    }
  }

  private withRefusal<T>(place: string | undefined, run: () => T): T {
    const saved = this.refusal;
    this.refusal ??= place;
    const result = run();
    this.refusal = saved;
    return result;
  }

  private sub(text: string, holes: ReadonlySet<number>, start: number, end: number, map?: readonly number[]): Lexer {
    const lexer = new Lexer(text, holes, this.sink, this.rules, start, end, map);
    lexer.refusal = this.refusal;
    return lexer;
  }

  private startWord(): void {
    if (this.cmd.wordStart < 0) this.cmd.wordStart = this.pos;
  }

  private endWord(): void {
    const cmd = this.cmd;
    if (cmd.wordStart < 0) return;
    const word = this.text.slice(cmd.wordStart, this.pos);
    cmd.wordStart = -1;
    const top = cmd.cases.length - 1;
    if (cmd.cases[top] === 'subject') {
      if (word === 'in') cmd.cases[top] = 'pattern';
    } else if (cmd.cases[top] === 'pattern') {
      if (word === 'esac') cmd.cases.pop();
    } else if (cmd.cond) {
      if (word === ']]') this.closeCond();
      else if (COND_CODE_OPERATORS.has(word)) cmd.cond.code = true;
    } else if (cmd.words.length === 0 && word === 'case') cmd.cases.push('subject');
    else if (cmd.words.length === 0 && word === 'esac' && cmd.cases[top] === 'body') cmd.cases.pop();
    else if (cmd.words.length === 0 && word === '[[') cmd.cond = { holes: [], code: false };
    else if (cmd.words.length > 0 || !RESERVED.has(word)) cmd.words.push(word);
  }

  private closeCond(): void {
    const cond = this.cmd.cond;
    this.cmd.cond = undefined;
    if (!cond?.code) return;
    const place = 'in a `[[ ]]` test that reads its operands as arithmetic or variable names';
    for (const offset of cond.holes) this.sink.places.set(offset, refused(place));
  }

  /** Why the current command would run text standing at `at` (in its current word) as code, or undefined. */
  private commandRefusal(at: number): string | undefined {
    const soFar = this.cmd.wordStart >= 0 ? this.text.slice(this.cmd.wordStart, at) : '';
    if (OPEN_SUBSCRIPT.test(soFar)) return 'in an array subscript, which bash evaluates as arithmetic';
    return this.rules.argument(this.cmd.words);
  }

  /** The place of a hole in a word of the current command: quoted as `kind` unless the command runs it. */
  private wordPlace(at: number, kind: 'bare' | 'double' | 'single'): ShellPlace {
    const code = this.commandRefusal(at);
    if (code !== undefined) return refused(code);
    this.cmd.cond?.holes.push(this.offset(at));
    return { kind };
  }

  /** Lexes commands up to the end, or up to the `)` closing a `$(` when `closer`. True when properly ended. */
  lexList(closer: boolean): boolean {
    while (this.pos < this.end) {
      const c = this.ch(this.pos);
      if (c === '#' && this.cmd.wordStart < 0 && !this.holes.has(this.pos)) this.comment();
      else if (this.holes.has(this.pos) || !(' \t\n'.includes(c) || OPERATORS.includes(c))) {
        this.startWord();
        this.wordChar(c);
      } else {
        this.endWord();
        if (this.operator(c, closer)) return true;
      }
    }
    this.endWord();
    this.closeCond();
    return !closer;
  }

  /** A blank or an operator at `pos`: true when it is the `)` closing the list. */
  private operator(c: string, closer: boolean): boolean {
    const cmd = this.cmd;
    const next = this.ch(this.pos + 1);
    const pattern = cmd.cases.at(-1) === 'pattern';
    if (c === '<' || c === '>' || (c === '&' && next === '>')) this.redirect();
    else if (c === ';' || c === '&' || c === '|') this.separator(pattern);
    else if (c === '(' && !pattern && next === '(' && !this.holes.has(this.pos + 1)) {
      this.pos += 2;
      this.withRefusal('in an arithmetic command ((...))', () => this.scanExpansion('arith', 'bare', 2));
    } else if (c === ' ' || c === '\t') this.pos++;
    else {
      this.pos++;
      cmd.words = [];
      if (c === '\n') this.readHeredocs();
      else if (c === ')' && pattern) cmd.cases[cmd.cases.length - 1] = 'body';
      else if (c === '(' && !pattern) cmd.depth++;
      else if (c === ')' && cmd.depth > 0) cmd.depth--;
      else if (c === ')' && closer) {
        this.closeCond();
        return true;
      }
    }
    return false;
  }

  /** One character of a word outside quotes (quotes, escapes and expansions start here). */
  private wordChar(c: string): void {
    if (this.holes.has(this.pos)) {
      this.record(this.pos, this.wordPlace(this.pos, 'bare'));
      this.pos++;
    } else if (c === '\\') this.escape('bare');
    else if (c === "'") this.single();
    else if (c === '"') {
      this.pos++;
      this.quoted('double');
    } else if (c === '`') this.backquote('bare');
    else if (c === '$') this.dollar('bare');
    else this.pos++;
  }

  private separator(pattern: boolean): void {
    const c = this.ch(this.pos);
    const next = this.ch(this.pos + 1);
    if (c === ';' && (next === ';' || next === '&')) {
      this.pos += next === ';' && this.ch(this.pos + 2) === '&' ? 3 : 2;
      if (this.cmd.cases.at(-1) === 'body') this.cmd.cases[this.cmd.cases.length - 1] = 'pattern';
    } else {
      this.pos += c !== ';' && (next === c || (c === '|' && next === '&')) ? 2 : 1;
    }
    if (!(pattern && c === '|')) this.cmd.words = [];
  }

  private redirect(): void {
    if (this.ch(this.pos) === '&') this.pos++;
    const c = this.ch(this.pos);
    const next = this.ch(this.pos + 1);
    if (c === '<' && next === '<' && this.ch(this.pos + 2) !== '<') {
      const stripTabs = this.ch(this.pos + 2) === '-';
      this.pos += stripTabs ? 3 : 2;
      this.heredocDelimiter(stripTabs);
    } else if (next === '(') {
      this.pos += 2;
      this.nested();
    } else {
      this.pos += c === '<' && next === '<' ? 3 : next !== '' && '<>&|'.includes(next) ? 2 : 1;
    }
  }

  /** Holes in `[from, to)`. */
  private holesIn(from: number, to: number): number[] {
    const found: number[] = [];
    for (let i = from; i < to; i++) if (this.holes.has(i)) found.push(i);
    return found;
  }

  /** The word after `<<`: quotes and backslashes in it make the body quoted, and are removed. */
  private heredocDelimiter(stripTabs: boolean): void {
    while (this.ch(this.pos) === ' ' || this.ch(this.pos) === '\t') this.pos++;
    const start = this.pos;
    for (let close = ''; this.pos < this.end; this.pos++) {
      const c = this.ch(this.pos);
      if (close !== '' || c === "'" || c === '"') close = c === close ? '' : close || c;
      else if (c === '\\') this.pos++;
      else if (' \t\n'.includes(c) || OPERATORS.includes(c)) break;
    }
    this.pos = Math.min(this.pos, this.end);
    for (const at of this.holesIn(start, this.pos)) this.record(at, refused('in a heredoc delimiter'));
    const word = this.text.slice(start, this.pos);
    const heredoc: Heredoc = { delimiter: word.replace(/\\(.)|["']/gs, '$1'), quoted: /["'\\]/.test(word), stripTabs };
    const code = this.rules.heredoc(this.cmd.words);
    if (code !== undefined) heredoc.code = code;
    this.pending.push(heredoc);
  }

  /** Reads the bodies of the heredocs started on the line that just ended, in order. */
  private readHeredocs(): void {
    const docs = this.pending;
    this.pending = [];
    for (const doc of docs) {
      const bodyStart = this.pos;
      let bodyEnd = this.end;
      while (this.pos < this.end && bodyEnd === this.end) {
        const lineStart = this.pos;
        const newline = this.text.indexOf('\n', lineStart);
        const lineEnd = newline < 0 || newline > this.end ? this.end : newline;
        this.pos = Math.min(lineEnd + 1, this.end);
        const line = this.text.slice(lineStart, lineEnd);
        const hole = this.holesIn(lineStart, lineEnd).length > 0;
        if (!hole && (doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) bodyEnd = lineStart;
      }
      const closed = bodyEnd < this.end || this.pos < this.end;
      const body = this.sub(this.text, this.holes, bodyStart, bodyEnd, this.map);
      if (doc.quoted) body.refusal ??= "in a quoted heredoc body (<<'EOF'), where the shell expands nothing";
      if (doc.code !== undefined) body.refusal ??= doc.code;
      if (!closed) body.refusal ??= 'in a heredoc without its closing delimiter line';
      body.quoted('heredoc');
    }
  }

  private comment(): void {
    for (; this.pos < this.end && this.ch(this.pos) !== '\n'; this.pos++) {
      if (this.holes.has(this.pos)) this.record(this.pos, { kind: 'comment' });
    }
  }

  /** Refuses a hole right after the `\\` or `$` at `pos`, which would change the reference put there. */
  private holeAfter(place: string, hint: string): boolean {
    if (!this.holes.has(this.pos + 1)) return false;
    this.record(this.pos + 1, refused(place, hint));
    this.pos += 2;
    return true;
  }

  private escape(mode: Mode): void {
    if (this.holeAfter('right after a backslash', 'remove the backslash: the value is quoted as it is')) return;
    const next = this.pos + 1;
    const c = this.ch(next);
    const escapes = mode === 'bare' || '$`\\\n'.includes(c) || (mode === 'double' && c === '"');
    this.pos = escapes && c !== '' ? next + 1 : next;
  }

  /** A `'...'` string, or with `ansi` a bash `$'...'` string (where `\\'` does not end it but ends it in sh). */
  private single(ansi = false): void {
    const index = this.sink.order.length;
    for (this.pos++; this.pos < this.end; this.pos++) {
      const c = this.ch(this.pos);
      if (this.holes.has(this.pos)) this.record(this.pos, this.wordPlace(this.pos, 'single'));
      else if (c === "'") {
        this.pos++;
        return;
      } else if (c === '\\' && ansi) {
        if (this.ch(this.pos + 1) === "'") {
          this.sink.poison ??= "after a $'...' string holding \\', which sh and bash end at different places";
        }
        if (this.holes.has(this.pos + 1)) this.record(this.pos + 1, { kind: 'single' });
        this.pos++;
      }
    }
    this.refuseSince(index, 'in an unterminated quoted string');
  }

  /** Lexes a double-quoted string (after its `"`) or an unquoted heredoc body (up to the end). */
  quoted(mode: 'double' | 'heredoc'): void {
    const index = this.sink.order.length;
    while (this.pos < this.end) {
      const at = this.pos;
      const c = this.ch(at);
      if (this.holes.has(at)) {
        this.record(at, mode === 'double' ? this.wordPlace(at, 'double') : { kind: 'heredoc' });
        this.pos++;
      } else if (c === '"' && mode === 'double') {
        this.pos++;
        return;
      } else this.expansionChar(c, mode);
    }
    if (mode === 'double') this.refuseSince(index, 'in an unterminated double-quoted string');
  }

  /** A character that may start an escape or an expansion; anything else is skipped. */
  private expansionChar(c: string, mode: Mode): void {
    if (c === '\\') this.escape(mode);
    else if (c === '$') this.dollar(mode);
    else if (c === '`') this.backquote(mode);
    else this.pos++;
  }

  private dollar(mode: Mode): void {
    if (this.holeAfter('right after `$`', 'remove the `$`: the template itself becomes a quoted variable')) return;
    const next = this.pos + 1;
    const c = this.ch(next);
    this.pos = next + 1;
    if (c === '(' && this.ch(next + 1) === '(' && !this.holes.has(next + 1)) {
      this.pos++;
      this.withRefusal('in an arithmetic expansion $((...))', () => this.scanExpansion('arith', 'bare', 2));
    } else if (c === '(') this.nested();
    else if (c === '{')
      this.withRefusal(`in a parameter expansion \${...}`, () => this.scanExpansion('param', mode, 1));
    else if (c === '[') this.withRefusal('in an arithmetic expansion $[...]', () => this.scanExpansion('[', 'bare', 1));
    else if (c === "'" && mode === 'bare') {
      this.pos = next;
      this.withRefusal("in an ANSI-C string $'...'", () => this.single(true));
    } else if (c === '"' && mode === 'bare') this.withRefusal('in a $"..." locale string', () => this.quoted('double'));
    else if (c === '' || !SPECIAL_PARAMETERS.includes(c)) this.pos = next;
  }

  /** A `$(...)` or `<(...)` body (after its opening): a command list with its own quoting. */
  private nested(): void {
    const index = this.sink.order.length;
    const saved = this.cmd;
    const code = this.commandRefusal(this.pos);
    this.cmd = newCommand();
    const closed = this.withRefusal(code, () => this.lexList(true));
    this.cmd = saved;
    this.substituted(index);
    if (!closed) this.refuseSince(index, 'in an unterminated $(...) command substitution');
  }

  /** Holes in a substitution just read feed its output to the current word: a `[[ ]]` test may evaluate it. */
  private substituted(index: number): void {
    this.cmd.cond?.holes.push(...this.sink.order.slice(index));
  }

  /** A `` `...` `` command substitution: its text, with `\$ \` \\` (and `\"` inside double quotes) unescaped. */
  private backquote(mode: Mode): void {
    const index = this.sink.order.length;
    let text = '';
    const map: number[] = [];
    const holes = new Set<number>();
    let i = this.pos + 1;
    for (; i < this.end && (this.ch(i) !== '`' || this.holes.has(i)); i++) {
      const next = this.ch(i + 1);
      const escaped = next !== '' && ('$`\\'.includes(next) || (mode === 'double' && next === '"'));
      if (this.ch(i) === '\\' && escaped && !this.holes.has(i + 1) && !this.holes.has(i)) i++;
      if (this.holes.has(i)) holes.add(text.length);
      text += this.ch(i);
      map.push(this.offset(i));
    }
    this.withRefusal(this.commandRefusal(this.pos), () => this.sub(text, holes, 0, text.length, map).lexList(false));
    this.substituted(index);
    this.pos = Math.min(i + 1, this.end);
    if (i >= this.end) this.refuseSince(index, 'in an unterminated `...` command substitution');
  }

  /** Skips a `${...}` (kind `param`), `$((...))`/`((...))` (`arith`) or `$[...]` (`[`) after its opening. */
  private scanExpansion(kind: 'param' | 'arith' | '[', mode: Mode, depth: number): void {
    const index = this.sink.order.length;
    const [open, close] = kind === 'param' ? ['', '}'] : kind === 'arith' ? ['(', ')'] : ['[', ']'];
    let level = depth;
    while (this.pos < this.end) {
      const c = this.ch(this.pos);
      if (this.holes.has(this.pos)) {
        this.record(this.pos, { kind: 'bare' });
        this.pos++;
      } else if (c === open || c === close) {
        level += c === open ? 1 : -1;
        this.pos++;
        if (level === 0) return;
      } else if (c === "'" && mode !== 'bare') {
        this.sink.poison ??= `after a quote inside \${...} within double quotes, which sh and bash read differently`;
        this.pos++;
      } else if (c === "'") this.single();
      else if (c === '"') {
        this.pos++;
        this.quoted('double');
      } else this.expansionChar(c, mode);
    }
    this.refuseSince(index, kind === 'param' ? `in an unterminated \${...}` : 'in an unterminated arithmetic');
  }
}

/**
 * Classifies each hole of `text` (offsets in `holes`, one character each, read as part of a word) by
 * the quoting around it, lexing like POSIX sh and bash: quotes, escapes, `$(...)`, backquotes, `${...}`,
 * arithmetic, here-documents (several per line), comments and `case` patterns. `rules` refuse holes
 * that a command would run as code. Every hole gets a place; those the lexer cannot classify with
 * confidence are `refused`. Never throws.
 */
export function classifyShellHoles(
  text: string,
  holes: ReadonlySet<number>,
  rules: ShellCommandRules,
): Map<number, ShellPlace> {
  const sink: Sink = { places: new Map(), order: [] };
  new Lexer(text, holes, sink, rules, 0, text.length).lexList(false);
  for (const offset of holes) {
    if (!sink.places.has(offset)) sink.places.set(offset, refused('in a place the shell lexer could not classify'));
  }
  return sink.places;
}
