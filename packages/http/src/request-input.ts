// Reading and checking request input: JSON bodies, workflow names, query numbers, typed fields.
import type { Context } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';

const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MAX_NAME_LENGTH = 200;

/**
 * Checks a workflow name: `^[A-Za-z0-9][A-Za-z0-9_.-]*$`, at most 200 characters, no `..` and no `.toml`
 * ending (either would make the engine read it as a path). Throws `INVALID_WORKFLOW_NAME`.
 */
export function checkWorkflowName(name: unknown, field = 'name'): string {
  if (
    typeof name !== 'string' ||
    name.length > MAX_NAME_LENGTH ||
    !WORKFLOW_NAME.test(name) ||
    name.includes('..') ||
    name.toLowerCase().endsWith('.toml')
  ) {
    throw httpError(
      HttpErrorCode.InvalidWorkflowName,
      `invalid workflow name ${JSON.stringify(name)}: use letters, digits, "_", "." and "-", starting with a letter or digit`,
      { field },
    );
  }
  return name;
}

/** True for `application/json` and `application/<anything>+json`, with or without parameters (`; charset=utf-8`). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(mediaType);
}

/**
 * The JSON object body of a request; an empty body is `{}`. A body with another Content-Type (a
 * `text/plain` form a page may send without a CORS preflight) is refused with 415
 * `UNSUPPORTED_MEDIA_TYPE`. Throws `INVALID_JSON` / `INVALID_REQUEST` for malformed JSON.
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const contentType = c.req.header('content-type');
  if (!isJsonMediaType(contentType)) {
    throw httpError(
      HttpErrorCode.UnsupportedMediaType,
      `request body must be JSON sent as "Content-Type: application/json" (got ${contentType === undefined ? 'no Content-Type' : JSON.stringify(contentType)})`,
      { content_type: contentType ?? null },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw httpError(HttpErrorCode.InvalidJson, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw httpError(HttpErrorCode.InvalidRequest, 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function invalid(field: string, wanted: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw httpError(HttpErrorCode.InvalidRequest, `"${field}" must be ${wanted} (got ${got})`, { field });
}

/** An optional string field. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : invalid(field, 'a string', value);
}

/** A required string field. */
export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = optionalString(body, field);
  return value === undefined ? invalid(field, 'a string', body[field]) : value;
}

/** An optional boolean field. */
export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'boolean' ? value : invalid(field, 'true or false', value);
}

/** An optional JSON-object field. */
export function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return invalid(field, 'an object', value);
  return value as Record<string, unknown>;
}

/** An optional integer query parameter within [min, max]. */
export function queryInteger(raw: string | undefined, field: string, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw httpError(HttpErrorCode.InvalidRequest, `"${field}" must be an integer from ${min} to ${max}`, { field });
  }
  return Number(raw);
}
