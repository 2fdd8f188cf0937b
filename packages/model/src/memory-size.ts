// Memory sizes as workflow files write them ("512m", "512MB", "2g", "1024k"; binary units): parsed into bytes, formatted back.
import { quoteText } from './display-text.js';
import { WorkflowError } from './errors.js';

const KIB = 1024;
const UNIT_BYTES: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: KIB,
  kb: KIB,
  ki: KIB,
  kib: KIB,
  m: KIB ** 2,
  mb: KIB ** 2,
  mi: KIB ** 2,
  mib: KIB ** 2,
  g: KIB ** 3,
  gb: KIB ** 3,
  gi: KIB ** 3,
  gib: KIB ** 3,
  t: KIB ** 4,
  tb: KIB ** 4,
  ti: KIB ** 4,
  tib: KIB ** 4,
};
const SIZE = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/;

/** Human explanation of the accepted forms, reused in diagnostics. */
export const MEMORY_FORMS =
  'write a number with a unit (k, m, g, t; KB, MB, GB; binary) such as "512m", "512MB", "2g", or a number of bytes';

function invalid(value: unknown): WorkflowError {
  const shown = typeof value === 'string' ? quoteText(value) : String(value);
  return new WorkflowError('INVALID_MEMORY', `invalid memory size ${shown}: ${MEMORY_FORMS}`, {
    value,
    retryable: false,
  });
}

/**
 * Converts a memory size to bytes with binary units (`"512m"` and `"512MB"` are both 512 MiB, `"2g"` is
 * 2 GiB, `"1024k"` is 1 MiB); a bare number (or numeric string) is bytes. Anything else throws `INVALID_MEMORY`.
 *
 * @example
 * parseMemory('512m'); // 536_870_912
 */
export function parseMemory(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(value);
    return Math.round(value);
  }
  if (typeof value !== 'string') throw invalid(value);
  const match = SIZE.exec(value.trim());
  const factor = match ? UNIT_BYTES[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) throw invalid(value);
  const bytes = Number(match[1]) * factor;
  if (!Number.isFinite(bytes)) throw invalid(value);
  return Math.round(bytes);
}

/**
 * Writes a size in the largest whole binary unit, so it reads like the `memory_limit` a user wrote:
 * `67108864` -> `64 MiB`; `1536 MiB` stays in MiB; odd sizes in bytes.
 */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ];
  for (const [unit, size] of units) if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  return `${bytes} bytes`;
}
