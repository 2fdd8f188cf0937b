// Reads the SKILL_METADATA file a step writes (one JSON object, or key=value lines) and merges engine keys into it.
import { existsSync, readFile, unlink } from 'node:fs';
import { isJsonObject } from '@skill/workflow-model';

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function typedValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (JSON_NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  return raw;
}

/**
 * Parses metadata text: one JSON object, or `key=value` lines where values that are JSON numbers
 * or booleans keep that type and others stay strings. Blank lines, `#` comments and lines without
 * `=` are ignored; a later line wins over an earlier one with the same key.
 */
export function parseMetadataText(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (isJsonObject(value)) return value;
    } catch {
      // not JSON: read it as key=value lines
    }
  }
  const entries = new Map<string, unknown>();
  for (const rawLine of trimmed.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (key !== '') entries.set(key, typedValue(line.slice(eq + 1).trim()));
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays plain data.
  return Object.fromEntries(entries);
}

/**
 * The file's text, or `undefined` when it does not exist. Most steps write nothing, so a synchronous existence
 * check comes first: one cheap syscall, where an asynchronous open would cross the thread pool and build an
 * ENOENT error for every step.
 */
function readIfPresent(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    readFile(path, 'utf8', (error, text) => {
      // ENOENT: removed in between.
      if (!error) resolve(text);
      else if (error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
  });
}

/** Reads a metadata file; a missing file gives `{}`. */
export async function readMetadataFile(path: string): Promise<Record<string, unknown>> {
  const text = await readIfPresent(path);
  return text === undefined ? {} : parseMetadataText(text);
}

/** Reads a per-attempt metadata file and deletes it; an unreadable file is reported under `metadata_error`. */
export async function takeMetadataFile(path: string): Promise<Record<string, unknown>> {
  let text: string | undefined;
  try {
    text = await readIfPresent(path);
  } catch (error) {
    return { metadata_error: `could not read SKILL_METADATA: ${(error as Error).message}` };
  }
  if (text === undefined) return {};
  await new Promise<void>((resolve) => unlink(path, () => resolve()));
  return parseMetadataText(text);
}

/** Adds the engine's keys to the step's metadata without overwriting any key the step set. */
export function withEngineKeys(
  stepMetadata: Record<string, unknown>,
  engineKeys: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stepMetadata };
  for (const [key, value] of Object.entries(engineKeys)) {
    if (value !== undefined && !Object.hasOwn(merged, key)) merged[key] = value;
  }
  return merged;
}
