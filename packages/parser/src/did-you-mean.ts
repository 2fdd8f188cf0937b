// "Did you mean" suggestions: the closest allowed name by a bounded edit distance (with transpositions),
// cheap on hostile input: long words get none, only candidates of similar length are compared (at most
// MAX_COMPARED per word), each comparison is banded and stops once past the allowed distance, and a
// budget shared by one validation caps the total work.

import { quoteText } from '@skill/workflow-model';

/** Words and candidates longer than this get no suggestion. */
export const MAX_SUGGESTED_LENGTH = 64;
/** The largest edit distance a suggestion may have, whatever the word's length. */
const MAX_DISTANCE = 6;
/** At most this many candidates are compared per word (nearest lengths first). */
const MAX_COMPARED = 200;
/** Edit-distance cells one validation may compute in total (a few milliseconds of work). */
const DEFAULT_BUDGET_CELLS = 1_000_000;

/** The work left to one validation's suggestions; share one between every suggester of a validation. */
export interface SuggestionBudget {
  /** Edit-distance cells still allowed; suggestions stop when it reaches 0. */
  cells: number;
}

/** A fresh budget for one validation. */
export function suggestionBudget(cells = DEFAULT_BUDGET_CELLS): SuggestionBudget {
  return { cells };
}

/** Scratch rows of {@link boundedDistance}, reused (the function is synchronous). */
const rows = [0, 1, 2].map(() => new Int32Array(MAX_SUGGESTED_LENGTH + 2));
/** Work charged per comparison on top of its cells (setting up the rows). */
const COMPARISON_COST = 8;

/**
 * Optimal-string-alignment distance between `a` and `b` if it is at most `limit`, else `limit + 1`.
 * Only the diagonal band of width `2 * limit + 1` is computed; the cells computed are taken from `budget`.
 * Strings longer than {@link MAX_SUGGESTED_LENGTH} are never compared (the answer is `limit + 1`).
 */
export function boundedDistance(a: string, b: string, limit: number, budget: SuggestionBudget): number {
  const beyond = limit + 1;
  if (Math.abs(a.length - b.length) > limit || a.length > MAX_SUGGESTED_LENGTH || b.length > MAX_SUGGESTED_LENGTH) {
    return beyond;
  }
  budget.cells -= COMPARISON_COST;
  const width = b.length + 1;
  let [twoBack, previous, row] = rows as [Int32Array, Int32Array, Int32Array];
  twoBack.fill(beyond, 0, width);
  for (let j = 0; j < width; j++) previous[j] = j <= limit ? j : beyond;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    row.fill(beyond, 0, width);
    row[0] = i <= limit ? i : beyond;
    let rowMinimum = row[0] as number;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (twoBack[j - 2] as number) + 1);
      }
      row[j] = d;
      if (d < rowMinimum) rowMinimum = d;
    }
    budget.cells -= to - from + 1;
    if (rowMinimum > limit) return beyond;
    [twoBack, previous, row] = [previous, row, twoBack];
  }
  return Math.min(previous[b.length] as number, beyond);
}

/** Options of {@link NameSuggester}. */
export interface SuggesterOptions {
  /** Shared work budget (one per validation); a private one by default. */
  budget?: SuggestionBudget;
  /** The smallest distance allowed for short words (default 2; 0 suggests nothing for words under 3 characters). */
  minDistance?: number;
}

/** Suggests, for words not among `candidates`, the closest candidate (case-insensitive). Build once, ask often. */
export class NameSuggester {
  readonly #byLength = new Map<number, { name: string; lower: string }[]>();
  readonly #budget: SuggestionBudget;
  readonly #minDistance: number;

  constructor(candidates: Iterable<string>, options: SuggesterOptions = {}) {
    this.#budget = options.budget ?? suggestionBudget();
    this.#minDistance = options.minDistance ?? 2;
    for (const name of candidates) {
      if (name.length > MAX_SUGGESTED_LENGTH) continue;
      let bucket = this.#byLength.get(name.length);
      if (!bucket) {
        bucket = [];
        this.#byLength.set(name.length, bucket);
      }
      bucket.push({ name, lower: name.toLowerCase() });
    }
  }

  /** The candidate closest to `word`, or undefined when none is close enough (or the budget is spent). */
  closest(word: string): string | undefined {
    if (word.length === 0 || word.length > MAX_SUGGESTED_LENGTH) return undefined;
    const lower = word.toLowerCase();
    const allowed = Math.min(MAX_DISTANCE, Math.max(this.#minDistance, Math.floor(word.length / 3)), word.length - 1);
    let best: string | undefined;
    let bestDistance = allowed + 1;
    let compared = 0;
    for (let offset = 0; offset < bestDistance; offset++) {
      for (const length of offset === 0 ? [word.length] : [word.length - offset, word.length + offset]) {
        for (const candidate of this.#byLength.get(length) ?? []) {
          if (compared++ >= MAX_COMPARED || this.#budget.cells <= 0) return best;
          const distance = boundedDistance(lower, candidate.lower, bestDistance - 1, this.#budget);
          if (distance < bestDistance) {
            best = candidate.name;
            bestDistance = distance;
          }
        }
      }
    }
    return best;
  }
}

/** The candidate closest to `word` (case-insensitive), or undefined when none is close enough. */
export function closestName(
  word: string,
  candidates: Iterable<string>,
  options?: SuggesterOptions,
): string | undefined {
  return new NameSuggester(candidates, options).closest(word);
}

/** A hint string: `did you mean "x"?` when a candidate is close, else the list of allowed names. */
export function suggestName(
  word: string,
  candidates: readonly string[],
  what = 'allowed keys',
  budget?: SuggestionBudget,
): string {
  const closest = closestName(word, candidates, budget ? { budget } : {});
  return closest ? `did you mean ${quoteText(closest)}?` : `${what}: ${candidates.join(', ')}`;
}
