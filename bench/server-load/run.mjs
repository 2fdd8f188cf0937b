#!/usr/bin/env node
// bench/server-load: `skill serve` (child process, embedded SQLite) under 500 async executions of a 3-step
// command chain submitted 50 at a time, with 50 WebSocket watchers. Prints submit/status latency p50/p99,
// throughput, events seen by the watchers, lost executions, server RSS, per-step engine overhead and where the
// machine's CPU went during the load (steps, spawner, server, bench client; Linux). A smaller load of the same
// kind runs first, right after start, and is reported on its own line: it warms the server's code up (V8 compiles
// and optimizes a path on its first uses), so the main figures are those of a server that has been running.
// Usage: node bench/server-load/run.mjs [--executions 500] [--watchers 50] [--concurrency 50] [--first-load 100]
//   [--client http|fetch]
// (after pnpm build)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const cli = path.join(root, 'apps/cli/dist/bin.js');
const arg = (name, fallback, parse = Number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? parse(process.argv[i + 1]) : fallback;
};
const EXECUTIONS = arg('executions', 500);
const WATCHERS = Math.min(arg('watchers', 50), EXECUTIONS);
const CONCURRENCY = arg('concurrency', 50);
/** Executions of the first load (0: none), measured on its own; its watchers: as many as the main load's. */
const FIRST_LOAD = arg('first-load', 100);
/** `http` (node:http, keep-alive) or `fetch`: the bench's client runs on the same cores as the server. */
const CLIENT = arg('client', 'http', String);
if (CLIENT !== 'http' && CLIENT !== 'fetch') {
  console.error(`server-load: --client must be http or fetch, got ${CLIENT}`);
  process.exit(2);
}
const POLL_CONCURRENCY = 16;
const POLL_PAUSE_MS = 100;
const QUIET_RUNS = 20;
const STEPS = 3;
const DEADLINE_MS = 120_000;
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

if (!existsSync(cli) || !existsSync(path.join(root, 'packages/server/dist/index.js'))) {
  console.error(`server-load: ${path.relative(root, cli)} is missing: run pnpm build first`);
  process.exit(1);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (values, p) =>
  values.length ? [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * values.length) - 1)] : Number.NaN;
const ms = (v, digits = 1) => `${v.toFixed(digits)} ms`;
const rssKb = (pid, field = 'VmRSS') => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return Number.NaN;
  }
};
/** CPU ms (user + system) of the process `pid`, or of its main thread alone with `mainThread` (/proc, Linux). */
const cpuMs = (pid, mainThread = false) => {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return Number.NaN;
  }
};
/** The CPU ms of the skill-spawner children of `pid`: their own and their reaped children's (the steps). */
function spawnerCpu(pid) {
  const found = { own: 0, steps: 0, count: 0 };
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { own: Number.NaN, steps: Number.NaN, count: 0 };
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (!stat.includes('(skill-spawner)')) continue;
      const fields = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      if (fields[1] !== pid) continue; // ppid
      found.own += ((fields[11] + fields[12]) * 1000) / 100; // utime + stime
      found.steps += ((fields[13] + fields[14]) * 1000) / 100; // cutime + cstime: reaped children
      found.count += 1;
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
/** Busy and idle CPU ms of the whole machine so far (/proc/stat), or NaN elsewhere than Linux. */
function machineCpu() {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
    const all = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // up to steal; guest time is inside user
    return { busy: ((all - idle) * 1000) / 100, idle: (idle * 1000) / 100 };
  } catch {
    return { busy: Number.NaN, idle: Number.NaN };
  }
}
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const mb = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a');

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Per-step overhead of one finished record: (execution duration - sum of the chain's step durations) / steps. */
function overheadPerStep(record) {
  const steps = Object.values(record.steps ?? {});
  const sum = steps.reduce((total, s) => total + (s.duration_ms ?? 0), 0);
  return (record.duration_ms - sum) / steps.length;
}

function writeProject() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skill-server-load-'));
  mkdirSync(path.join(dir, '.workflows'));
  const lines = ['version = "1"', 'name = "load"', '[config]', 'max_parallel = 8'];
  for (let i = 0; i < STEPS; i++) {
    lines.push('[[steps]]', `id = "s${i}"`, 'step_type = "command"', `command = "echo ${i}"`);
    if (i > 0) lines.push(`depends_on = ["s${i - 1}"]`);
  }
  writeFileSync(path.join(dir, '.workflows/load.toml'), `${lines.join('\n')}\n`);
  return dir;
}

