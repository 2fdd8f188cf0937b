// Measures appendEvent on SQLite: 3,000 events of a 1,000-step run (target: well under 1 ms per event; printed,
// not asserted, since a loaded machine makes any time limit flaky).
import { join } from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { expect, it } from 'vitest';
import { definition, stepEvents } from './contract/contract-fixtures.js';
import { openSqliteStore } from './index.js';

const dir = useTempDir('skill-store-perf-');

it('appends 3,000 events of a 1,000-step run and prints the time per event', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir(), 'executions.db'));
  try {
    const ids = Array.from({ length: 1000 }, (_, i) => `step-${i}`);
    await store.createExecution({ id: 'perf', workflow_name: 'perf', inputs: {}, definition: definition('perf', ids) });
    const bodies = stepEvents(1000);
    const started = performance.now();
    for (const body of bodies) await store.appendEvent('perf', body);
    const microsPerEvent = ((performance.now() - started) * 1000) / bodies.length;
    console.log(`SQLite appendEvent: ${microsPerEvent.toFixed(0)} µs/event over ${bodies.length} events`);
    const record = await store.getExecution('perf');
    expect(record?.last_seq).toBe(3000);
    expect(Object.keys(record?.steps ?? {})).toHaveLength(1000);
    expect(record?.steps['step-999']?.status).toBe('completed');
  } finally {
    await store.close();
  }
});
