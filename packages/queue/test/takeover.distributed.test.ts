// kill -9 of a coordinator (`skill serve --queue --database-url postgres://`) while its step runs on a worker: the
// surviving coordinator adopts the step where it runs (or records the result it finished with meanwhile) instead
// of starting it again: the step's side effect happens once, with one attempt, and the execution completes.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempProject, fetchJson, type TempDir, waitFor } from '@skill/test-kit';
import { openStore } from '@skill/workflow-core';
import type { ExecutionRecord, ExecutionStore, WorkflowEvent } from '@skill/workflow-model';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openQueueConnection } from '../src/index.js';
import { stepJobId } from '../src/queue-names.js';
import { type CoordinatorProcess, startCoordinator } from './coordinator-process.js';
import { freshQueueUrl } from './queue-urls.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

const postgresBase = inject('postgresUrl');
const backends = [
  { name: 'redis', base: inject('redisUrl') },
  { name: 'postgres', base: postgresBase },
] as const;

/** `long` marks its start, waits for go.txt, marks its end: its side effect is the lines of marks.txt. */
const ADOPT = `name = "adopt"
version = "1"
[[steps]]
id = "first"
command = "echo first"
[[steps]]
id = "long"
depends_on = ["first"]
command = "echo begin >> marks.txt; while [ ! -f go.txt ]; do sleep 0.1; done; echo end >> marks.txt; echo long-done"
[[steps]]
id = "last"
depends_on = ["long"]
command = "echo got {long.output}"
`;

/** Each iteration marks its item, waits for go.txt, then prints `<item>-done`. */
const LOOP = `name = "loop"
version = "1"
[[steps]]
id = "each"
step_type = "foreach"
items = ["a", "b"]
parallel = true
[[steps.loop]]
id = "mark"
command = "echo {loop.item} >> marks.txt; while [ ! -f go.txt ]; do sleep 0.1; done; echo {loop.item}-done"
`;

/** Short leases: the survivor takes over about a second after the kill. */
const LEASES = { SKILL_LEASE_MS: '1000', SKILL_HEARTBEAT_MS: '200' };

const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
const ofStep = (events: WorkflowEvent[], id: string) =>
  events.flatMap((e) =>
    'step_id' in e && e.step_id === id && e.type !== 'step_progress'
      ? [`${e.type} ${'attempt' in e ? e.attempt : ''}`]
      : [],
  );

describe.each(backends)('a coordinator killed while its step runs on a worker, queue on $name', ({ name, base }) => {
  let project: TempDir | undefined;
  let store: ExecutionStore | undefined;
  const processes: (CoordinatorProcess | WorkerProcess)[] = [];

  afterEach(async () => {
    await Promise.allSettled(processes.splice(0).map((p) => p.kill()));
    await store?.close?.();
    await project?.cleanup();
    project = store = undefined;
  });

  /** Starts `workflow` on a coordinator, kills it once marks.txt has `ready` lines; `survive` starts another. */
  async function setUp(workflow = 'adopt', ready = 1) {
    const queueUrl = await freshQueueUrl(name, base);
    const databaseUrl = await freshQueueUrl('postgres', postgresBase);
    project = await createTempProject({ adopt: ADOPT, loop: LOOP }, 'skill-takeover-');
    const dir = project.dir;
    const worker = await startWorker(queueUrl, dir, { name: 'w1', concurrency: 2 });
    const doomed = await startCoordinator(queueUrl, databaseUrl, dir, LEASES);
    processes.push(worker, doomed);
    store = await openStore(databaseUrl);
    const started = await fetchJson<{ execution_id: string }>(`${doomed.url}/api/workflows/${workflow}/execute`, {
      body: { async_execution: true },
    });
    expect(started.status).toBe(202);
    const id = started.body.execution_id;
    const marks = join(dir, 'marks.txt');
    await waitFor(async () => (await lines(marks)).length >= ready, 60_000);
    await doomed.kill();
    const survive = async () => {
      const survivor = await startCoordinator(queueUrl, databaseUrl, dir, LEASES);
      processes.push(survivor);
    };
    const db = store;
    const ended = async () => {
      const record = await db.getExecution(id);
      return record && record.status !== 'running' && record.status !== 'pending' ? record : undefined;
    };
    /** Resolves once the survivor has taken the execution over (its own workflow_started). */
    const takenOver = () =>
      waitFor(async () => (await db.listEvents(id)).filter((e) => e.type === 'workflow_started').length === 2, 60_000);
    return { dir, id, marks, queueUrl, db, survive, ended, takenOver };
  }

  async function expectAdopted(db: ExecutionStore, record: ExecutionRecord, marks: string) {
    expect(record.status).toBe('completed');
    expect(await lines(marks)).toEqual(['begin', 'end']); // the side effect happened once
    expect(record.steps.long).toMatchObject({ status: 'completed', attempts: 1, output: 'long-done' });
    expect(record.steps.last?.output).toBe('got long-done');
    const events = await db.listEvents(record.id);
    expect(ofStep(events, 'long')).toEqual(['step_started 1', 'step_completed 1']);
    expect(ofStep(events, 'first')).toEqual(['step_started 1', 'step_completed 1']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'workflow_started')).toHaveLength(2);
  }

  it.skipIf(!base || !postgresBase)(
    'adopts the step still running: its lines and result come to the survivor',
    async () => {
      const { dir, marks, db, survive, ended, takenOver } = await setUp();
      await survive();
      await takenOver(); // while the step still waits
      await writeFile(join(dir, 'go.txt'), 'go');
      const record = await waitFor(ended, 60_000);
      await expectAdopted(db, record, marks);
    },
  );

  it.skipIf(!base || !postgresBase)(
    'records the result of a step that finished while no coordinator was alive',
    async () => {
      const { dir, id, marks, queueUrl, db, survive, ended } = await setUp();
      await writeFile(join(dir, 'go.txt'), 'go');
      const conn = await openQueueConnection(queueUrl);
      const queue = new conn.classes.Queue('skill-steps', { connection: conn.connection });
      try {
        const jobId = stepJobId({ execution_id: id, step_id: 'long', attempt: 1 });
        await waitFor(async () => (await (await queue.getJob(jobId))?.getState()) === 'completed', 60_000);
      } finally {
        await queue.close();
      }
      await survive();
      const record = await waitFor(ended, 60_000);
      await expectAdopted(db, record, marks);
    },
  );

  it.skipIf(!base || !postgresBase)(
    'starts no foreach iteration twice: the survivor joins the jobs of the dead one',
    async () => {
      const { dir, marks, survive, ended, takenOver } = await setUp('loop', 2);
      await survive();
      await takenOver();
      await writeFile(join(dir, 'go.txt'), 'go');
      const record = await waitFor(ended, 60_000);
      expect(record.status).toBe('completed');
      expect((await lines(marks)).sort()).toEqual(['a', 'b']); // each iteration ran once
      expect(record.steps.each?.status).toBe('completed');
    },
  );
});