/** Starts `skill serve --port 0` in `cwd` and resolves with the child and the URL of its first stdout line. */
function startServer(cwd) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 15 s: ${stderr}`)), 15_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const found = /listening on (\S+)/.exec(line)?.[1];
      found ? resolve(found) : reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${stderr}`));
    });
  });
  return { child, url };
}

async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return `had already exited (${child.signalCode ?? child.exitCode})`;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  const started = performance.now();
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), 15_000);
  });
  const how = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (how !== null) return `${how} after ${ms(performance.now() - started, 0)}`;
  child.kill('SIGKILL');
  return `SIGKILL after 15 s (${await exited})`;
}

const json = { 'content-type': 'application/json' };
const body = JSON.stringify({ inputs: {}, async_execution: true });
/** Keep-alive connections for the `http` client; each load starts with new ones. */
const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 128 });
let agent = newAgent();
/** One request through node:http (a fraction of fetch's CPU, which shares the machine with the server). */
function httpRequest(url, method, payload) {
  return new Promise((resolve, reject) => {
    const headers = payload === undefined ? {} : json;
    const req = http.request(url, { method, agent, headers, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // `fresh`: sent on a new connection (its first request), not on a kept-alive one.
        resolve({ status: res.statusCode, fresh: !req.reusedSocket, json: async () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', reject);
    req.end(payload);
  });
}
/** One request through fetch (undici), the client this bench used first. */
const fetchRequest = (url, method, payload) =>
  fetch(url, {
    method,
    headers: payload === undefined ? {} : json,
    body: payload,
    signal: AbortSignal.timeout(30_000),
  });
/** GET `url`, or send `payload` with `method`; resolves with `{ status, json() }`. */
const request = (url, method = 'GET', payload = undefined) =>
  (CLIENT === 'fetch' ? fetchRequest : httpRequest)(url, method, payload);
const post = (url, payload) => request(url, 'POST', payload);

/** Watches one execution over the WebSocket; resolves with what it saw (bounded by the deadline). */
function watch(base, id, deadline) {
  const seen = { id, seqs: [], completed: false, code: null };
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/executions/${id}`);
  ws.on('message', (data) => {
    const event = JSON.parse(String(data));
    if (typeof event.seq === 'number') seen.seqs.push(event.seq);
    if (event.type === 'workflow_completed') seen.completed = true;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), Math.max(0, deadline - performance.now()));
    ws.on('error', (error) => {
      seen.error = error.message;
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      seen.code = code;
      resolve(seen);
    });
  });
}

/** `executions` async submissions, CONCURRENCY at a time, the first `watchers` of them watched over WebSockets. */
async function load(base, child, executions, watchers) {
  const submitMs = [];
  const statusMs = [];
  /** Status latencies of requests sent on a new connection (http client only) and of the others. */
  const statusBySocket = { fresh: [], reused: [] };
  const errors = { count: 0, first: [] };
  const fail = (message) => {
    errors.count++;
    if (errors.first.length < 5) errors.first.push(message);
  };
  const pending = new Set();
  const records = new Map();
  const watching = [];
  const started = performance.now();
  const startedEpoch = Date.now();
  const deadline = started + DEADLINE_MS;
  const alive = () => child.exitCode === null && child.signalCode === null;
  let submitting = true;
  let peakKb = 0;
  const submit = async (index) => {
    if (performance.now() > deadline || !alive()) return;
    const t0 = performance.now();
    try {
      const res = await post(`${base}/api/workflows/load/execute`, body);
      const answer = await res.json();
      submitMs.push(performance.now() - t0);
      if (res.status !== 202) throw new Error(`HTTP ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
      pending.add(answer.execution_id);
      if (index < watchers) watching.push(watch(base, answer.execution_id, deadline));
    } catch (error) {
      fail(`submit ${index}: ${error.message}`);
    }
  };
  const poll = async () => {
    while (performance.now() < deadline && alive() && (submitting || pending.size > 0)) {
      peakKb = Math.max(peakKb, rssKb(child.pid) || 0);
      await pool([...pending], POLL_CONCURRENCY, async (id) => {
        const t0 = performance.now();
        try {
          const res = await request(`${base}/api/executions/${id}`);
          const record = await res.json();
          const took = performance.now() - t0;
          statusMs.push(took);
          if (res.fresh !== undefined) statusBySocket[res.fresh ? 'fresh' : 'reused'].push(took);
          if (TERMINAL.has(record.status)) {
            records.set(id, record);
            pending.delete(id);
          }
        } catch (error) {
          fail(`status ${id}: ${error.message}`);
        }
      });
      await sleep(POLL_PAUSE_MS);
    }
  };
  const polling = poll();
  const indexes = Array.from({ length: executions }, (_, i) => i);
  await pool(indexes, CONCURRENCY, submit);
  const submitWall = performance.now() - started;
  submitting = false;
  await polling;
  const seenAll = performance.now() - started;
  // Wall time from the records: first submit to the last finished_at (independent of the polling pace).
  const ends = [...records.values()].map((rec) => Date.parse(rec.finished_at) - startedEpoch);
  const wall = ends.length ? Math.max(...ends) : seenAll;
  const watched = await Promise.all(watching);
  return { submitMs, statusMs, statusBySocket, errors, records, watched, submitWall, seenAll, wall, peakKb };
}

/**
 * What a load of `executions` with `watchers` watchers left: the executions completed, those lost, the watchers that
 * saw every event, and whether it passed (nothing lost, every watcher there and gapless).
 */
function outcome(r, executions, watchers) {
  const all = [...r.records.values()];
  const completed = all.filter((rec) => rec.status === 'completed');
  const watchOk = r.watched.filter((w) => {
    const gapless = w.seqs.length > 0 && w.seqs.every((seq, k) => seq === k + 1);
    return gapless && w.completed && w.code === 1000 && r.records.get(w.id)?.last_seq === w.seqs.length;
  });
  const lost = executions - completed.length;
  const passed = lost === 0 && watchOk.length === r.watched.length && r.watched.length === watchers;
  return { all, completed, lost, watchOk, passed };
}

/** Requests per kind when the server's CPU per request is measured. */
const REQUEST_COST_RUNS = 1000;

/**
 * Server main-thread CPU per request once the load is over: status reads of one finished execution, and the
 * health route as the in-run reference (a request that reads nothing), each sent POLL_CONCURRENCY at a time.
 */
async function requestCost(base, pid, executionId) {
  const perRequest = async (url) => {
    const get = async () => (await request(url)).json();
    await pool(Array.from({ length: 100 }), POLL_CONCURRENCY, get); // warm up
    const before = cpuMs(pid, true);
    await pool(Array.from({ length: REQUEST_COST_RUNS }), POLL_CONCURRENCY, get);
    return (cpuMs(pid, true) - before) / REQUEST_COST_RUNS;
  };
  if (executionId === undefined) return { status: Number.NaN, health: Number.NaN };
  return {
    status: await perRequest(`${base}/api/executions/${executionId}`),
    health: await perRequest(`${base}/api/health`),
  };
}

const project = writeProject();
const server = startServer(project);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.child.kill('SIGKILL');
    rmSync(project, { recursive: true, force: true });
    process.exit(130);
  });
}
let failed = false;
try {
  const base = await server.url;
  const pid = server.child.pid;
  const idleKb = rssKb(pid);
  // Quiet figure first (also warms the server up): one synchronous execution at a time.
  const quiet = [];
  const quietTrip = [];
  const quietUpper = [];
  for (let i = 0; i < QUIET_RUNS; i++) {
    const t0 = performance.now();
    const res = await post(`${base}/api/workflows/load/execute`, JSON.stringify({ inputs: {} }));
    const record = await res.json();
    if (record.status !== 'completed') throw new Error(`quiet run ${i}: ${JSON.stringify(record).slice(0, 300)}`);
    const trip = performance.now() - t0;
    const stepsMs = Object.values(record.steps).reduce((total, step) => total + step.duration_ms, 0);
    quiet.push(overheadPerStep(record));
    quietTrip.push(trip);
    quietUpper.push((trip - stepsMs) / STEPS);
  }
  // The first load, right after start: measured on its own, and on connections of its own.
  const firstWatchers = Math.min(WATCHERS, FIRST_LOAD);
  const first = FIRST_LOAD > 0 ? await load(base, server.child, FIRST_LOAD, firstWatchers) : null;
  const firstOutcome = first && outcome(first, FIRST_LOAD, firstWatchers);
  agent.destroy();
  agent = newAgent();
  const beforeKb = rssKb(pid);
  const cpuBefore = { main: cpuMs(pid, true), all: cpuMs(pid) };
  const machineBefore = machineCpu();
  const spawnersBefore = spawnerCpu(pid); // started by the quiet runs
  const clientBefore = process.cpuUsage();
  const r = await load(base, server.child, EXECUTIONS, WATCHERS);
  const clientCpu = process.cpuUsage(clientBefore);
  const cpu = { main: cpuMs(pid, true) - cpuBefore.main, all: cpuMs(pid) - cpuBefore.all };
  const spawners = spawnerCpu(pid);
  const machineAfter = machineCpu();
  const machine = { busy: machineAfter.busy - machineBefore.busy, idle: machineAfter.idle - machineBefore.idle };
  const stepsCpu = spawners.steps - spawnersBefore.steps;
  const spawnerOwnCpu = spawners.own - spawnersBefore.own;
  const clientMs = (clientCpu.user + clientCpu.system) / 1000;
  const afterKb = rssKb(pid);
  const hwmKb = rssKb(pid, 'VmHWM');
  const { all, completed, lost, watchOk, passed } = outcome(r, EXECUTIONS, WATCHERS);
  const loaded = completed.map(overheadPerStep);
  const cost = await requestCost(base, pid, all[0]?.id);
  const events = r.watched.reduce((n, w) => n + w.seqs.length, 0);
  const lens = [...new Set(r.watched.map((w) => w.seqs.length))].join('/');
  const secs = r.wall / 1000;
  const report = [
    `server-load: ${EXECUTIONS} async executions of a ${STEPS}-step command chain, ${CONCURRENCY} submits in flight, ${WATCHERS} WS watchers, SQLite, ${CLIENT} client`,
    `  submit  latency  : p50 ${ms(pct(r.submitMs, 0.5))}  p99 ${ms(pct(r.submitMs, 0.99))}  (${r.submitMs.length} requests, all sent in ${ms(r.submitWall, 0)})`,
    `  status  latency  : p50 ${ms(pct(r.statusMs, 0.5))}  p99 ${ms(pct(r.statusMs, 0.99))}  (${r.statusMs.length} GET /api/executions/:id)`,
    ...(CLIENT === 'http'
      ? [
          `  status by socket : ${r.statusBySocket.fresh.length} on new connections p50 ${ms(pct(r.statusBySocket.fresh, 0.5))} max ${ms(Math.max(...r.statusBySocket.fresh, 0))}; ${r.statusBySocket.reused.length} on kept-alive ones p99 ${ms(pct(r.statusBySocket.reused, 0.99))}`,
        ]
      : []),
    `  wall / throughput: ${ms(r.wall, 0)} (polling ended at ${ms(r.seenAll, 0)})  ${(completed.length / secs).toFixed(1)} executions/s  ${((completed.length * STEPS) / secs).toFixed(1)} steps/s`,
    `  completed        : ${completed.length}/${EXECUTIONS}  lost ${lost}  (other terminal: ${all.length - completed.length}, request errors: ${r.errors.count})`,
    `  WS watchers      : ${watchOk.length}/${r.watched.length} saw seq 1..N gapless + workflow_completed + close 1000  (${events} events, N = ${lens})`,
    `  server RSS       : idle ${mb(idleKb)}  before load ${mb(beforeKb)}  after ${mb(afterKb)}  peak ${mb(Math.max(hwmKb || 0, r.peakKb))}`,
    `  server CPU, load : main thread ${ms(cpu.main, 0)}  all threads ${ms(cpu.all, 0)}  (machine load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores)`,
    `  bench client CPU : ${ms(clientMs, 0)} during the load (same cores as the server)`,
    `  machine CPU, load: steps ${ms(stepsCpu, 0)}  spawner ${ms(spawnerOwnCpu, 0)}  server ${ms(cpu.all, 0)}  bench client ${ms(clientMs, 0)}  rest ${ms(machine.busy - stepsCpu - spawnerOwnCpu - cpu.all - clientMs, 0)}  idle ${((100 * machine.idle) / (machine.busy + machine.idle)).toFixed(0)}% (/proc/stat, ${os.availableParallelism()} cores)`,
    `  overhead/step    : quiet median ${ms(pct(quiet, 0.5), 2)} mean ${ms(mean(quiet), 2)} (${quiet.length} runs; target < 2 ms)  under load median ${ms(pct(loaded, 0.5), 2)} mean ${ms(mean(loaded), 2)} p90 ${ms(pct(loaded, 0.9), 2)} (target < 2 ms)`,
    `  request CPU      : status read ${ms(cost.status, 3)}, GET /api/health ${ms(cost.health, 3)} of server main thread per request (${REQUEST_COST_RUNS} each, ${POLL_CONCURRENCY} in flight, once idle): ${(cost.status / cost.health).toFixed(2)}x`,
    `  quiet sync runs  : round trip p50 ${ms(pct(quietTrip, 0.5))}; (round trip - step durations) / ${STEPS} = ${ms(pct(quietUpper, 0.5), 2)} median (upper bound: HTTP, load, SQLite flush included)`,
    ...(firstOutcome
      ? [
          `  first load, cold : ${FIRST_LOAD} executions and ${first.watched.length} watchers right after start (not in the figures above; it warms the server up): submit p50 ${ms(pct(first.submitMs, 0.5))} p99 ${ms(pct(first.submitMs, 0.99))}, status p99 ${ms(pct(first.statusMs, 0.99))}, ${firstOutcome.completed.length}/${FIRST_LOAD} completed, ${firstOutcome.watchOk.length}/${first.watched.length} watchers gapless`,
        ]
      : []),
    ...[...(first?.errors.first ?? []), ...r.errors.first].map((error) => `  ! ${error}`),
  ];
  console.log(report.join('\n'));
  failed = !passed || (firstOutcome !== null && !firstOutcome.passed);
} catch (error) {
  console.error(`server-load: ${error.stack ?? error}`);
  failed = true;
} finally {
  console.log(`  server stop      : ${await stopServer(server.child)}`);
  rmSync(project, { recursive: true, force: true });
}
console.log(`  result           : ${failed ? 'FAIL' : 'OK'}`);
process.exitCode = failed ? 1 : 0;
