// Readers of the configuration files next to `.workflows/` (skills.toml, .skill-engine.toml): typed fields of raw
// TOML tables, each mistake reported at its key.
import { type Diagnostic, isJsonObject, quoteText } from '@skill/workflow-model';
import { parse, TomlError } from 'smol-toml';
import { DiagnosticSink, describeValue } from './diagnostic-sink.js';
import { suggestName } from './did-you-mean.js';
import type { RawTable } from './field-readers.js';
import { type KeyPath, SourceMap } from './source-map.js';
import { syntaxDiagnostic } from './toml-syntax.js';

/** A configuration file larger than this is refused (it is configuration, not data). */
const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * Parses a configuration file's TOML: its tables and a sink for its problems, or the one diagnostic that stops
 * reading (too large, a syntax error), located in `file`.
 */
export function openConfigToml(
  text: string,
  label: string,
  file: string | undefined,
): { raw: Record<string, unknown>; sink: DiagnosticSink } | { diagnostics: Diagnostic[] } {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    const message = `${label} is larger than ${MAX_CONFIG_BYTES} bytes`;
    const where = { ...(file === undefined ? {} : { file }), line: 1, column: 1 };
    return { diagnostics: [{ code: 'INVALID_VALUE', severity: 'error', message, ...where }] };
  }
  try {
    const raw = parse(text, { maxDepth: 16 });
    return { raw, sink: new DiagnosticSink(raw, SourceMap.scan(text), file) };
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    return { diagnostics: [syntaxDiagnostic(error, text, file)] };
  }
}

/**
 * Reads each `[<key>.<name>]` table of `raw` with `read`; a table with any problem is left out (half a declaration
 * would run the wrong thing).
 */
export function readNamedTables<T>(
  raw: RawTable,
  key: string,
  sink: DiagnosticSink,
  read: (name: string, value: unknown) => T | undefined,
): T[] {
  const tables = raw[key];
  const found: T[] = [];
  if (tables === undefined) return found;
  if (!isJsonObject(tables)) {
    sink.error('INVALID_VALUE', [key], `${key} must hold [${key}.<name>] tables`);
    return found;
  }
  for (const [name, value] of Object.entries(tables)) {
    const problemsBefore = sink.sorted().length;
    const item = read(name, value);
    if (item !== undefined && sink.sorted().length === problemsBefore) found.push(item);
  }
  return found;
}

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
