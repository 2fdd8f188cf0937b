// Reports the Docker policy (model's dockerPolicyViolations, SEMANTICS.md "Docker policy") as located validation errors.
import { dockerPolicyViolations, parseMemory, type TrustBoundary } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import type { RawTable } from './field-readers.js';
import { formatPath } from './key-path.js';
import type { KeyPath } from './source-map.js';

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** `memory_limit` in bytes; a malformed size is the field reader's to report. */
function memoryBytes(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseMemory(value);
  } catch {
    return undefined;
  }
}

/**
 * Reports policy violations in a `[steps.docker]` or `[steps.inline_code]` table at `path`:
 * each is a POLICY_VIOLATION located at the offending key (or volume entry). Values of the wrong
 * type are left to the schema; values holding a `{template}` are checked again at run time. With a
 * `boundary` (the workflow's trust level, once known) its level's rules apply too; without, today's
 * rules for every level (run time applies the level's rules in any case).
 */
export function checkDockerPolicy(
  table: RawTable,
  path: KeyPath,
  sink: DiagnosticSink,
  boundary?: TrustBoundary,
): void {
  // the index in the table of each string volume (other values are the schema's to report)
  const volumeIndexes = (Array.isArray(table.volumes) ? table.volumes : []).flatMap((volume, index) =>
    typeof volume === 'string' ? [{ volume, index }] : [],
  );
  const violations = dockerPolicyViolations(
    {
      privileged: table.privileged === true,
      network: text(table.network),
      capAdd: strings(table.cap_add),
      devices: strings(table.devices),
      volumes: volumeIndexes.map((entry) => entry.volume),
      user: text(table.user),
      memoryBytes: memoryBytes(table.memory_limit),
      cpus: number(table.cpu_limit),
    },
    { boundary },
  );
  for (const violation of violations) {
    const index = violation.index === undefined ? [] : [volumeIndexes[violation.index]?.index ?? violation.index];
    const key = violation.field === 'memory_limit_bytes' ? 'memory_limit' : violation.field;
    const where = [...path, key, ...index];
    sink.error('POLICY_VIOLATION', where, `${formatPath(where)}: ${violation.message}`, violation.hint);
  }
}
