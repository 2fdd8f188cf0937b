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
const SCALAR_END = new Set([',', ']', '}', '#', '\n', '\r']);
/** Named children a node looks up by a linear search; more go into a Map. */
const MAX_PAIRS = 8;

/** A child of a {@link PathNode}: its node, or only its offset while it has no children (most keys). */
type Child = PathNode | number;

/**
 * One key of the document: the offset of its first mention (turned into line and column only when
 * asked for), the current index when it names an array of tables, its children.
 */
class PathNode {
  offset: number | undefined;
  arrayIndex: number | undefined;
  /** Children by key: key, child, key, child... while there are few (a step has a handful), then a Map. */
  #named: (string | Child)[] | Map<string, Child> | undefined;
  /** Children by array index. */
  #items: Child[] | undefined;

  child(key: string | number): Child | undefined {
    if (typeof key === 'number') return this.#items?.[key];
    const named = this.#named;
    if (named === undefined) return undefined;
    if (named instanceof Map) return named.get(key);
    for (let i = 0; i < named.length; i += 2) if (named[i] === key) return named[i + 1] as Child;
    return undefined;
  }

  #set(key: string | number, child: Child): void {
    if (typeof key === 'number') {
      if (this.#items === undefined) {
        this.#items = key === 0 ? [child] : []; // exactly sized for the usual one-element array
      }
      this.#items[key] = child;
      return;
    }
    const named = this.#named;
    if (named === undefined) this.#named = [key, child];
    else if (named instanceof Map) named.set(key, child);
    else {
      for (let i = 0; i < named.length; i += 2) {
        if (named[i] !== key) continue;
        named[i + 1] = child;
        return;
      }
      if (named.length < 2 * MAX_PAIRS) {
        this.#named = [...named, key, child]; // exactly sized: these arrays live as long as the map
        return;
      }
      const map = new Map<string, Child>();
      for (let i = 0; i < named.length; i += 2) map.set(named[i] as string, named[i + 1] as Child);
      map.set(key, child);
      this.#named = map;
    }
  }

  /** The child node at `key`, created (keeping the offset already recorded for it) as needed. */
  childOrNew(key: string | number): PathNode {
    const found = this.child(key);
    if (found instanceof PathNode) return found;
    const node = new PathNode();
    if (found !== undefined) node.offset = found;
    this.#set(key, node);
    return node;
  }

  /** Records `offset` for the child at `key`, unless it has one (the first mention wins). */
  recordChild(key: string | number, offset: number): void {
    const found = this.child(key);
    if (found === undefined) this.#set(key, offset);
    else if (found instanceof PathNode) found.offset ??= offset;
  }

  /** The offset recorded for `path` below this node, if any. */
  offsetOf(path: KeyPath): number | undefined {
    let node: PathNode = this;
    for (let i = 0; i < path.length; i++) {
      const found = node.child(path[i] as string | number);
      if (found === undefined) return undefined;
      if (typeof found === 'number') return i === path.length - 1 ? found : undefined;
      node = found;
    }
    return node.offset;
  }
}

/** Positions of the keys of one TOML document. Build it with {@link SourceMap.scan}. */
export class SourceMap {
  readonly #root = new PathNode();
  readonly #lines: LineIndex;

  private constructor(text: string) {
    this.#lines = new LineIndex(text);
  }

  /** Scans `text` (which must already be valid TOML) and records the position of each key path. */
  static scan(text: string): SourceMap {
    const map = new SourceMap(text);
    const scanner = new Scanner(text, map.#root, map.#lines);
    scanner.run();
    map.invalidDates = scanner.invalidDates;
    return map;
  }

  /** Date values that are not calendar dates (`1985-02-30`), which the TOML library accepts. */
  invalidDates: readonly InvalidDate[] = [];

  /** The exact position of `path`, if it was recorded. */
  get(path: KeyPath): Position | undefined {
    const offset = this.#root.offsetOf(path);
    return offset === undefined ? undefined : this.#lines.position(offset);
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

/** Records key offsets into the tree below `root`, carrying the node of the current table (no key paths built). */
class Scanner {
  #pos = 0;
  readonly #keys = new Map<string, string>();
  /** Impossible calendar dates among the values, in file order. */
  readonly invalidDates: InvalidDate[] = [];
  constructor(
    private readonly text: string,
    private readonly root: PathNode,
    private readonly lines: LineIndex,
  ) {}

  run(): void {
    let table = this.root;
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
    for (;;) {
      node = node.childOrNew(this.#keyPart());
      this.#recordAt(node, start); // `[a.b]` creates `a` here too, unless it was mentioned before
      const last = !this.#dot();
      const current = node.arrayIndex;
      if (isArray && last) {
        const index = current === undefined ? 0 : current + 1;
        node.arrayIndex = index;
        node = node.childOrNew(index);
      } else if (current !== undefined) {
        node = node.childOrNew(current);
      }
      if (last) break;
    }
    this.#pos += isArray ? 2 : 1;
    this.#recordAt(node, start);
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

  /** One part of a dotted key, spaces before it skipped. */
  #keyPart(): string {
    this.#skipSpaces();
    return this.#key();
  }

  /** Skips spaces, then a `.` between key parts if there is one (true then). */
  #dot(): boolean {
    this.#skipSpaces();
    if (this.text[this.#pos] !== '.') return false;
    this.#pos++;
    return true;
  }

  #key(): string {
    const c = this.text[this.#pos];
    if (c === '"') return this.#basicString();
    if (c === "'") return this.#literalString();
    const start = this.#pos;
    while (isBareKeyChar(this.text.charCodeAt(this.#pos))) this.#pos++;
    return this.#shared(this.text.slice(start, this.#pos));
  }

  /** Scans the value of `parent`'s child `key`; only tables and arrays need that child's node. */
  #value(parent: PathNode, key: string | number): void {
    const text = this.text;
    if (text.startsWith('"""', this.#pos) || text.startsWith("'''", this.#pos)) this.#multilineString();
    else if (text[this.#pos] === '"') this.#skipBasicString();
    else if (text[this.#pos] === "'") this.#literalString();
    else if (text[this.#pos] === '{') this.#inlineTable(parent.childOrNew(key));
    else if (text[this.#pos] === '[') this.#array(parent.childOrNew(key));
    else {
      const start = this.#pos;
      while (this.#pos < text.length && !SCALAR_END.has(text[this.#pos] ?? '')) this.#pos++;
      this.#checkDate(start);
    }
  }

  /** smol-toml rolls impossible dates over (1985-02-30 becomes March 2nd): the scanner refuses them. */
  #checkDate(start: number): void {
    const problem = impossibleDate(this.text.slice(start, start + 10));
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
    this.#skipBasicString();
    return unescapeBasic(this.text.slice(start, this.#pos - 1));
  }

  /** Moves past a one-line basic string (from its opening quote to after its closing one). */
  #skipBasicString(): void {
    const text = this.text;
    let pos = this.#pos + 1;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === 0x22 || code === 0x0a || Number.isNaN(code)) break; // `"`, newline, end of text
      pos += code === 0x5c ? 2 : 1; // a backslash escapes the next character
    }
    this.#pos = pos + 1;
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
