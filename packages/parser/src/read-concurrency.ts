// Reads `[config] concurrency = { key, limit, on_conflict }`: the key template (its references are checked by core,
// which knows template syntax), the limit and what a new execution does when every slot is held.
import {
  CONCURRENCY_CONFLICTS,
  type ConcurrencyConfig,
  type ConcurrencyConflict,
  isJsonObject,
  MAX_CONCURRENCY_LIMIT,
  type SourceLocation,
} from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { numberField, type RawTable, stringField } from './field-readers.js';
import type { KeyPath } from './source-map.js';

/** The longest key template accepted (the resolved key is bounded separately, at run time). */
const MAX_KEY_TEMPLATE_LENGTH = 256;

/**
 * Reads `root.config.concurrency`; undefined when absent or wrong (each mistake reported at its key; types and
 * enums are the schema's too).
 */
export function readConcurrency(
  root: RawTable,
  sink: DiagnosticSink,
  locate: (path: KeyPath) => SourceLocation | undefined,
): ConcurrencyConfig | undefined {
  const config = root.config;
  if (!isJsonObject(config) || config.concurrency === undefined) return undefined;
  const path = ['config', 'concurrency'];
  const table = config.concurrency;
  if (!isJsonObject(table)) {
    sink.error('INVALID_VALUE', path, 'config.concurrency must be a table: { key = "deploy-{inputs.env}", limit = 1 }');
    return undefined;
  }
  const key = stringField(table, 'key');
  if (key === undefined || key.trim() === '' || key.length > MAX_KEY_TEMPLATE_LENGTH) {
    sink.error(
      'INVALID_VALUE',
      [...path, 'key'],
      `config.concurrency.key must be a non-empty string of at most ${MAX_KEY_TEMPLATE_LENGTH} characters`,
      'e.g. key = "deploy-{inputs.env}"',
    );
    return undefined;
  }
  const limit = numberField(table, 'limit') ?? 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONCURRENCY_LIMIT) {
    sink.error(
      'INVALID_VALUE',
      [...path, 'limit'],
      `config.concurrency.limit must be an integer from 1 to ${MAX_CONCURRENCY_LIMIT}`,
    );
    return undefined;
  }
  const conflict = stringField(table, 'on_conflict') ?? 'queue';
  if (!(CONCURRENCY_CONFLICTS as readonly string[]).includes(conflict)) {
    sink.error(
      'INVALID_VALUE',
      [...path, 'on_conflict'],
      `config.concurrency.on_conflict must be one of ${CONCURRENCY_CONFLICTS.map((c) => `"${c}"`).join(', ')}`,
    );
    return undefined;
  }
  const location = locate(path);
  return { key, limit, on_conflict: conflict as ConcurrencyConflict, ...(location ? { location } : {}) };
}
