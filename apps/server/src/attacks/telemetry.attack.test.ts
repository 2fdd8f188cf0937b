// Attacks on traces and metrics against a real server exporting to a real OTLP/HTTP receiver: a secret an API
// workflow puts in its step's error (masked in every span), an oversized error message (capped), and /metrics
// read through DNS rebinding or from a foreign page (refused like the API).
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchJson, rawHttpExchange } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedSpan, startTraceReceiver, type TraceReceiver } from '../../../../scripts/trace-receiver.mjs';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

const SECRET = 'otel-attack-s3cret-0123456789';
/** Longer than any span attribute or status message the tracer sends (4,096 characters). */
const PADDING = 'p'.repeat(20_000);

/** A user-provided workflow whose http step puts the secret (and a long path) in the URL it is refused. */
const LEAKY = `version = "1"
name = "leaky-trace"
[[steps]]
id = "exfiltrate"
step_type = "http"
[steps.http]
url = "http://127.0.0.1:9/{secrets.API_TOKEN}/${PADDING}"
`;

const received: ReceivedSpan[] = [];
const exports: string[] = [];
let receiver: TraceReceiver;
let running: ProjectServer | undefined;
let stepError = '';

beforeAll(async () => {
  receiver = await startTraceReceiver({
    port: 0,
    onSpans: (spans) => {
      received.push(...spans);
      exports.push(JSON.stringify(spans));
    },
  });
  running = await startProjectServer(
    {},
    {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
      flags: async (dir) => {
        await mkdir(path.join(dir, '.skill'), { recursive: true });
        const secrets = path.join(dir, '.skill', 'secrets.env');
        await writeFile(secrets, `API_TOKEN=${SECRET}\n`);
        await chmod(secrets, 0o600);
        return { untrustedSecrets: ['API_TOKEN'] };
      },
    },
  );
  const base = running.url;
  expect((await fetchJson(`${base}/api/workflows`, { body: { name: 'leaky-trace', content: LEAKY } })).status).toBe(
    201,
  );
  const run = await fetchJson<{ status: string; steps: Record<string, { error?: string }> }>(
    `${base}/api/workflows/leaky-trace/execute`,
    { body: {} },
  );
  expect(run.body.status).toBe('failed');
  stepError = run.body.steps.exfiltrate?.error ?? '';
});
afterAll(async () => {
  await running?.close();
  await receiver?.close();
});

describe('attack: traces and metrics', () => {
  it('/metrics through DNS rebinding (foreign Host) or from a foreign page is refused like the API', async () => {
    const base = running?.url as string;
    const rebound = await rawHttpExchange(
      base,
      'GET /metrics HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    );
    expect(rebound).toMatch(/^HTTP\/1\.1 403 /);
    expect(rebound).toContain('HOST_FORBIDDEN');
    expect(rebound).not.toContain('skill_steps_total');
    const foreign = await fetch(`${base}/metrics`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).not.toContain('skill_steps_total');
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).not.toContain(SECRET);
  });

  it('a secret in an API workflow step error reaches no span; an oversized message is capped', async () => {
    expect(stepError).toContain('refused');
    expect(stepError).not.toContain(SECRET); // the API's own masking, unchanged
    await running?.close(); // sends the last spans
    const span = received.find((s) => s.attributes['workflow.step.id'] === 'exfiltrate');
    expect(span?.status.code).toBe(2);
    expect(span?.attributes['error.type']).toBe('EGRESS_REFUSED');
    expect(span?.status.message).toContain('/***/ppp');
    expect(span?.status.message?.length).toBeLessThanOrEqual(4096);
    const root = received.find((s) => s.spanId === span?.parentSpanId);
    expect(root?.attributes['workflow.name']).toBe('leaky-trace');
    expect(exports.length).toBeGreaterThan(0);
    for (const body of exports) expect(body).not.toContain(SECRET);
  });
});
