// JSON requests to the API under test: the status, headers and parsed body of one exchange.

/** How {@link fetchJson} sends a request. */
export interface JsonRequestInit {
  /** Defaults to POST when there is a body, GET otherwise. */
  method?: string;
  /** Sent as JSON; a string is sent as it is (for malformed bodies). */
  body?: unknown;
  /** Extra headers; they override the JSON Content-Type. */
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Abort after this long (default 30 s); a failure guard, not a timing assertion. */
  timeoutMs?: number;
}

/** Status, headers and the parsed JSON body (undefined for an empty body) of a response. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON unless they name its type
export interface JsonReply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Sends one request and parses the JSON answer.
 *
 * @example
 * const { status, body } = await fetchJson<{ status: string }>(`${url}/api/health`);
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON unless they name its type
export async function fetchJson<T = any>(url: string, init: JsonRequestInit = {}): Promise<JsonReply<T>> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  Object.assign(headers, init.headers);
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}
