// A small TOML line scanner that records where every key (and array element) of a document is:
// smol-toml returns plain values without positions, diagnostics need line and column.
import type { SourceLocation } from '@skill/workflow-model';
import { LineIndex } from './text-position.js';
import { impossibleDate, unescapeBasic } from './toml-values.js';

/** A path of keys and array indexes, e.g. `['steps', 2, 'retry', 'backoff']`. */
export type KeyPath = readonly (string | number)[];

/** Line and column (1-based, the column in code points) of a key or element. */
export interface Position {
  line: number;
  column: number;
}

/** A date value that no calendar has, where it is and why. */
export interface InvalidDate extends Position {
  message: string;
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const SCALAR_END = new Set([',', ']', '}', '#', '\n', '\r']);

/** One key of the document: its position, the current index when it names an array of tables, its children. */
class PathNode {
  position: Position | undefined;
  arrayIndex: number | undefined;
  #children: Map<string | number, PathNode> | undefined;

  child(key: string | number): PathNode | undefined {
    return this.#children?.get(key);
  }

  childOrNew(key: string | number): PathNode {
    this.#children ??= new Map();
    let node = this.#children.get(key);
    if (!node) {
      node = new PathNode();
      this.#children.set(key, node);
    }
    return node;
  }

  /** The node at `path` below this one, if any. */
  find(path: KeyPath): PathNode | undefined {
    let node: PathNode | undefined = this;
    for (const key of path) {
      node = node.child(key);
      if (!node) return undefined;
    }
    return node;
  }

  /** The node at `path` below this one, created as needed. */
  make(path: KeyPath): PathNode {
    let node: PathNode = this;
    for (const key of path) node = node.childOrNew(key);
    return node;
  }
}

/** Positions of the keys of one TOML document. Build it with {@link SourceMap.scan}. */
export class SourceMap {
  readonly #root = new PathNode();

  /** Scans `text` (which must already be valid TOML) and records the position of each key path. */
  static scan(text: string): SourceMap {
    const map = new SourceMap();
    const scanner = new Scanner(text, map.#root);
    scanner.run();
    map.invalidDates = scanner.invalidDates;
    return map;
  }

  /** Date values that are not calendar dates (`1985-02-30`), which the TOML library accepts. */
  invalidDates: readonly InvalidDate[] = [];

  /** The exact position of `path`, if it was recorded. */
  get(path: KeyPath): Position | undefined {
    return this.#root.find(path)?.position;
  }

  /**
   * The position of `path`, or of its nearest recorded ancestor. Keys normalised by the parser
   * (`timeout_ms`, `memory_limit_bytes`) are mapped back to their TOML spelling.
   */
  locate(path: KeyPath): Position | undefined {
    for (let end = path.length; end > 0; end--) {
      const prefix = path.slice(0, end);
      const found = this.get(prefix);
      if (found) return found;
      const last = prefix[end - 1];
      if (typeof last === 'string') {
        const raw = last.replace(/_(ms|bytes)$/, '');
        const alias = raw !== last ? this.get([...prefix.slice(0, end - 1), raw]) : undefined;
        if (alias) return alias;
      }
    }
    return undefined;
  }
}

/** Builds a {@link SourceLocation} for `path`, falling back to line 1, column 1. */
export function locationIn(map: SourceMap | undefined, path: KeyPath, file?: string): SourceLocation {
  const found = map?.locate(path) ?? { line: 1, column: 1 };
  return file === undefined ? { line: found.line, column: found.column } : { file, ...found };
}

class Scanner {
  #pos = 0;
  readonly #lines: LineIndex;
  /** Impossible calendar dates among the values, in file order. */
  readonly invalidDates: InvalidDate[] = [];
  constructor(
    private readonly text: string,
    private readonly root: PathNode,
  ) {
    this.#lines = new LineIndex(text);
  }

