// `skill schedules list|pause|resume`: the [[triggers]] schedules of the project's workflows, read from and paused
// in the store the servers share (so a pause reaches every server).
import { listSchedules, type ScheduleSummary, setSchedulePaused } from '@skill/workflow-core';
import type { CliIo } from '../cli-io.js';
import { type CliEngineOptions, withCliEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { terminalJson, terminalSafe, terminalSafeDeep } from '../render/terminal-safe.js';
import { colorEnabled, createStyle } from '../terminal-style.js';

function storeOptions(cmd: { database?: string }, io: CliIo, store: 'read' | 'write'): CliEngineOptions {
  return { env: io.env, store, ...(cmd.database ? { database: cmd.database } : {}) };
}

function lastTick(schedule: ScheduleSummary): string {
  const [last] = schedule.last_ticks;
  if (!last) return '-';
  return `${last.tick} ${last.outcome}${last.note ? ` (${last.note})` : ''}`;
}

/** Prints each schedule: workflow#index, cron and zone, next fire time (or paused), the latest tick. */
export async function schedulesListCommand(cmd: { json: boolean; database?: string }, io: CliIo): Promise<ExitCode> {
  const schedules = await withCliEngine(io.cwd, storeOptions(cmd, io, 'read'), (engine) => listSchedules(engine));
  if (cmd.json) {
    io.stdout.write(`${terminalJson(schedules, 2)}\n`);
    return ExitCode.Completed;
  }
  if (schedules.length === 0) {
    io.stdout.write('no schedules: add [[triggers]] with cron = "..." to a workflow in .workflows/\n');
    return ExitCode.Completed;
  }
  const style = createStyle(colorEnabled(io.stdout, io.env));
  const rows = terminalSafeDeep(schedules).map((s) => [
    `${s.workflow_name}#${s.trigger_index}`,
    `${s.cron} (${s.timezone})`,
    s.paused ? 'paused' : (s.next_fire ?? 'never'),
    lastTick(s),
  ]);
  const header = ['SCHEDULE', 'CRON', 'NEXT', 'LAST TICK'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${style.bold(line(header))}\n`);
  for (const row of rows) io.stdout.write(`${line(row)}\n`);
  return ExitCode.Completed;
}

/** `schedules pause|resume <workflow> [index]`; exit 2 for a bad index, an unknown workflow or trigger. */
export async function schedulesPauseCommand(
  cmd: { kind: 'schedules-pause' | 'schedules-resume'; target: string[]; json: boolean; database?: string },
  io: CliIo,
): Promise<ExitCode> {
  const [workflow = '', indexText = '0', ...extra] = cmd.target;
  const index = /^\d{1,2}$/.test(indexText) ? Number(indexText) : Number.NaN;
  if (extra.length > 0 || Number.isNaN(index)) {
    io.stderr.write(`error: expected <workflow> [index], got ${terminalSafe(cmd.target.join(' '))}\n`);
    return ExitCode.Invalid;
  }
  const paused = cmd.kind === 'schedules-pause';
  const key = { workflow_name: workflow, trigger_index: index };
  const summary = await withCliEngine(io.cwd, storeOptions(cmd, io, 'write'), (engine) =>
    setSchedulePaused(engine, key, paused),
  );
  if (cmd.json) io.stdout.write(`${terminalJson(summary)}\n`);
  else io.stdout.write(`schedule ${terminalSafe(`${workflow}#${index}`)} ${paused ? 'paused' : 'resumed'}\n`);
  return ExitCode.Completed;
}
