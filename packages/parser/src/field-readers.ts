// Reads typed fields out of raw TOML tables. Wrong types were already reported by the schema, so
// readers return undefined for them; durations, sizes and CPU counts are parsed and reported here.
import {
  DURATION_FORMS,
  isJsonObject,
  isWorkflowError,
  MEMORY_FORMS,
  parseDuration,
  parseMemory,
  quoteText,
} from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { formatPath } from './key-path.js';
import type { KeyPath } from './source-map.js';

/** A raw TOML table. */
export type RawTable = Readonly<Record<string, unknown>>;

/** `value` when it is a string. */
export function stringField(table: RawTable, key: string): string | undefined {
  const value = table[key];
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a boolean. */
export function booleanField(table: RawTable, key: string): boolean | undefined {
  const value = table[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** `value` when it is a finite number. */
export function numberField(table: RawTable, key: string): number | undefined {
  const value = table[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `value` when it is an array of strings. */
export function stringListField(table: RawTable, key: string): string[] | undefined {
  const value = table[key];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;
}

/** `value` when it is an array of integers. */
export function integerListField(table: RawTable, key: string): number[] | undefined {
  const value = table[key];
  return Array.isArray(value) && value.every((v) => Number.isInteger(v)) ? [...value] : undefined;
}

/** A string map; numbers and booleans become strings (`env`, `environment`, `headers`). */
export function stringMapField(table: RawTable, key: string): Record<string, string> | undefined {
  const value = table[key];
  if (!isJsonObject(value)) return undefined;
  const entries = Object.entries(value).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/** A table as a fresh plain object. */
export function tableField(table: RawTable, key: string): Record<string, unknown> | undefined {
  const value = table[key];
  return isJsonObject(value) ? { ...value } : undefined;
}

/** A nested table. */
export function subTable(table: RawTable, key: string): RawTable | undefined {
  const value = table[key];
  return isJsonObject(value) ? value : undefined;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Parses a duration field to milliseconds, reporting INVALID_DURATION at the key. */
export function durationField(
  table: RawTable,
  key: string,
  path: KeyPath,
  sink: DiagnosticSink,
  positive = false,
): number | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  const at = [...path, key];
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError('not a duration');
    const ms = parseDuration(value);
    if (positive && ms === 0) {
      sink.error('INVALID_DURATION', at, `${formatPath(at)} must be longer than 0, got ${shown(value)}`);
      return undefined;
    }
    return ms;
  } catch (error) {
    if (!isWorkflowError(error) && !(error instanceof TypeError)) throw error;
    sink.error('INVALID_DURATION', at, `${formatPath(at)} is not a valid duration: ${shown(value)}`, DURATION_FORMS);
    return undefined;
  }
}

/** Parses a memory field to bytes (more than 0), reporting INVALID_MEMORY at the key. */
export function memoryField(table: RawTable, key: string, path: KeyPath, sink: DiagnosticSink): number | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  const at = [...path, key];
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError('not a size');
    const bytes = parseMemory(value);
    if (bytes > 0) return bytes;
    sink.error('INVALID_MEMORY', at, `${formatPath(at)} must be more than 0 bytes, got ${shown(value)}`);
    return undefined;
  } catch (error) {
    if (!isWorkflowError(error) && !(error instanceof TypeError)) throw error;
    sink.error('INVALID_MEMORY', at, `${formatPath(at)} is not a valid memory size: ${shown(value)}`, MEMORY_FORMS);
    return undefined;
  }
}

/** A CPU count: a number or a numeric string, more than 0 (the schema reports other shapes). */
export function cpuField(table: RawTable, key: string, path: KeyPath, sink: DiagnosticSink): number | undefined {
  const value = table[key];
  if (typeof value === 'number') return value > 0 && Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\d+(?:\.\d+)?$/.test(value)) return undefined;
  const cpus = Number(value);
  if (cpus > 0) return cpus;
  const at = [...path, key];
  sink.error('INVALID_VALUE', at, `${formatPath(at)} must be more than 0, got ${quoteText(String(value))}`);
  return undefined;
}

/** Copies `object` without its undefined properties. */
export function definedOnly<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
