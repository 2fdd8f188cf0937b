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

/** How to read one kind of quantity (a duration, a memory size) and report what is wrong with it. */
interface QuantityRule {
  code: 'INVALID_DURATION' | 'INVALID_MEMORY';
  /** The quantity's name in messages: "duration", "memory size". */
  what: string;
  /** The accepted forms, the hint of an unreadable value. */
  forms: string;
  /** Parses a string or number; throws a WorkflowError for a malformed one. */
  parse(value: string | number): number;
  /** Why a parsed value is refused ("more than 0 bytes"), or undefined when it is fine. */
  refusal(parsed: number): string | undefined;
}

/** Parses a quantity field by `rule`, reporting `rule.code` at the key for an unreadable or refused value. */
function quantityField(
  table: RawTable,
  key: string,
  path: KeyPath,
  sink: DiagnosticSink,
  rule: QuantityRule,
): number | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  const at = [...path, key];
  let parsed: number;
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`not a ${rule.what}`);
    parsed = rule.parse(value);
  } catch (error) {
    if (!isWorkflowError(error) && !(error instanceof TypeError)) throw error;
    sink.error(rule.code, at, `${formatPath(at)} is not a valid ${rule.what}: ${shown(value)}`, rule.forms);
    return undefined;
  }
  const refusal = rule.refusal(parsed);
  if (refusal === undefined) return parsed;
  sink.error(rule.code, at, `${formatPath(at)} must be ${refusal}, got ${shown(value)}`);
  return undefined;
}

/** Durations: readable, and longer than 0 where `positive`. */
const DURATION_RULES = [false, true].map(
  (positive): QuantityRule => ({
    code: 'INVALID_DURATION',
    what: 'duration',
    forms: DURATION_FORMS,
    parse: parseDuration,
    refusal: (ms) => (positive && ms === 0 ? 'longer than 0' : undefined),
  }),
) as [QuantityRule, QuantityRule];

/** Memory sizes: readable, more than 0 bytes. */
const MEMORY_RULE: QuantityRule = {
  code: 'INVALID_MEMORY',
  what: 'memory size',
  forms: MEMORY_FORMS,
  parse: parseMemory,
  refusal: (bytes) => (bytes > 0 ? undefined : 'more than 0 bytes'),
};

/** Parses a duration field to milliseconds, reporting INVALID_DURATION at the key. */
export function durationField(
  table: RawTable,
  key: string,
  path: KeyPath,
  sink: DiagnosticSink,
  positive = false,
): number | undefined {
  return quantityField(table, key, path, sink, DURATION_RULES[positive ? 1 : 0]);
}

/** Parses a memory field to bytes (more than 0), reporting INVALID_MEMORY at the key. */
export function memoryField(table: RawTable, key: string, path: KeyPath, sink: DiagnosticSink): number | undefined {
  return quantityField(table, key, path, sink, MEMORY_RULE);
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
  const out: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
