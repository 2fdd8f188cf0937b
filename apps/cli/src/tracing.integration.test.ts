// `skill workflow run` with OTEL_EXPORTER_OTLP_ENDPOINT set: the built CLI sends its spans to a real OTLP/HTTP
// receiver before it exits, and the command step sees its own span as TRACEPARENT.
import { listenOnFreePort, useTempDir, writeFiles } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedSpan, startTraceReceiver, type TraceReceiver } from '../../../scripts/trace-receiver.mjs';
import { startCli } from '../test/built-cli.js';

const TRACED = `
version = "1"
name = "cli-traced"

[[steps]]
id = "show"
step_type = "command"
command = 'printf "%s" "$TRACEPARENT"'
`;

const temp = useTempDir('cli-tracing-');
const received: ReceivedSpan[] = [];
let receiver: TraceReceiver;

beforeAll(async () => {
  receiver = await startTraceReceiver({ port: 0, onSpans: (spans) => received.push(...spans) });
});
afterAll(async () => {
  await receiver?.close();
});

describe('skill workflow run with an OTLP endpoint (built CLI)', () => {
  it('exports the execution and step spans before it exits; the step gets TRACEPARENT', async () => {
    await writeFiles(temp(), { 'traced.toml': TRACED });
    const run = startCli(['workflow', 'run', 'traced.toml', '--json'], {
      cwd: temp(),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'cli-test' },
    });
    const result = await run.result;
    expect(result.code).toBe(0);
    // Every span arrived by the time the process ended: no waiting here.
    const root = received.find((span) => span.parentSpanId === undefined);
    const step = received.find((span) => span.attributes['workflow.step.id'] === 'show');
    expect(root?.attributes).toMatchObject({ 'workflow.name': 'cli-traced', 'workflow.status': 'completed' });
    expect(root?.service).toBe('cli-test');
    expect(step?.parentSpanId).toBe(root?.spanId);
    expect(step?.traceId).toBe(root?.traceId);
    const completed = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; step_id?: string; output?: unknown })
      .find((event) => event.type === 'step_completed' && event.step_id === 'show');
    expect(completed?.output).toBe(`00-${root?.traceId}-${step?.spanId}-01`);
  });

  it('runs and exits as usual when the endpoint refuses connections (the spans are dropped quietly)', async () => {
    await writeFiles(temp(), { 'traced.toml': TRACED });
    const closed = await listenOnFreePort(() => {});
    await closed.close(); // nothing listens on this port any more
    const run = startCli(['workflow', 'run', 'traced.toml', '--quiet'], {
      cwd: temp(),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: closed.url },
    });
    const result = await run.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
