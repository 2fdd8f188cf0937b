#!/usr/bin/env node
// bench/distributed: steps dispatched through BullMQ to `skill worker` processes, on Redis and on PostgreSQL.
// 1) Scaling: 1, 2 and 4 worker processes (concurrency 8 each) run 2,000 `sleep 0.2` steps (a foreach whose
//    max_parallel is 8 x workers); prints steps/s and the 4-worker/1-worker ratio (target >= 3.5x).
// 2) Added latency: a one-step workflow of `true` run one after another, dispatched to one worker versus in process;
//    prints how much the dispatched run's median and p99 exceed the in-process run's (a p99 difference can be
//    negative on a noisy machine), and both runs' figures (targets: median <= 3 ms on Redis, <= 10 ms on PostgreSQL).
// Usage: node bench/distributed/run.mjs [--steps 2000] [--runs 200] [--backend redis|postgres] [--only scaling|latency]
//        [--redis URL] [--postgres URL]   (after `pnpm run build`; starts its own servers unless given URLs)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '@skill/workflow-core';
import { createQueueDispatcher } from '@skill/workflow-queue';
import { startPostgres, startRedis } from './services.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const bin = path.resolve(here, '../../apps/cli/dist/bin.js');
const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const STEPS = Number(arg('steps', 2000));
const RUNS = Number(arg('runs', 200));
const CONCURRENCY = 8;
const backends = arg('backend', 'redis,postgres').split(',');
const parts = arg('only', 'scaling,latency').split(',');

const project = mkdtempSync(path.join(tmpdir(), 'bench-distributed-'));
mkdirSync(path.join(project, '.workflows'));
const sleepWorkflow = (parallel) => `name = "sleepers"
version = "1"
[config]
max_parallel = ${parallel}
max_total_steps = ${STEPS + 10}
[[steps]]
id = "each"
items = "{inputs.items}"
parallel = true
max_parallel = ${parallel}
[[steps.loop]]
id = "nap"
command = "sleep 0.2"
`;
writeFileSync(
  path.join(project, '.workflows', 'one-true.toml'),
  'name = "one-true"\nversion = "1"\n[[steps]]\nid = "t"\ncommand = "true"\n',
);

function startWorkers(url, count) {
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const child = spawn(
        process.execPath,
        [bin, 'worker', '--queue', url, '--name', `bench-${index}`, '--concurrency', String(CONCURRENCY)],
        {
          cwd: project,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      return new Promise((resolve, reject) => {
        child.stdout.once('data', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    }),
  );
}

async function stopWorkers(children) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function scaling(url, workers) {
  writeFileSync(path.join(project, '.workflows', 'sleepers.toml'), sleepWorkflow(workers * CONCURRENCY));
  const dispatcher = await createQueueDispatcher(url);
  const engine = createEngine({ cwd: project, stepDispatcher: dispatcher });
  const children = await startWorkers(url, workers);
  try {
    await dispatcher.registry.settled();
    const items = Array.from({ length: STEPS }, (_, index) => index);
    const started = performance.now();
    const record = await engine.run('sleepers', { items });
    const seconds = (performance.now() - started) / 1000;
    if (record.status !== 'completed') throw new Error(`the sleep run ended ${record.status}`);
    return STEPS / seconds;
  } finally {
    await stopWorkers(children);
    await engine.shutdown({ graceMs: 0 });
    await dispatcher.close();
  }
}

async function timeRuns(engine) {
  for (let i = 0; i < 10; i++) await engine.run('one-true'); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const record = await engine.run('one-true');
    times.push(performance.now() - started);
    if (record.status !== 'completed') throw new Error(`the latency run ended ${record.status}`);
  }
  return times;
}

async function latency(url) {
  const local = createEngine({ cwd: project });
  const dispatcher = await createQueueDispatcher(url);
  const remote = createEngine({ cwd: project, stepDispatcher: dispatcher });
  const children = await startWorkers(url, 1);
  try {
    await dispatcher.registry.settled();
    // Interleaved halves, so a burst of load on the machine hits both alike.
    const inProcess = [];
    const dispatched = [];
    for (let round = 0; round < 2; round++) {
      inProcess.push(...(await timeRuns(local)));
      dispatched.push(...(await timeRuns(remote)));
    }
    return {
      median: percentile(dispatched, 50) - percentile(inProcess, 50),
      p99: percentile(dispatched, 99) - percentile(inProcess, 99),
      inProcessMedian: percentile(inProcess, 50),
      inProcessP99: percentile(inProcess, 99),
      dispatchedMedian: percentile(dispatched, 50),
      dispatchedP99: percentile(dispatched, 99),
    };
  } finally {
    await stopWorkers(children);
    await Promise.all([local.shutdown({ graceMs: 0 }), remote.shutdown({ graceMs: 0 })]);
    await dispatcher.close();
  }
}

const TARGET_MEDIAN = { redis: 3, postgres: 10 };
console.log(
  `bench/distributed: ${STEPS} x sleep 0.2 at concurrency ${CONCURRENCY} per worker; ${RUNS * 2} latency runs (Node ${process.version})`,
);
try {
  for (const backend of backends) {
    const service =
      backend === 'redis'
        ? arg('redis')
          ? { url: arg('redis'), stop() {} }
          : await startRedis()
        : arg('postgres')
          ? { url: arg('postgres'), stop() {} }
          : await startPostgres();
    try {
      const rates = {};
      for (const workers of parts.includes('scaling') ? [1, 2, 4] : []) {
        rates[workers] = await scaling(service.url, workers);
        console.log(`  ${backend.padEnd(8)} ${workers} worker(s): ${rates[workers].toFixed(1).padStart(6)} steps/s`);
      }
      const ratio = rates[4] / rates[1];
      if (parts.includes('scaling'))
        console.log(
          `  ${backend.padEnd(8)} 4/1 workers: ${ratio.toFixed(2)}x  target >= 3.5x: ${ratio >= 3.5 ? 'met' : 'MISSED'}`,
        );
      if (!parts.includes('latency')) continue;
      const added = await latency(service.url);
      const target = TARGET_MEDIAN[backend];
      console.log(
        `  ${backend.padEnd(8)} added latency of a dispatched \`true\` step: median ${added.median.toFixed(2)} ms, p99 ${added.p99.toFixed(2)} ms` +
          ` (dispatched run median/p99 ${added.dispatchedMedian.toFixed(2)}/${added.dispatchedP99.toFixed(2)} ms, in-process` +
          ` ${added.inProcessMedian.toFixed(2)}/${added.inProcessP99.toFixed(2)} ms)  target median <= ${target} ms: ${added.median <= target ? 'met' : 'MISSED'}`,
      );
    } finally {
      service.stop();
    }
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
