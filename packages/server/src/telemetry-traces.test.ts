// Traces of a real server run, received by a real OTLP/HTTP receiver: the execution's root span, a child span per
// step attempt (foreach iterations and retries included), TRACEPARENT in a command step, traceparent on an http step.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempProject, listenOnFreePort, type TestServer } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedSpan, startTraceReceiver, type TraceReceiver } from '../../../scripts/trace-receiver.mjs';
import { configFromEnv } from './server-config.js';
import { startServer } from './start-server.js';

/** A secret the `leaky` step prints to stderr before failing: the error message quotes stderr. */
const SECRET = 'tr4ce-s3cret-value-0123456789';

const TRACED = `
version = "1"
name = "traced"

[inputs]
target = { type = "string", required = true }

[[steps]]
id = "show-context"
step_type = "command"
command = 'printf "%s" "$TRACEPARENT"'

[[steps]]
id = "call"
step_type = "http"
[steps.http]
url = "{inputs.target}/hello"
headers = { traceparent = "00-11111111111111111111111111111111-2222222222222222-01" }

[[steps]]
id = "loop"
step_type = "foreach"
items = [1, 2]
[[steps.loop]]
id = "item"
step_type = "command"
command = "echo {loop.item}"

[[steps]]
id = "flaky"
step_type = "command"
command = 'if [ "$SKILL_ATTEMPT" -lt 2 ]; then exit 1; fi; echo ok'
[steps.retry]
max_attempts = 2
initial_delay = "10ms"
`;

const LEAKY = `
version = "1"
name = "leaky"

[[steps]]
id = "leak"
step_type = "command"
command = 'echo "token is {secrets.API_TOKEN}" >&2; exit 3'
`;

const received: ReceivedSpan[] = [];
const bodies: string[] = [];
let receiver: TraceReceiver;
let target: TestServer;
const seenTraceparents: Array<string | undefined> = [];
let dir = '';
let cleanup: () => Promise<void> = async () => {};
let tracedOutputs: Record<string, unknown> = {};
let tracedStatus = '';
let leakyStatus = '';

beforeAll(async () => {
  receiver = await startTraceReceiver({
    port: 0,
    onSpans: (spans) => {
      received.push(...spans);
      bodies.push(JSON.stringify(spans));
    },
  });
  target = await listenOnFreePort((request, response) => {
    seenTraceparents.push(request.headers.traceparent as string | undefined);
    response.setHeader('content-type', 'application/json');
    response.end('{"hello":"world"}');
  });
  ({ dir, cleanup } = await createTempProject({ traced: TRACED, leaky: LEAKY }, 'skill-traces-'));
  await mkdir(path.join(dir, '.skill'), { recursive: true });
  const secretsFile = path.join(dir, '.skill', 'secrets.env');
  await writeFile(secretsFile, `API_TOKEN=${SECRET}\n`);
  await chmod(secretsFile, 0o600);
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'traces-test' };
  const server = await startServer(configFromEnv(env, { cwd: dir, port: 0 }));
  try {
    const traced = await server.engine.run('traced', { target: target.url });
    tracedStatus = traced.status;
    tracedOutputs = Object.fromEntries(Object.entries(traced.steps).map(([id, step]) => [id, step.output]));
    leakyStatus = (await server.engine.run('leaky')).status;
  } finally {
    await server.close(); // flushes the spans
  }
});
afterAll(async () => {
  await receiver?.close();
  await target?.close();
  await cleanup();
});

const rootOf = (workflow: string) =>
  received.find((span) => span.parentSpanId === undefined && span.attributes['workflow.name'] === workflow);
const stepSpans = (root: ReceivedSpan) => received.filter((span) => span.parentSpanId === root.spanId);

describe('traces of a server run (real OTLP/HTTP export)', () => {
  it('sends a root span per execution with the workflow, execution id and status', () => {
    expect(tracedStatus).toBe('completed');
    const root = rootOf('traced');
    expect(root).toBeDefined();
    expect(root?.service).toBe('traces-test');
    expect(root?.attributes).toMatchObject({ 'workflow.name': 'traced', 'workflow.status': 'completed' });
    expect(typeof root?.attributes['workflow.execution.id']).toBe('string');
    expect(root?.status.code).toBe(1); // OK
  });

  it('sends a child span per step attempt, foreach iterations and retries included', () => {
    const root = rootOf('traced') as ReceivedSpan;
    const steps = stepSpans(root);
    for (const span of steps) expect(span.traceId).toBe(root.traceId);
    const summary = steps
      .map((s) =>
        [
          s.attributes['workflow.step.id'],
          s.attributes['workflow.step.type'],
          s.attributes['workflow.step.attempt'],
          s.attributes['workflow.step.status'],
        ].join(' '),
      )
      .sort();
    expect(summary).toEqual([
      'call http 1 completed',
      'flaky command 1 failed',
      'flaky command 2 completed',
      'loop[0].item command 1 completed',
      'loop[1].item command 1 completed',
      'show-context command 1 completed',
    ]);
    const iteration = steps.find((s) => s.attributes['workflow.step.id'] === 'loop[1].item');
    expect(iteration?.attributes).toMatchObject({ 'workflow.foreach.id': 'loop', 'workflow.foreach.index': 1 });
    const failed = steps.find((s) => s.attributes['workflow.step.status'] === 'failed');
    expect(failed?.status).toEqual({ code: 2, message: 'command exited with code 1' });
    expect(failed?.attributes['error.type']).toBe('COMMAND_FAILED');
  });

  it('hands the attempt span to a command step as TRACEPARENT', () => {
    const root = rootOf('traced') as ReceivedSpan;
    const span = stepSpans(root).find((s) => s.attributes['workflow.step.id'] === 'show-context') as ReceivedSpan;
    expect(tracedOutputs['show-context']).toBe(`00-${root.traceId}-${span.spanId}-01`);
  });

  it("sends the attempt span as the http step's traceparent header, replacing the step's own", () => {
    const root = rootOf('traced') as ReceivedSpan;
    const span = stepSpans(root).find((s) => s.attributes['workflow.step.id'] === 'call') as ReceivedSpan;
    expect(seenTraceparents).toEqual([`00-${root.traceId}-${span.spanId}-01`]);
  });

  it('attack: a secret in a failing step error reaches no span (status message masked)', () => {
    expect(leakyStatus).toBe('failed');
    const root = rootOf('leaky') as ReceivedSpan;
    expect(root.status.code).toBe(2);
    const [leak] = stepSpans(root);
    expect(leak?.status.message).toBe('command exited with code 3: token is ***');
    expect(bodies.join('\n')).not.toContain(SECRET);
    expect(bodies.join('\n')).toContain('token is ***');
  });
});