  run(): void {
    let table: (string | number)[] = [];
    while (this.#pos < this.text.length) {
      const before = this.#pos;
      this.#skipSpaces();
      const c = this.text[this.#pos];
      if (c === '#') this.#skipComment();
      else if (c === '[') table = this.#header();
      else if (c !== undefined && c !== '\n' && c !== '\r') this.#keyValue(table);
      this.#skipSpaces();
      if (this.text[this.#pos] === '#') this.#skipComment();
      if (this.text[this.#pos] === '\r') this.#pos++;
      if (this.text[this.#pos] === '\n') this.#pos++;
      if (this.#pos === before) this.#pos++; // never loop without progress
    }
  }

  #record(path: KeyPath, offset: number): void {
    this.#recordAt(this.root.make(path), offset);
  }

  /** Sets `node`'s position to `offset`'s line and column, unless it has one (the first mention wins). */
  #recordAt(node: PathNode, offset: number): void {
    node.position ??= this.#lines.position(offset);
  }

  #header(): (string | number)[] {
    const start = this.#pos;
    const isArray = this.text.startsWith('[[', start);
    this.#pos += isArray ? 2 : 1;
    const keys = this.#dottedKey();
    this.#skipSpaces();
    this.#pos += isArray ? 2 : 1;
    const path: (string | number)[] = [];
    let node = this.root;
    keys.forEach((key, i) => {
      path.push(key);
      node = node.childOrNew(key);
      this.#recordAt(node, start); // `[a.b]` creates `a` here too, unless it was mentioned before
      const current = node.arrayIndex;
      if (isArray && i === keys.length - 1) {
        const index = current === undefined ? 0 : current + 1;
        node.arrayIndex = index;
        path.push(index);
        node = node.childOrNew(index);
      } else if (current !== undefined) {
        path.push(current);
        node = node.childOrNew(current);
      }
    });
    this.#recordAt(node, start);
    return path;
  }

  #keyValue(prefix: readonly (string | number)[]): void {
    const start = this.#pos;
    const keys = this.#dottedKey();
    const path = [...prefix];
    for (const key of keys) {
      path.push(key);
      this.#record(path, start);
    }
    this.#skipSpaces();
    if (this.text[this.#pos] === '=') this.#pos++;
    this.#skipSpaces();
    this.#value(path);
  }

  #dottedKey(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.#skipSpaces();
      keys.push(this.#key());
      this.#skipSpaces();
      if (this.text[this.#pos] !== '.') return keys;
      this.#pos++;
    }
  }

  #key(): string {
    const c = this.text[this.#pos];
    if (c === '"') return this.#basicString();
    if (c === "'") return this.#literalString();
    const start = this.#pos;
    while (this.#pos < this.text.length && BARE_KEY.test(this.text[this.#pos] ?? '')) this.#pos++;
    return this.text.slice(start, this.#pos);
  }

  #value(path: (string | number)[]): void {
    const text = this.text;
    if (text.startsWith('"""', this.#pos) || text.startsWith("'''", this.#pos)) this.#multilineString();
    else if (text[this.#pos] === '"') this.#basicString();
    else if (text[this.#pos] === "'") this.#literalString();
    else if (text[this.#pos] === '{') this.#inlineTable(path);
    else if (text[this.#pos] === '[') this.#array(path);
    else {
      const start = this.#pos;
      while (this.#pos < text.length && !SCALAR_END.has(text[this.#pos] ?? '')) this.#pos++;
      this.#checkDate(start);
    }
  }

  /** smol-toml rolls impossible dates over (1985-02-30 becomes March 2nd): the scanner refuses them. */
  #checkDate(start: number): void {
    const problem = impossibleDate(this.text.slice(start, start + 10));
    if (problem) this.invalidDates.push({ ...this.#lines.position(start), message: problem });
  }

  #inlineTable(path: (string | number)[]): void {
    this.#items('}', () => this.#keyValue(path));
  }

  #array(path: (string | number)[]): void {
    let index = 0;
    this.#items(']', () => {
      const element = [...path, index++];
      this.#record(element, this.#pos);
      this.#value(element);
    });
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
    const start = ++this.#pos;
    while (this.#pos < this.text.length && this.text[this.#pos] !== '"' && this.text[this.#pos] !== '\n') {
      this.#pos += this.text[this.#pos] === '\\' ? 2 : 1;
    }
    const raw = this.text.slice(start, this.#pos);
    this.#pos++;
    return unescapeBasic(raw);
  }

  #literalString(): string {
    const start = ++this.#pos;
    const end = this.text.indexOf("'", start);
    this.#pos = end < 0 ? this.text.length : end + 1;
    return this.text.slice(start, end < 0 ? this.text.length : end);
  }

  #multilineString(): void {
    const quote = this.text.slice(this.#pos, this.#pos + 3);
    const escapes = quote === '"""';
    this.#pos += 3;
    while (this.#pos < this.text.length) {
      if (escapes && this.text[this.#pos] === '\\') this.#pos += 2;
      else if (this.text.startsWith(quote, this.#pos)) {
        this.#pos += 3;
        // up to two more quote characters belong to the content (`""""` ends with one quote)
        for (let extra = 0; extra < 2 && this.text[this.#pos] === quote[0]; extra++) this.#pos++;
        return;
      } else this.#pos++;
    }
  }

  #skipSpaces(): void {
    while (this.text[this.#pos] === ' ' || this.text[this.#pos] === '\t') this.#pos++;
  }

  #skipComment(): void {
    while (this.#pos < this.text.length && this.text[this.#pos] !== '\n') this.#pos++;
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
