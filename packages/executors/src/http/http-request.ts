// Builds an HTTP request from a step's [steps.http]: method, URL with query parameters, headers and body.
import type { HttpRequestSpec } from '@skill/workflow-model';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';

/** A request ready for undici. */
export interface PreparedRequest {
  method: string;
  url: URL;
  /** The URL for messages and metadata, password hidden. */
  displayUrl: string;
  headers: Record<string, string>;
  body?: string;
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function invalid(message: string): WorkflowError {
  return new WorkflowError(ErrorCode.InvalidValue, message, { retryable: false });
}

function queryValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Parses `url` (http or https only) and appends `query`; arrays repeat the key, `null` entries are left out. */
export function requestUrl(url: unknown, query: Record<string, unknown> | undefined): URL {
  if (typeof url !== 'string' || url === '') throw invalid('http.url must be a non-empty string');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`invalid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`unsupported URL protocol ${parsed.protocol} in ${url} (only http and https)`);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) parsed.searchParams.append(key, queryValue(item));
    }
  }
  return parsed;
}

/** The URL as shown in messages and metadata: a password in it is replaced by `***`. */
export function displayUrl(url: URL): string {
  if (url.password === '') return url.href;
  const shown = new URL(url.href);
  shown.password = '***';
  return shown.href;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/**
 * Turns the step's request spec into method, URL, headers and body; bad values fail with INVALID_VALUE.
 * `traceparent` (the attempt's trace context, when tracing is on) is sent as the `traceparent` header and
 * replaces one the step sets under any spelling.
 */
export function prepareRequest(spec: HttpRequestSpec, traceparent?: string): PreparedRequest {
  if (spec === undefined || spec === null || typeof spec !== 'object') throw invalid('the step has no [steps.http]');
  const method = (spec.method ?? 'GET').toUpperCase();
  if (!METHOD.test(method)) throw invalid(`invalid HTTP method: ${spec.method}`);
  const url = requestUrl(spec.url, spec.query);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (traceparent === undefined || name.toLowerCase() !== 'traceparent') headers[name] = String(value);
  }
  if (traceparent !== undefined) headers.traceparent = traceparent;
  const prepared: PreparedRequest = { method, url, displayUrl: displayUrl(url), headers };
  if (spec.body === undefined || spec.body === null) return prepared;
  if (typeof spec.body === 'string') {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
    prepared.body = spec.body;
  } else {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    prepared.body = JSON.stringify(spec.body);
  }
  return prepared;
}
