#!/usr/bin/env node
// bench/store-calls: CPU per call of the SQLite store's hot calls (a status read, a step's two appends), each as a
// ratio to the same SQL run straight on node:sqlite in the same run (the floor: what SQLite itself costs).
// Usage: node bench/store-calls/run.mjs [--calls=5000] [--rounds=3]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '@skill/workflow-core';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const calls = Number(args.calls ?? 5000);
const rounds = Number(args.rounds ?? 3);
const dir = mkdtempSync(path.join(os.tmpdir(), 'skill-store-calls-'));
const file = path.join(dir, 'executions.db');

const definition = {
  version: '1',
  name: 'load',
  steps: [0, 1, 2].map((i) => ({ id: `s${i}`, step_type: 'command', command: `echo ${i}` })),
};

/** Best of `rounds`: CPU µs per call of `fn` over `calls` calls (after a warm-up). */
async function perCall(fn) {
  for (let i = 0; i < 500; i++) await fn(i);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = process.cpuUsage();
    for (let i = 0; i < calls; i++) await fn(i);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / calls);
  }
  return best;
}

const store = await openSqliteStore(file);
const ids = [];
for (let i = 0; i < 200; i++) {
  const { id } = await store.createExecution({ id: `e${i}`, workflow_name: 'load', inputs: {}, definition });
  ids.push(id);
  await store.appendEvents(id, [{ type: 'workflow_started', inputs: {} }]);
  for (const step of ['s0', 's1', 's2']) {
    await store.appendEvents(id, [{ type: 'step_started', step_id: step, attempt: 1, status: 'running' }]);
    const output = { stdout: `${step}\n`, exit_code: 0 };
    const completed = { type: 'step_completed', step_id: step, status: 'completed', attempt: 1, duration_ms: 3 };
    await store.appendEvents(id, [{ ...completed, output, metadata: {} }]);
  }
}

const statusRead = await perCall((i) => store.getExecution(ids[i % ids.length]));
let nextStep = 0;
await store.createExecution({ id: 'appends', workflow_name: 'load', inputs: {}, definition });
const stepAppends = await perCall(async () => {
  const step = `x${nextStep++}`;
  await store.appendEvents('appends', [{ type: 'step_started', step_id: step, attempt: 1, status: 'running' }]);
  const completed = { type: 'step_completed', step_id: step, status: 'completed', attempt: 1, duration_ms: 3 };
  await store.appendEvents('appends', [{ ...completed, output: { stdout: 'x\n' }, metadata: {} }]);
});
await store.close();

// The floor: the same reads as one snapshot, and a step's rows written in two transactions, straight on node:sqlite.
// Loaded after the store: node:sqlite's ExperimentalWarning is then already spent (silently, by the store).
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
const raw = new DatabaseSync(file);
raw.exec('PRAGMA synchronous = NORMAL'); // as the store sets it (WAL: no fsync per commit)
raw.exec('PRAGMA foreign_keys = ON');
const begin = raw.prepare('begin');
const beginWrite = raw.prepare('begin immediate');
const commit = raw.prepare('commit');
const readRow = raw.prepare(
  'select e.*, s.inputs, s.definition from executions e join execution_snapshots s on s.execution_id = e.id where e.id = ?',
);
const readSteps = raw.prepare('select * from step_records where execution_id in (?) order by execution_id, first_seq');
const rawRead = await perCall((i) => {
  begin.run();
  const row = readRow.get(ids[i % ids.length]);
  const steps = readSteps.all(row.id);
  commit.run();
  JSON.parse(row.definition);
  for (const step of steps) JSON.parse(step.output);
});
const claim = raw.prepare('update executions set last_seq = last_seq + ? where id = ? returning last_seq');
const insertEvent = raw.prepare('insert into events (execution_id, seq, type, body, timestamp) values (?, ?, ?, ?, ?)');
const insertStep = raw.prepare(
  "insert into step_records (execution_id, step_id, first_seq, status, attempts, started_at, metadata) values (?, ?, ?, 'running', 1, ?, '{}')",
);
const updateStep = raw.prepare(
  "update step_records set status = 'completed', finished_at = ?, duration_ms = 3, output = ? where execution_id = ? and step_id = ?",
);
let rawStep = 0;
const rawAppends = await perCall(() => {
  const step = `r${rawStep++}`;
  const now = new Date().toISOString();
  beginWrite.run();
  const { last_seq: started } = claim.get(1, 'appends');
  insertEvent.run('appends', started, 'step_started', JSON.stringify({ type: 'step_started', step_id: step }), now);
  insertStep.run('appends', step, started, now);
  commit.run();
  beginWrite.run();
  const { last_seq: done } = claim.get(1, 'appends');
  insertEvent.run('appends', done, 'step_completed', JSON.stringify({ type: 'step_completed', step_id: step }), now);
  updateStep.run(now, JSON.stringify({ stdout: 'x\n' }), 'appends', step);
  commit.run();
});
raw.close();
rmSync(dir, { recursive: true, force: true });

const us = (value) => `${value.toFixed(1)} µs`;
console.log(
  `store-calls: CPU per call, best of ${rounds} × ${calls} calls, SQLite store vs the same SQL on node:sqlite`,
);
console.log(
  `  status read (getExecution)  : ${us(statusRead)}  raw ${us(rawRead)}  ${(statusRead / rawRead).toFixed(2)}x`,
);
console.log(
  `  step appends (start + end)  : ${us(stepAppends)}  raw ${us(rawAppends)}  ${(stepAppends / rawAppends).toFixed(2)}x`,
);
