// Who may call the API: the bearer token, the browser Origin and (without a token) a loopback Host header.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { WorkflowError } from '@skill/workflow-model';
import { HttpErrorCode, httpError } from './http-errors.js';

/** The access settings shared by the REST routes, the WebSocket and the mounts. */
export interface AccessPolicy {
  token?: string | undefined;
  allowedOrigins?: string[] | undefined;
}

/** The parts of a request access control looks at. */
export interface AccessRequest {
  host?: string | undefined;
  origin?: string | undefined;
  authorization?: string | undefined;
  /** The `?token=` query parameter (WebSocket only: browsers cannot set headers there). */
  queryToken?: string | undefined;
}

/** True for host names that only reach this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** The host name of a `Host` header value (`[::1]:3000` -> `[::1]`, `a.b:80` -> `a.b`). */
function hostnameOf(host: string): string {
  const bracket = host.match(/^(\[[^\]]*\])/);
  if (bracket?.[1]) return bracket[1];
  return host.replace(/:\d*$/, '');
}

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** True when a browser origin may call the API: the server's own host or one of `allowedOrigins`. */
export function isOriginAllowed(origin: string, host: string | undefined, allowedOrigins: readonly string[] = []) {
  const wanted = normalizeOrigin(origin);
  if (allowedOrigins.some((o) => o === '*' || normalizeOrigin(o) === wanted)) return true;
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearerOf(authorization: string | undefined): string | undefined {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** The hosts of `allowedOrigins`, which a server without a token also answers to. */
function allowedHostnames(allowedOrigins: readonly string[]): string[] {
  const names: string[] = [];
  for (const origin of allowedOrigins) {
    try {
      names.push(new URL(origin).hostname.toLowerCase());
    } catch {
      // not a URL ('*'): no host to add
    }
  }
  return names;
}

/**
 * Checks a request against the policy; returns the error to answer with, or undefined when allowed.
 * A `Host` header is required (HTTP/1.0 may omit it). Without a token only loopback `Host` headers are
 * accepted, so a DNS-rebinding page cannot reach the API.
 * A `publicRoute` (the health check) needs no token but is still checked for Host and Origin.
 */
export function checkAccess(
  policy: AccessPolicy,
  request: AccessRequest,
  options: { publicRoute?: boolean } = {},
): WorkflowError | undefined {
  const allowed = policy.allowedOrigins ?? [];
  if (request.host === undefined || request.host.trim() === '') {
    return httpError(HttpErrorCode.HostRequired, 'a Host header is required');
  }
  if (policy.token === undefined) {
    const hostname = hostnameOf(request.host);
    if (!isLoopbackHost(hostname) && !allowedHostnames(allowed).includes(hostname.toLowerCase())) {
      return httpError(HttpErrorCode.HostForbidden, `host "${request.host}" is not allowed without a token`);
    }
  }
  if (request.origin !== undefined && !isOriginAllowed(request.origin, request.host, allowed)) {
    return httpError(HttpErrorCode.OriginForbidden, `origin "${request.origin}" is not allowed`);
  }
  if (policy.token !== undefined && !options.publicRoute) {
    const given = bearerOf(request.authorization) ?? request.queryToken;
    if (given === undefined) {
      return httpError(HttpErrorCode.AuthRequired, 'a bearer token is required (Authorization: Bearer <token>)');
    }
    if (!sameSecret(given, policy.token)) return httpError(HttpErrorCode.AuthRequired, 'invalid bearer token');
  }
  return undefined;
}
