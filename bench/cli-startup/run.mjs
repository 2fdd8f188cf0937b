#!/usr/bin/env node
// bench/cli-startup: how long `skill` takes to start, as a ratio to `node -e 0` measured in the same run:
// `--version`, `--help`, and `workflow validate` / `workflow run` of the quickstart (examples/.workflows/quickstart.toml).
// The commands run round-robin after a warm-up (which also fills the compile cache), so a noisy machine slows all
// of them alike; each figure is the median wall time of one process from spawn to exit. On Linux it also prints the
// mean CPU time (user + system) of each command, read from /proc/self/stat's waited-children counters: CPU time
// grows much less than wall time when other processes share the cores, so its ratio is the steadier figure.
// Usage: node bench/cli-startup/run.mjs [--runs 15]   (after `pnpm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const bin = path.join(root, 'apps/cli/dist/bin.js');
const quickstart = path.join(root, 'examples/.workflows/quickstart.toml');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const WARM_UP = 2;

// `workflow run` records its execution in the current folder's .skill/: keep that out of the checkout.
const cwd = mkdtempSync(path.join(tmpdir(), 'cli-startup-'));

/** The measured commands: a label, the node arguments, and the target ratio to `node -e 0` (if any). */
const CASES = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'skill --version', args: [bin, '--version'], target: 1.5 },
  { label: 'skill --help', args: [bin, '--help'], target: 1.5 },
  { label: 'skill workflow validate quickstart', args: [bin, 'workflow', 'validate', quickstart], target: 2.5 },
  { label: 'skill workflow run quickstart', args: [bin, 'workflow', 'run', quickstart] },
];

const PROC_STAT = '/proc/self/stat';
/** Clock ticks per second of /proc's counters (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (ms) of this process's waited-for children so far (cutime + cstime), or undefined off Linux. */
function childrenCpuMs() {
  if (!existsSync(PROC_STAT)) return undefined;
  // The fields after the command name (which may hold spaces): cutime and cstime are fields 16 and 17.
  const stat = readFileSync(PROC_STAT, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** Runs one case once and returns its wall time and CPU time in ms; a failing command stops the bench. */
function timeOnce({ label, args }) {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${label} exited with ${result.status}: ${result.stderr}`);
  const cpuAfter = childrenCpuMs();
  return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

try {
  for (let i = 0; i < WARM_UP; i++) for (const c of CASES) timeOnce(c);
  const times = CASES.map(() => []);
  const cpu = CASES.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [index, c] of CASES.entries()) {
      const { ms, cpuMs } = timeOnce(c);
      times[index].push(ms);
      if (cpuMs !== undefined) cpu[index].push(cpuMs);
    }
  }

  const reference = median(times[0]);
  const cpuReference = cpu[0].length ? mean(cpu[0]) : undefined;
  console.log(
    `cli-startup: ${RUNS} runs each after ${WARM_UP} warm-up rounds, median wall time (Node ${process.version})`,
  );
  for (const [index, c] of CASES.entries()) {
    const ms = median(times[index]);
    const ratio = ms / reference;
    const verdict = c.target === undefined ? '' : `  target <= ${c.target}x: ${ratio <= c.target ? 'met' : 'MISSED'}`;
    console.log(`  ${c.label.padEnd(36)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2).padStart(5)}x${verdict}`);
  }
  if (cpuReference) {
    console.log('  CPU time (user + system), mean per process:');
    for (const [index, c] of CASES.entries()) {
      const ms = mean(cpu[index]);
      console.log(
        `  ${c.label.padEnd(36)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / cpuReference).toFixed(2).padStart(5)}x`,
      );
    }
  }
  console.log("  (workflow run includes the quickstart's 200 ms retry back-off; it has no target)");
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
