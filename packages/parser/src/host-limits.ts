// Warns about memory_limit / cpu_limit on steps that run as host processes (command, unsafe_native inline code): nothing enforces them there.
import { quoteText } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { type RawTable, subTable } from './field-readers.js';
import { formatPath } from './key-path.js';
import type { KeyPath } from './source-map.js';

const LIMIT_KEYS = ['memory_limit', 'cpu_limit'] as const;

/** Where limits may be set on a host-process step: the step itself and, for inline code, its table. */
function limitTables(raw: RawTable, type: string, path: KeyPath): { table: RawTable; at: KeyPath; what: string }[] {
  if (type === 'command') return [{ table: raw, at: path, what: 'a command step' }];
  const inline = subTable(raw, 'inline_code');
  if (type !== 'inline_code' || inline?.unsafe_native !== true) return [];
  const what = 'inline code with unsafe_native = true';
  return [
    { table: raw, at: path, what },
    { table: inline, at: [...path, 'inline_code'], what },
  ];
}

/**
 * Adds a LIMIT_NOT_ENFORCED warning, located at the key and naming the step, for each `memory_limit`
 * or `cpu_limit` of a step of type `type` that runs as a host process: limits apply to containers only.
 */
export function warnUnenforcedLimits(
  raw: RawTable,
  type: string,
  path: KeyPath,
  id: string | undefined,
  sink: DiagnosticSink,
): void {
  if (type !== 'command' && type !== 'inline_code') return; // the usual case: nothing to build
  for (const { table, at, what } of limitTables(raw, type, path)) {
    for (const key of LIMIT_KEYS) {
      if (table[key] === undefined) continue;
      const step = id === undefined ? 'this step' : `step ${quoteText(id)}`;
      const where = [...at, key];
      sink.add(
        'warning',
        'LIMIT_NOT_ENFORCED',
        where,
        `${step}: ${formatPath(where)} is not enforced: ${what} runs as a host process, and limits apply to containers only`,
        'remove it, or run the work in a container (docker_container, or inline_code without unsafe_native)',
      );
    }
  }
}
