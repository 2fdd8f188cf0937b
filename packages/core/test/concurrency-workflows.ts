// Workflows of the concurrency-key tests: a step that logs its start and end times (real side effects, read back
// to prove two executions never overlapped), one that waits for a file, and one that waits for its sibling's.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Key, limit and on_conflict as TOML (`limit = 1` and `queue` when not given). */
function header(name: string, onConflict = 'queue', limit = 1): string {
  return `version = "1"\nname = "${name}"\n[inputs]\nenv = { type = "string", required = true }\n[config]\nconcurrency = { key = "deploy-{inputs.env}", limit = ${limit}, on_conflict = "${onConflict}" }\n`;
}

/** Appends `start <ns>` and `end <ns>` lines with its execution id to ./timeline, 0.2 s apart. */
export function timedDeploy(onConflict = 'queue', limit = 1): string {
  const line = (what: string) => `echo "${what} $SKILL_EXECUTION_ID $(date +%s%N)" >> timeline`;
  return `${header('timed-deploy', onConflict, limit)}[[steps]]\nid = "work"\ncommand = '${line('start')}; sleep 0.2; ${line('end')}'\n`;
}

/** Waits (bounded, 30 s) for ./gate, then exits with ./exit-code's number (0 when absent). */
export function gatedDeploy(onConflict = 'queue'): string {
  return `${header('gated-deploy', onConflict)}[[steps]]\nid = "work"\ncommand = 'for i in $(seq 1 3000); do [ -f gate ] && break; sleep 0.01; done; exit $(cat exit-code 2>/dev/null || echo 0)'\n`;
}

/** Touches ./started-<env> and waits (bounded, 30 s) for ./started-<other>: completes only while both run at once. */
export function meetingDeploy(): string {
  return `${header('meeting-deploy')}[inputs.other]\ntype = "string"\nrequired = true\n[[steps]]\nid = "work"\ncommand = 'touch started-{inputs.env}; for i in $(seq 1 3000); do [ -f started-{inputs.other} ] && break; sleep 0.01; done; [ -f started-{inputs.other} ]'\n`;
}

/** The [start, end] nanosecond intervals of ./timeline in `dir`, by execution id. */
export async function timeline(dir: string): Promise<Map<string, { start: bigint; end: bigint }>> {
  const text = await readFile(path.join(dir, 'timeline'), 'utf8');
  const spans = new Map<string, { start: bigint; end: bigint }>();
  for (const line of text.trim().split('\n')) {
    const [what, id, ns] = line.split(' ');
    if (!id || !ns) continue;
    const span = spans.get(id) ?? { start: 0n, end: 0n };
    if (what === 'start') span.start = BigInt(ns);
    else span.end = BigInt(ns);
    spans.set(id, span);
  }
  return spans;
}

/** The pairs of spans that overlap in time (none, when a key kept its executions apart). */
export function overlaps(spans: Map<string, { start: bigint; end: bigint }>): string[] {
  const sorted = [...spans.entries()].sort((a, b) => (a[1].start < b[1].start ? -1 : 1));
  const found: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1], sorted[i]];
    if (before && after && after[1].start < before[1].end) found.push(`${before[0]} / ${after[0]}`);
  }
  return found;
}
