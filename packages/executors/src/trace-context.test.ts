// The attempt's trace context reaches what a step starts: TRACEPARENT for command and native inline_code processes
// (replacing a value the step sets), the traceparent header for http steps (replacing the step's own header).
import type { IncomingHttpHeaders } from 'node:http';
import { NativeSandbox } from '@skill/sandbox';
import { commandStep, executorContext, httpStep, inlineCodeStep, useHttpServer, useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { createCommandExecutor } from './command/command-executor.js';
import { createHttpExecutor } from './http/http-executor.js';
import { createInlineCodeExecutor } from './inline/inline-code-executor.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const SPOOFED = '00-11111111111111111111111111111111-2222222222222222-01';
const baseDir = useTempDir('trace-context-test-');
const seen: IncomingHttpHeaders[] = [];
const target = useHttpServer((request, response) => {
  seen.push(request.headers);
  response.end('ok');
});
const context = (traceparent?: string) =>
  executorContext({ base_dir: baseDir(), step_id: 'traced', ...(traceparent ? { traceparent } : {}) });

describe('trace context handed to steps', () => {
  it('sets TRACEPARENT in a command step, over a value the step sets, and leaves it alone without tracing', async () => {
    const executor = createCommandExecutor();
    const step = commandStep('printf "%s" "$TRACEPARENT"', { env: { TRACEPARENT: SPOOFED } });
    expect((await executor.run(step, context(TRACEPARENT))).output).toBe(TRACEPARENT);
    expect((await executor.run(step, context())).output).toBe(SPOOFED);
  });

  it('sets TRACEPARENT in native inline_code', async () => {
    const executor = createInlineCodeExecutor({ native: new NativeSandbox({ killGraceMs: 300 }) });
    const step = inlineCodeStep({ unsafe_native: true, language: 'bash', code: 'printf "%s" "$TRACEPARENT"' });
    expect((await executor.run(step, context(TRACEPARENT))).output).toBe(TRACEPARENT);
  });

  it("sends the traceparent header, replacing the step's own whatever its case; without tracing it is the step's", async () => {
    const executor = createHttpExecutor();
    const step = httpStep({ url: `${target().url}/x`, headers: { TraceParent: SPOOFED, 'x-kept': 'yes' } });
    await executor.run(step, context(TRACEPARENT));
    await executor.run(step, context());
    expect(seen.map((headers) => [headers.traceparent, headers['x-kept']])).toEqual([
      [TRACEPARENT, 'yes'],
      [SPOOFED, 'yes'],
    ]);
  });
});
