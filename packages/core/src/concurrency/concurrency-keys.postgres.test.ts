// Two engines, each with its own connection pool to one PostgreSQL store (as two servers are): executions with the
// same concurrency key never overlap (timestamps their steps wrote), whichever engine runs them; another key runs
// beside them.
import { createTempProject } from '@skill/test-kit';
import { openStore } from '@skill/workflow-store';
import { afterAll, describe, expect, it } from 'vitest';
import { overlaps, timedDeploy, timeline } from '../../test/concurrency-workflows.js';
import { postgresUrl } from '../../test/postgres-url.js';
import { createEngine } from '../engine.js';

const url = postgresUrl();

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(!url)('concurrency keys on two servers sharing PostgreSQL', () => {
  it('never overlaps two executions with the same key; another key runs beside them', {
    timeout: 120_000,
  }, async () => {
    const temp = await createTempProject({});
    cleanups.push(() => temp.cleanup());
    const servers = await Promise.all(
      [1, 2].map(async () => {
        const store = await openStore(url);
        const engine = createEngine({ cwd: temp.dir, store });
        cleanups.push(async () => {
          await engine.shutdown({ graceMs: 0 });
          await store.close?.();
        });
        return engine;
      }),
    );
    const env = `pg-${process.pid}-${Date.now()}`; // the database is shared with earlier runs
    const started = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(
        (i) => servers[i % 2]?.start(timedDeploy(), { env }) as ReturnType<(typeof servers)[0]['start']>,
      ),
    );
    const beside = await servers[0]?.start(timedDeploy(), { env: `${env}-other` });
    const records = await Promise.all(started.map((s) => s.done));
    expect(records.map((r) => r.status)).toEqual(Array(6).fill('completed'));
    expect((await beside?.done)?.status).toBe('completed');
    const spans = await timeline(temp.dir);
    const sameKey = new Map([...spans].filter(([id]) => records.some((r) => r.id === id)));
    expect(sameKey.size).toBe(6);
    expect(overlaps(sameKey)).toEqual([]);
    const queuedOnBoth = new Set<string>();
    for (const [i, record] of records.entries()) {
      const events = await servers[0]?.listEvents(record.id);
      if (events?.some((e) => e.type === 'workflow_queued')) queuedOnBoth.add(String(i % 2));
    }
    expect([...queuedOnBoth].sort()).toEqual(['0', '1']);
    expect(await servers[0]?.store.listConcurrencyHolders?.(`deploy-${env}`)).toEqual([]);
  });
});
