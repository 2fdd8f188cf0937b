// Where the keys (and array elements) of a TOML document are: smol-toml returns plain values without
// positions, diagnostics need line and column. Tables are located by one scan up front (steps and inputs
// carry their location); every other key by a second scan, made only when a diagnostic asks for one.
import type { SourceLocation } from '@skill/workflow-model';
import { PathNode } from './path-node.js';
import { Scanner } from './source-scanner.js';
import { LineIndex } from './text-position.js';

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

/** Positions of the keys of one TOML document. Build it with {@link SourceMap.scan}. */
export class SourceMap {
  readonly #text: string;
  readonly #lines: LineIndex;
  /** Tables, recorded by the first scan. */
  readonly #tables = new PathNode();
  /** Every key, recorded on first use. */
  #keys: PathNode | undefined;

  private constructor(text: string) {
    this.#text = text;
    this.#lines = new LineIndex(text);
  }

  /** Scans `text` (which must already be valid TOML) and records the position of each table. */
  static scan(text: string): SourceMap {
    const map = new SourceMap(text);
    const scanner = new Scanner(text, map.#tables, map.#lines, false);
    scanner.run();
    map.invalidDates = scanner.invalidDates;
    map.deepest = scanner.deepest;
    return map;
  }

  /** Date values that are not calendar dates (`1985-02-30`), which the TOML library accepts. */
  invalidDates: readonly InvalidDate[] = [];

  /**
   * How deep keys, tables and array elements nest (the top-level keys are at 1): never less than the exact
   * depth, so a document within a limit by this count is within it (an array in an array counts as unbounded).
   */
  deepest = 0;

  /** Every key's node, scanned the first time a key that is not a table is looked up. */
  #everyKey(): PathNode {
    if (this.#keys === undefined) {
      this.#keys = new PathNode();
      new Scanner(this.#text, this.#keys, this.#lines, true).run();
    }
    return this.#keys;
  }

  /** The exact position of `path`, if it was recorded. */
  get(path: KeyPath): Position | undefined {
    const offset = this.#tables.offsetOf(path) ?? this.#everyKey().offsetOf(path);
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
