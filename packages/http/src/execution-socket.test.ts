// WS /ws/executions/:id with the `ws` client: live stream, ?since= replay, cancel command, unknown ids.
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';
import { isProcessAlive, waitFor, workflowFixtures } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { collectSocket, httpWorkflows, useHttpFixture } from '../test/http-fixture.js';

function seqs(messages: { seq?: number }[]): number[] {
  return messages.filter((m) => m.seq !== undefined).map((m) => m.seq as number);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The stored events the messages carry (without the record `change` the socket adds). */
function eventsOf(messages: { change?: unknown }[]): unknown[] {
  return messages.map(({ change: _change, ...event }) => event);
}

describe('execution WebSocket', () => {
  const fx = useHttpFixture({ ...httpWorkflows('two-steps'), ...workflowFixtures('slow') });

  it('streams every event of a running execution in seq order and closes with 1000 after workflow_completed', async () => {
    const started = await fx().api('/api/workflows/two-steps/execute', { body: { async_execution: true } });
    const id = started.body.execution_id as string;
    const transcript = await collectSocket(`${fx().url}/ws/executions/${id}`);
    expect(transcript.code).toBe(1000);
    const last = transcript.messages.at(-1);
    expect(last).toMatchObject({ type: 'workflow_completed', status: 'completed', workflow_name: 'two-steps' });
    expect(seqs(transcript.messages)).toEqual(range(1, last.seq));
    const stored = await fx().api(`/api/executions/${id}/events`);
    expect(eventsOf(transcript.messages)).toEqual(stored.body.items);
    const completedA = transcript.messages.find((m) => m.type === 'step_completed' && m.step_id === 'a');
    expect(completedA).toMatchObject({ execution_id: id, status: 'completed', output: { n: 1 } });
  });

  it('sends with each event the record change it made: merging them onto the record read first ends at the stored one', async () => {
    const started = await fx().api('/api/workflows/two-steps/execute', { body: { async_execution: true } });
    const id = started.body.execution_id as string;
    const first = (await fx().api(`/api/executions/${id}`)).body;
    const transcript = await collectSocket(`${fx().url}/ws/executions/${id}?since=${first.last_seq}`);
    let merged = first;
    for (const { change, seq } of transcript.messages) {
      const steps = change?.step ? { ...merged.steps, [change.step.step_id]: change.step } : merged.steps;
      merged = { ...merged, ...change?.execution, steps, last_seq: seq };
    }
    expect(merged).toEqual((await fx().api(`/api/executions/${id}`)).body);
    const completedA = transcript.messages.find((m) => m.type === 'step_completed' && m.step_id === 'a');
    expect(completedA.change).toEqual({ step: expect.objectContaining({ status: 'completed', output: { n: 1 } }) });
    expect(transcript.messages.at(-1).change).toEqual({
      execution: expect.objectContaining({ status: 'completed', finished_at: expect.any(String) }),
    });
  });

  it("works with the guide's browser-style client (Node's global WebSocket)", async () => {
    const started = await fx().api('/api/workflows/two-steps/execute', { body: { async_execution: true } });
    const executionId = started.body.execution_id as string;
    const seen: string[] = [];
    const closeCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no close')), 15_000);
      const ws = new WebSocket(`${fx().url.replace('http', 'ws')}/ws/executions/${executionId}`);
      ws.onmessage = (event) => {
        const data = JSON.parse(String(event.data));
        switch (data.type) {
          case 'workflow_started':
            seen.push(`started ${data.workflow_name}`);
            break;
          case 'step_completed':
            seen.push(`completed ${data.step_id} ${JSON.stringify(data.output)}`);
            break;
          case 'workflow_completed':
            seen.push(`workflow ${data.status}`);
            ws.close();
            break;
        }
      };
      ws.onclose = (event) => {
        clearTimeout(timer);
        resolve(event.code);
      };
    });
    expect(seen).toEqual(['started two-steps', 'completed a {"n":1}', 'completed b "b"', 'workflow completed']);
    expect([1000, 1005]).toContain(closeCode);
  });

  it('replays from ?since= after the run finished: seq 3..N, then closes', async () => {
    const run = await fx().api('/api/workflows/two-steps/execute', { body: {} });
    const id = run.body.id as string;
    const lastSeq = run.body.last_seq as number;
    expect(lastSeq).toBeGreaterThan(4);
    const transcript = await collectSocket(`${fx().url}/ws/executions/${id}?since=2`);
    expect(transcript.code).toBe(1000);
    expect(seqs(transcript.messages)).toEqual(range(3, lastSeq));
    const stored = await fx().api(`/api/executions/${id}/events?since=2`);
    expect(eventsOf(transcript.messages)).toEqual(stored.body.items);

    const nothingLeft = await collectSocket(`${fx().url}/ws/executions/${id}?since=${lastSeq}`);
    expect(nothingLeft).toEqual({ messages: [], code: 1000, reason: 'execution finished' });
  });

  it('sends a replayed batch of events in one write, not one per event', async () => {
    const run = await fx().api('/api/workflows/two-steps/execute', { body: {} });
    const id = run.body.id as string;
    expect(run.body.last_seq).toBeGreaterThan(4);
    const writes: number[] = []; // the chunks each write to the connection carried, after the handshake
    const node = fx().server.server;
    const count = (_request: unknown, socket: Socket) => {
      const { _write: write, _writev: writev } = socket;
      socket._write = (...args: Parameters<Socket['_write']>) => {
        writes.push(1);
        write.apply(socket, args);
      };
      socket._writev = (
        chunks: Parameters<NonNullable<Socket['_writev']>>[0],
        callback: (error?: Error | null) => void,
      ) => {
        writes.push(chunks.length);
        writev?.call(socket, chunks, callback);
      };
    };
    node.prependListener('upgrade', count);
    try {
      const transcript = await collectSocket(`${fx().url}/ws/executions/${id}`);
      expect(seqs(transcript.messages)).toEqual(range(1, run.body.last_seq));
    } finally {
      node.off('upgrade', count);
    }
    // The handshake's answer, then every event (a header and a body each) in one write, then the close frame.
    expect(writes.length).toBeLessThanOrEqual(3);
    expect(Math.max(...writes)).toBeGreaterThanOrEqual(2 * run.body.last_seq);
  });

  it('joins a running execution with ?since= without gaps or duplicates', async () => {
    const started = await fx().api('/api/workflows/two-steps/execute', { body: { async_execution: true } });
    const id = started.body.execution_id as string;
    await waitFor(async () => ((await fx().api(`/api/executions/${id}`)).body.last_seq >= 2 ? true : undefined));
    const transcript = await collectSocket(`${fx().url}/ws/executions/${id}?since=1`);
    const last = transcript.messages.at(-1);
    expect(last.type).toBe('workflow_completed');
    expect(seqs(transcript.messages)).toEqual(range(2, last.seq));
  });

  it('cancels the execution on {"command":"cancel"} and closes after workflow_cancelled', async () => {
    const started = await fx().api('/api/workflows/slow/execute', { body: { async_execution: true } });
    const id = started.body.execution_id as string;
    const pidFile = path.join(fx().dir, 'sleeper.pid');
    const readPid = async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text.trim() ? Number(text) : undefined;
    };
    let pid: number | undefined;
    const transcript = await collectSocket(`${fx().url}/ws/executions/${id}`, {
      onMessage(message, ws) {
        if (message.type !== 'step_started') return;
        // Cancel once the sleeper is surely running.
        void waitFor(readPid).then((found) => {
          pid = found;
          ws.send(JSON.stringify({ command: 'cancel' }));
        });
      },
    });
    expect(transcript.code).toBe(1000);
    expect(transcript.messages).toContainEqual({
      type: 'command_result',
      command: 'cancel',
      ok: true,
      outcome: 'cancelling',
    });
    const events = transcript.messages.filter((m) => m.type !== 'command_result');
    expect(events.at(-1)).toMatchObject({ type: 'workflow_cancelled', status: 'cancelled' });
    expect(seqs(events)).toEqual(range(1, events.at(-1).seq));
    expect(pid).toBeGreaterThan(1);
    await waitFor(async () => !(await isProcessAlive(pid as number)), 5_000);
    expect((await fx().api(`/api/executions/${id}`)).body.status).toBe('cancelled');
  });

  it('answers an unknown command with ok false and keeps streaming', async () => {
    const started = await fx().api('/api/workflows/slow/execute', { body: { async_execution: true } });
    const transcript = await collectSocket(`${fx().url}/ws/executions/${started.body.execution_id}`, {
      onMessage(message, socket) {
        if (message.type === 'workflow_started') socket.send('{"command":"pause"}');
        if (message.type === 'command_result' && message.command === 'pause') socket.send('{"command":"cancel"}');
      },
    });
    expect(transcript.messages).toContainEqual({
      type: 'command_result',
      command: 'pause',
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'send {"command": "cancel"}', details: {} },
    });
    expect(transcript.messages.at(-1).type).toBe('workflow_cancelled');
  });

  it('closes with 4404 for an unknown execution and refuses a bad ?since=', async () => {
    const transcript = await collectSocket(`${fx().url}/ws/executions/no-such-execution`);
    expect(transcript).toEqual({ messages: [], code: 4404, reason: 'execution no-such-execution not found' });
    await expect(collectSocket(`${fx().url}/ws/executions/x?since=-1`)).rejects.toThrow('upgrade refused: 400');
    await expect(collectSocket(`${fx().url}/ws/other`)).rejects.toThrow('upgrade refused: 404');
  });
});
