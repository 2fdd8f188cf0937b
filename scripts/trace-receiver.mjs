#!/usr/bin/env node
// A tiny OTLP/HTTP trace receiver for local use and tests: takes JSON exports at POST /v1/traces and prints one
// line per span. `node scripts/trace-receiver.mjs [port]` (default 4318), then run with
// OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318. Listens on 127.0.0.1 only.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** Largest export body accepted (bytes). */
const MAX_BODY = 16 * 1024 * 1024;

/** The value of an OTLP JSON `AnyValue`. */
function anyValue(any) {
  if (any === null || typeof any !== 'object') return undefined;
  if ('stringValue' in any) return any.stringValue;
  if ('intValue' in any) return Number(any.intValue);
  if ('doubleValue' in any) return any.doubleValue;
  if ('boolValue' in any) return any.boolValue;
  return undefined;
}

/** The spans of one OTLP JSON export, flattened: ids, name, attributes as an object, status, service name. */
export function spansOf(body) {
  const spans = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = Object.fromEntries(
      (resourceSpans.resource?.attributes ?? []).map((a) => [a.key, anyValue(a.value)]),
    );
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, anyValue(a.value)])),
          status: { code: span.status?.code ?? 0, message: span.status?.message },
          service: resource['service.name'],
          durationMs: (Number(span.endTimeUnixNano) - Number(span.startTimeUnixNano)) / 1e6,
        });
      }
    }
  }
  return spans;
}

/** Starts the receiver on `host:port` (port 0: a free one); `onSpans` gets the spans of each export. */
export function startTraceReceiver({ port = 4318, host = '127.0.0.1', onSpans }) {
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"JSON exports only"}');
        return;
      }
      onSpans(spansOf(body));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 4318);
  const receiver = await startTraceReceiver({
    port,
    onSpans(spans) {
      for (const span of spans) {
        const a = span.attributes;
        const what = a['workflow.step.id']
          ? `step ${a['workflow.step.id']} (${a['workflow.step.type']}) attempt ${a['workflow.step.attempt']}`
          : span.name;
        const status = a['workflow.step.status'] ?? a['workflow.status'] ?? '';
        const error = span.status.code === 2 ? ` error: ${span.status.message}` : '';
        const parent = span.parentSpanId ? ` parent ${span.parentSpanId}` : ' (root)';
        process.stdout.write(
          `${span.traceId} ${span.spanId}${parent} ${what} ${status} ${span.durationMs.toFixed(1)} ms${error}\n`,
        );
      }
    },
  });
  process.stdout.write(`OTLP/HTTP receiver on ${receiver.url}: run with OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}\n`);
}
