// Offsets in a text to line and column, columns counted in code points (an emoji is one column, as an
// editor shows it), in O(log n) per lookup.
import type { Position } from './source-map.js';

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
/** A surrogate pair (matched left to right, as code units: a lone high surrogate is skipped). */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Line starts and astral characters of one text, for {@link LineIndex.position}. */
export class LineIndex {
  /** The offset each line starts at (a typed array: a long file's 100,000s of lines cost the collector nothing). */
  readonly #lineStarts: Int32Array;
  /** Offsets of the first half of each surrogate pair (one code point, two UTF-16 units). */
  readonly #pairs: number[] = [];

  constructor(text: string) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    this.#lineStarts = new Int32Array(lines);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#lineStarts[line++] = i + 1;
    if (!HIGH_SURROGATE.test(text)) return;
    SURROGATE_PAIR.lastIndex = 0;
    for (let m = SURROGATE_PAIR.exec(text); m; m = SURROGATE_PAIR.exec(text)) this.#pairs.push(m.index);
  }

  /** Line (1-based) and column (1-based, in code points) of a UTF-16 offset. */
  position(offset: number): Position {
    const line = lastAtOrBefore(this.#lineStarts, offset);
    const start = this.#lineStarts[line] ?? 0;
    const pairsBefore = countBelow(this.#pairs, offset) - countBelow(this.#pairs, start);
    return { line: line + 1, column: offset - start - pairsBefore + 1 };
  }
}

/** Index of the last element of sorted `values` that is <= `offset` (0 when none). */
function lastAtOrBefore(values: Int32Array, offset: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((values[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** How many elements of sorted `values` are < `offset`. */
function countBelow(values: readonly number[], offset: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] ?? 0) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Converts a 1-based UTF-16 column of `lineText` to a 1-based code-point column. */
export function codePointColumn(lineText: string, utf16Column: number): number {
  let column = 1;
  for (let i = 0; i < utf16Column - 1 && i < lineText.length; i++, column++) {
    const code = lineText.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < utf16Column - 1) i++;
  }
  return column + Math.max(0, utf16Column - 1 - lineText.length);
}
