// The output budget of one execution: step outputs are kept in memory (templates read them) and in the
// store, so their total is bounded. A step whose result would go over fails with OUTPUT_TOO_LARGE.
import type { StepResult } from '@skill/workflow-model';
import { WorkflowError } from '@skill/workflow-model';

/** Default total of the outputs (and metadata) one execution keeps: 64 MiB. */
export const DEFAULT_EXECUTION_OUTPUT_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * Approximate size of a JSON-like value (string lengths, 8 per number, keys and brackets), walked
 * iteratively, each object once; stops counting once past `cap`, so measuring a huge value costs at most `cap` work.
 */
export function approximateSize(value: unknown, cap = Number.POSITIVE_INFINITY): number {
  let size = 0;
  const stack: unknown[] = [value];
  const seen = new Set<object>(); // a value shared or referring to itself counts once
  while (stack.length > 0 && size <= cap) {
    const item = stack.pop();
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) continue;
      seen.add(item);
    }
    if (typeof item === 'string') size += item.length + 2;
    else if (typeof item === 'number' || typeof item === 'bigint') size += 8;
    else if (typeof item === 'boolean' || item === null || item === undefined) size += 4;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      if (size > cap) break;
      for (const element of item) stack.push(element);
    } else if (typeof item === 'object') {
      size += 2;
      for (const [key, element] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(element);
      }
    }
  }
  return size;
}

/** Counts what the steps of one execution keep, and refuses the result that would go over the budget. */
export class OutputBudget {
  #used = 0;

  constructor(readonly limitBytes: number = DEFAULT_EXECUTION_OUTPUT_BUDGET_BYTES) {}

  /** Bytes charged so far. */
  get used(): number {
    return this.#used;
  }

  /** Bytes still free: a step need not capture more than this (plus one, to know it went over). */
  get remaining(): number {
    return Math.max(0, this.limitBytes - this.#used);
  }

  /** Charges `result` to the execution; throws `OUTPUT_TOO_LARGE` (not retryable) when it does not fit. */
  charge(result: StepResult, stepId: string): void {
    const left = this.limitBytes - this.#used;
    const size = approximateSize([result.output, result.metadata ?? null], left);
    if (size > left) {
      throw new WorkflowError(
        'OUTPUT_TOO_LARGE',
        `step "${stepId}": its output would bring the outputs kept by this execution over the budget of ${this.limitBytes} bytes (${this.#used} used)`,
        { stepId, budgetBytes: this.limitBytes, usedBytes: this.#used, retryable: false },
      );
    }
    this.#used += size;
  }
}
