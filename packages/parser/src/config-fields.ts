// Readers of the configuration files next to `.workflows/` (skills.toml, .skill-engine.toml): typed fields of raw
// TOML tables, each mistake reported at its key.
import { isJsonObject, quoteText } from '@skill/workflow-model';
import { type DiagnosticSink, describeValue } from './diagnostic-sink.js';
import { suggestName } from './did-you-mean.js';
import type { RawTable } from './field-readers.js';
import type { KeyPath } from './source-map.js';

/** Reports every key of `table` not in `allowed`, with the closest allowed one. */
export function checkKeys(table: RawTable, allowed: string[], path: KeyPath, sink: DiagnosticSink): void {
  for (const key of Object.keys(table)) {
    if (!allowed.includes(key)) {
      sink.error('UNKNOWN_KEY', [...path, key], `unknown key ${quoteText(key)}`, suggestName(key, allowed));
    }
  }
}

/** The non-empty string at `key` (undefined, reported, when it is something else). */
export function stringAt(table: RawTable, key: string, path: KeyPath, sink: DiagnosticSink): string | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  sink.error('INVALID_VALUE', [...path, key], `${key} must be a non-empty string (got ${describeValue(value)})`);
  return undefined;
}

/** The array of strings at `key` (empty when absent; reported when it is something else). */
export function stringListAt(table: RawTable, key: string, path: KeyPath, sink: DiagnosticSink): string[] {
  const value = table[key];
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  sink.error('INVALID_VALUE', [...path, key], `${key} must be an array of strings`);
  return [];
}

/** The table of strings at `key` (empty when absent; each wrong value reported). */
export function stringMapAt(table: RawTable, key: string, path: KeyPath, sink: DiagnosticSink): Record<string, string> {
  const value = table[key];
  if (value === undefined) return {};
  if (!isJsonObject(value)) {
    sink.error('INVALID_VALUE', [...path, key], `${key} must be a table of strings`);
    return {};
  }
  const map: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item === 'string') map[name] = item;
    else
      sink.error('INVALID_VALUE', [...path, key, name], `${key}.${name} must be a string (got ${describeValue(item)})`);
  }
  return map;
}
