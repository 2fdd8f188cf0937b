// The TOML scanner behind SourceMap: records where keys and array elements are first mentioned, and finds
// impossible calendar dates. A table scan records only tables (and the arrays that hold them): what step and
// input locations need; a key scan records every key and element, for diagnostics.
import type { PathNode } from './path-node.js';
import type { InvalidDate } from './source-map.js';
import type { LineIndex } from './text-position.js';
import { basicStringEnd, literalStringEnd, multilineStringEnd } from './toml-strings.js';
import { impossibleDate, unescapeBasic } from './toml-values.js';

/** True for a character of a bare TOML key: A-Z a-z 0-9 _ - (a char code; NaN past the end is false). */
function isBareKeyChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code === 0x2d
  );
}

/** True for a character that ends a scalar value: `,` `]` `}` `#`, newline, carriage return. */
function endsScalar(code: number): boolean {
  return code === 0x2c || code === 0x5d || code === 0x7d || code === 0x23 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Records key offsets into the tree below `root`, carrying the node of the current table (no key paths built).
 * With `everyKey` false only tables are recorded: a key whose value is a scalar (or an array of scalars) is
 * skipped, which leaves the offset of every table as the key scan has it (valid TOML never makes a key that
 * holds a scalar a table later).
 */
export class Scanner {
  #pos = 0;
  readonly #keys = new Map<string, string>();
  /** The key part last skipped by {@link Scanner.#skipKeyPart}: its span and quote (0 for a bare key). */
  #keyFrom = 0;
  #keyTo = 0;
  #keyQuote = 0;
  /** The bare key {@link Scanner.#key} read last. */
  #lastKey = '';
  /** Impossible calendar dates among the values, in file order. */
  readonly invalidDates: InvalidDate[] = [];
  /**
   * Of a table scan: the deepest nesting of a key, table or array element (the top-level keys are at 1), never
   * less than the document's (an array in an array counts as unbounded).
   */
  deepest = 0;
  /** The depth of the table the last header opened. */
  #headerDepth = 0;
  constructor(
    private readonly text: string,
    private readonly root: PathNode,
    private readonly lines: LineIndex,
    private readonly everyKey: boolean,
  ) {}

  run(): void {
    let table = this.root;
    let depth = 0;
    while (this.#pos < this.text.length) {
      const before = this.#pos;
      this.#skipSpaces();
      const c = this.text[this.#pos];
      if (c === '#') this.#skipComment();
      else if (c === '[') {
        table = this.#header();
        depth = this.#headerDepth;
        this.#reach(depth + 1);
      } else if (c !== undefined && c !== '\n' && c !== '\r') {
        if (this.everyKey) this.#keyValue(table);
        else this.#tableKeyValue(table, depth);
      }
      this.#skipSpaces();
      if (this.text[this.#pos] === '#') this.#skipComment();
      if (this.text[this.#pos] === '\r') this.#pos++;
      if (this.text[this.#pos] === '\n') this.#pos++;
      if (this.#pos === before) this.#pos++; // never loop without progress
    }
  }

  /** One copy of each key text (the same few keys repeat in every step). */
  #shared(key: string): string {
    const known = this.#keys.get(key);
    if (known !== undefined) return known;
    this.#keys.set(key, key);
    return key;
  }

  /** Sets `node`'s offset, unless it has one (the first mention wins). */
  #recordAt(node: PathNode, offset: number): void {
    node.offset ??= offset;
  }

  /** Scans a `[table]` or `[[array]]` header; returns the node of the table it opens. */
  #header(): PathNode {
    const start = this.#pos;
    const isArray = this.text.startsWith('[[', start);
    this.#pos += isArray ? 2 : 1;
    let node = this.root;
    let depth = 0;
    for (;;) {
      node = node.childOrNew(this.#keyPart());
      depth++;
      this.#recordAt(node, start); // `[a.b]` creates `a` here too, unless it was mentioned before
      const last = !this.#dot();
      const current = node.arrayIndex;
      if (isArray && last) {
        const index = current === undefined ? 0 : current + 1;
        node.arrayIndex = index;
        node = node.childOrNew(index);
        depth++;
      } else if (current !== undefined) {
        node = node.childOrNew(current);
        depth++;
      }
      if (last) break;
    }
    this.#pos += isArray ? 2 : 1;
    this.#recordAt(node, start);
    this.#headerDepth = depth;
    return node;
  }

  #keyValue(table: PathNode): void {
    const start = this.#pos;
    let parent = table;
    let key = this.#keyPart();
    while (this.#dot()) {
      parent = parent.childOrNew(key);
      this.#recordAt(parent, start);
      key = this.#keyPart();
    }
    parent.recordChild(key, start);
    if (this.text[this.#pos] === '=') this.#pos++;
    this.#skipSpaces();
    this.#value(parent, key);
  }

  /** Notes that something is nested `depth` levels deep. */
  #reach(depth: number): void {
    if (depth > this.deepest) this.deepest = depth;
  }

  /**
   * {@link Scanner.#keyValue} of a table scan (in a table `depth` levels deep): the key's text is only read
   * when it names a table.
   */
  #tableKeyValue(table: PathNode, depth: number): void {
    const start = this.#pos;
    let parent = table;
    let keyDepth = depth + 1;
    this.#skipKeyPart();
    while (this.#dot()) {
      parent = parent.childOrNew(this.#keyText(this.#keyFrom, this.#keyTo, this.#keyQuote));
      this.#recordAt(parent, start);
      this.#skipKeyPart();
      keyDepth++;
    }
    this.#reach(keyDepth);
    if (this.text[this.#pos] === '=') this.#pos++;
    this.#skipSpaces();
    const code = this.text.charCodeAt(this.#pos);
    if (code === 0x7b) {
      const node = parent.childOrNew(this.#keyText(this.#keyFrom, this.#keyTo, this.#keyQuote));
      this.#recordAt(node, start);
      this.#tableInlineTable(node, keyDepth);
    } else if (code === 0x5b) this.#tableArray(parent, this.#keyFrom, this.#keyTo, this.#keyQuote, start, keyDepth);
    else this.#skipLeaf();
  }

  /** One part of a dotted key, spaces before it skipped. */
  #keyPart(): string {
    this.#skipSpaces();
    return this.#key();
  }

  /** Skips one part of a dotted key (spaces before it too), leaving its span in `#keyFrom`/`#keyTo`/`#keyQuote`. */
  #skipKeyPart(): void {
    this.#skipSpaces();
    const text = this.text;
    const code = text.charCodeAt(this.#pos);
    if (code === 0x22) {
      this.#keyFrom = this.#pos + 1;
      this.#pos = basicStringEnd(this.text, this.#pos);
      this.#keyTo = this.#pos - 1;
    } else if (code === 0x27) {
      const from = this.#pos + 1;
      const end = text.indexOf("'", from);
      this.#keyFrom = from;
      this.#keyTo = end < 0 ? text.length : end;
      this.#pos = end < 0 ? text.length : end + 1;
    } else {
      this.#keyFrom = this.#pos;
      while (isBareKeyChar(text.charCodeAt(this.#pos))) this.#pos++;
      this.#keyTo = this.#pos;
    }
    this.#keyQuote = Number.isNaN(code) || (code !== 0x22 && code !== 0x27) ? 0 : code;
  }

  /** The text of a key part skipped by {@link Scanner.#skipKeyPart}, as {@link Scanner.#key} reads it. */
  #keyText(from: number, to: number, quote: number): string {
    const raw = this.text.slice(from, to);
    return quote === 0x22 ? unescapeBasic(raw) : quote === 0 ? this.#shared(raw) : raw;
  }

  /** Skips spaces, then a `.` between key parts if there is one (true then). */
  #dot(): boolean {
    this.#skipSpaces();
    if (this.text.charCodeAt(this.#pos) !== 0x2e) return false;
    this.#pos++;
    return true;
  }

  #key(): string {
    const c = this.text[this.#pos];
    if (c === '"') return this.#basicString();
    if (c === "'") return this.#literalString();
    const text = this.text;
    const start = this.#pos;
    while (isBareKeyChar(text.charCodeAt(this.#pos))) this.#pos++;
    const last = this.#lastKey; // `[[steps]]` again: no new string
    if (last.length === this.#pos - start && text.startsWith(last, start)) return last;
    this.#lastKey = this.#shared(text.slice(start, this.#pos));
    return this.#lastKey;
  }

  /** Scans the value of `parent`'s child `key`; only tables and arrays need that child's node. */
  #value(parent: PathNode, key: string | number): void {
    const code = this.text.charCodeAt(this.#pos);
    if (code === 0x7b) this.#inlineTable(parent.childOrNew(key));
    else if (code === 0x5b) this.#array(parent.childOrNew(key));
    else this.#skipLeaf();
  }

  /** Moves past a string, number, boolean or date (checking the date). */
  #skipLeaf(): void {
    const text = this.text;
    const code = text.charCodeAt(this.#pos);
    if (text.startsWith('"""', this.#pos) || text.startsWith("'''", this.#pos))
      this.#pos = multilineStringEnd(this.text, this.#pos);
    else if (code === 0x22) this.#pos = basicStringEnd(this.text, this.#pos);
    else if (code === 0x27) {
      this.#pos = literalStringEnd(text, this.#pos);
    } else {
      const start = this.#pos;
      while (this.#pos < text.length && !endsScalar(text.charCodeAt(this.#pos))) this.#pos++;
      this.#checkDate(start);
    }
  }

  /** smol-toml rolls impossible dates over (1985-02-30 becomes March 2nd): the scanner refuses them. */
  #checkDate(start: number): void {
    const text = this.text;
    if (text.charCodeAt(start + 4) !== 0x2d || !isDigit(text.charCodeAt(start))) return; // not `YYYY-`
    const problem = impossibleDate(text.slice(start, start + 10));
    if (problem) this.invalidDates.push({ ...this.lines.position(start), message: problem });
  }

  #inlineTable(node: PathNode): void {
    this.#items('}', () => this.#keyValue(node));
  }

  #array(node: PathNode): void {
    let index = 0;
    this.#items(']', () => {
      const element = index++;
      node.recordChild(element, this.#pos);
      this.#value(node, element);
    });
  }

  /** {@link Scanner.#inlineTable} of a table scan. */
  #tableInlineTable(node: PathNode, depth: number): void {
    const text = this.text;
    this.#pos++;
    while (this.#pos < text.length) {
      this.#skipBlank();
      const code = text.charCodeAt(this.#pos);
      if (code === 0x7d) {
        this.#pos++;
        return;
      }
      if (code === 0x2c) {
        this.#pos++;
        continue;
      }
      const before = this.#pos;
      this.#tableKeyValue(node, depth);
      if (this.#pos === before) this.#pos++;
    }
  }

  /**
   * {@link Scanner.#array} of a table scan: the array's node (key span `from`-`to`, first mentioned at
   * `offset`) is only made when an element is a table or an array; those are scanned key by key.
   */
  #tableArray(parent: PathNode, from: number, to: number, quote: number, offset: number, depth: number): void {
    const text = this.text;
    let node: PathNode | undefined;
    let index = 0;
    this.#pos++;
    while (this.#pos < text.length) {
      this.#skipBlank();
      const code = text.charCodeAt(this.#pos);
      if (code === 0x5d) {
        this.#pos++;
        return;
      }
      if (code === 0x2c) {
        this.#pos++;
        continue;
      }
      const before = this.#pos;
      const element = index++;
      this.#reach(depth + 1);
      if (code === 0x7b || code === 0x5b) {
        if (node === undefined) {
          node = parent.childOrNew(this.#keyText(from, to, quote));
          this.#recordAt(node, offset);
        }
        const child = node.childOrNew(element);
        this.#recordAt(child, before);
        if (code === 0x7b) this.#tableInlineTable(child, depth + 1);
        else {
          this.#array(child); // an array in an array (rare): every element recorded
          this.#reach(Number.POSITIVE_INFINITY); // and its depth left to the exact walk
        }
      } else this.#skipLeaf();
      if (this.#pos === before) this.#pos++;
    }
  }

  /** Scans from an opening `{` or `[` to its `close`, calling `item` at each item (commas skipped; always advancing). */
  #items(close: '}' | ']', item: () => void): void {
    this.#pos++;
    while (this.#pos < this.text.length) {
      this.#skipBlank();
      const c = this.text[this.#pos];
      if (c === close) {
        this.#pos++;
        return;
      }
      if (c === ',') {
        this.#pos++;
        continue;
      }
      const before = this.#pos;
      item();
      if (this.#pos === before) this.#pos++;
    }
  }

  #basicString(): string {
    const start = this.#pos + 1;
    this.#pos = basicStringEnd(this.text, this.#pos);
    return unescapeBasic(this.text.slice(start, this.#pos - 1));
  }

  #literalString(): string {
    const start = this.#pos + 1;
    const close = this.text.indexOf("'", start);
    this.#pos = literalStringEnd(this.text, this.#pos);
    return this.text.slice(start, close < 0 ? this.text.length : close);
  }

  #skipSpaces(): void {
    const text = this.text;
    let pos = this.#pos;
    for (let code = text.charCodeAt(pos); code === 0x20 || code === 0x09; code = text.charCodeAt(pos)) pos++;
    this.#pos = pos;
  }

  #skipComment(): void {
    const end = this.text.indexOf('\n', this.#pos);
    this.#pos = end < 0 ? this.text.length : end;
  }

  /** Whitespace, newlines and comments (allowed inside arrays and, in TOML 1.1, inline tables). */
  #skipBlank(): void {
    for (;;) {
      const c = this.text[this.#pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.#pos++;
      else if (c === '#') this.#skipComment();
      else return;
    }
  }
}
