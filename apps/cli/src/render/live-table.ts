// TTY progress: a step table redrawn in place (cursor up + clear), at most ten times a second.
import type { OutputStream } from '../cli-io.js';
import { SPINNER_FRAMES, StatusSymbol, type Style } from '../terminal-style.js';
import { formatDuration } from './duration.js';
import type { RunView, StepView } from './run-view.js';
import { waitOf, waitText } from './wait-text.js';

/** How a frame is drawn. */
export interface FrameOptions {
  /** Current time (epoch ms): live durations and the spinner frame. */
  now: number;
  style: Style;
  /** Terminal width: rows are cut to fit on one line. */
  width: number;
  /** Most lines the frame may take (header included); steps beyond are summarised. Unlimited by default. */
  maxLines?: number;
}

type Paint = (text: string) => string;
/** A piece of a row: its text and how to colour it. */
type Segment = [text: string, paint?: Paint];

const SPINNER_MS = 80;

function elapsed(view: StepView, now: number): number | undefined {
  const rec = view.record;
  if (rec.duration_ms !== undefined) return rec.duration_ms;
  if (rec.status === 'running' && rec.started_at) return now - Date.parse(rec.started_at);
  return undefined;
}

function symbolOf(view: StepView, opts: FrameOptions): Segment {
  const { style, now } = opts;
  switch (view.record.status) {
    case 'completed':
      return [StatusSymbol.completed, style.green];
    case 'failed':
      return [StatusSymbol.failed, view.continueOnError ? style.yellow : style.red];
    case 'skipped':
      return [StatusSymbol.skipped, style.dim];
    case 'cancelled':
      return [StatusSymbol.cancelled, style.yellow];
    case 'pending':
      return [StatusSymbol.pending, style.dim];
    case 'waiting':
      return [StatusSymbol.waiting, style.cyan];
    case 'running':
      if (view.retry) return [StatusSymbol.retrying, style.yellow];
      return [SPINNER_FRAMES[Math.floor(now / SPINNER_MS) % SPINNER_FRAMES.length] ?? '*', style.cyan];
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

/** The notes after the duration: attempt, foreach progress, retry wait, error or skip reason. */
function notes(view: StepView, opts: FrameOptions): Segment[][] {
  const { style, now } = opts;
  const rec = view.record;
  const out: Segment[][] = [];
  if (view.maxAttempts > 1 && (rec.attempts > 1 || view.retry)) {
    out.push([[`${view.retry ? view.retry.nextAttempt : rec.attempts}/${view.maxAttempts}`]]);
  }
  if (rec.progress) {
    const { completed, failed, total } = rec.progress;
    out.push([[`${completed + failed}/${total}`], failed > 0 ? [` (${failed} failed)`, style.red] : ['']]);
  }
  if (rec.status === 'running' && view.retry) {
    const wait = formatDuration(Math.max(0, view.retry.at - now));
    out.push([[`retrying in ${wait}: ${firstLine(view.retry.error)}`, style.yellow]]);
  } else if (rec.status === 'waiting') {
    out.push([[waitText(waitOf(rec)), style.cyan]]);
  } else if (rec.status === 'failed') {
    out.push([[firstLine(rec.error ?? rec.reason ?? 'failed'), view.continueOnError ? style.yellow : style.red]]);
  } else if ((rec.status === 'skipped' || rec.status === 'cancelled') && (rec.reason || rec.error)) {
    out.push([[`${rec.status}: ${firstLine(rec.reason ?? rec.error ?? '')}`, style.dim]]);
  }
  return out;
}

/** Joins segments into one line no wider than `width` characters, colouring after cutting. */
function fit(segments: Segment[], width: number): string {
  let room = Math.max(1, width);
  let line = '';
  for (const [text, paint] of segments) {
    if (room <= 0) break;
    if (text === '') continue;
    const cut = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
    room -= cut.length;
    line += paint ? paint(cut) : cut;
  }
  return line.trimEnd();
}

function pickRows(steps: StepView[], limit: number): { shown: StepView[]; hidden: StepView[] } {
  if (steps.length <= limit) return { shown: steps, hidden: [] };
  const busy = (s: StepView) => s.record.status === 'running' || s.record.status === 'failed';
  const keep = new Set(steps.filter(busy).slice(0, limit));
  for (const step of steps) {
    if (keep.size >= limit) break;
    keep.add(step);
  }
  return { shown: steps.filter((s) => keep.has(s)), hidden: steps.filter((s) => !keep.has(s)) };
}

function hiddenLine(hidden: StepView[], style: Style, width: number): string {
  const counts = new Map<string, number>();
  for (const s of hidden) counts.set(s.record.status, (counts.get(s.record.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return fit([[`  … ${hidden.length} more steps (${parts})`, style.dim]], width);
}

/** The table as text: a header line, then one line per top-level step (no trailing newline). */
export function renderFrame(view: RunView, opts: FrameOptions): string {
  const { style, now, width } = opts;
  const steps = view.steps();
  const idWidth = Math.max(0, ...steps.map((s) => s.id.length));
  const typeWidth = Math.max(0, ...steps.map((s) => s.type.length));
  const record = view.record;
  const total = record.duration_ms ?? (record.started_at ? now - Date.parse(record.started_at) : undefined);
  const header = fit(
    [
      [view.definition.name, style.bold],
      [total === undefined ? '' : `  ${formatDuration(total)}`, style.dim],
      [record.status === 'running' || record.status === 'pending' ? '' : `  ${record.status}`, style.dim],
    ],
    width,
  );
  const limit = opts.maxLines === undefined ? steps.length : Math.max(1, opts.maxLines - 2);
  const { shown, hidden } = pickRows(steps, limit);
  const rows = shown.map((step) => {
    const took = elapsed(step, now);
    const dim = step.record.status === 'skipped' || step.record.status === 'pending';
    const segments: Segment[] = [
      ['  '],
      symbolOf(step, opts),
      [` ${step.id.padEnd(idWidth)}`, dim ? style.dim : undefined],
      [`  ${step.type.padEnd(typeWidth)}`, style.dim],
      [`  ${(took === undefined ? '' : formatDuration(took)).padStart(6)}`],
    ];
    for (const note of notes(step, opts)) segments.push(['  '], ...note);
    return fit(segments, width - 1);
  });
  if (hidden.length > 0) rows.push(hiddenLine(hidden, style, width - 1));
  return [header, ...rows].join('\n');
}

/**
 * Draws {@link renderFrame} on a terminal, redrawing in place at most every `intervalMs`:
 * cursor up over the previous frame (`ESC[nA`), to column 1 (`ESC[G`), clear to the end (`ESC[0J`).
 */
export class LiveTable {
  #lines = 0;
  #dirty = true;
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly #out: OutputStream;
  readonly #view: RunView;
  readonly #style: Style;
  readonly #now: () => number;
  readonly #intervalMs: number;

  constructor(out: OutputStream, view: RunView, style: Style, now: () => number = Date.now, intervalMs = 100) {
    this.#out = out;
    this.#view = view;
    this.#style = style;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  /** Draws the first frame and starts redrawing. */
  start(): void {
    this.#draw(true);
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref?.();
  }

  /** Marks the table changed; the next tick redraws it. */
  update(): void {
    this.#dirty = true;
  }

  /** Writes something else (a notice on stderr) above the table without breaking the redraw. */
  interrupt(write: () => void): void {
    this.#erase();
    write();
    this.#draw(true);
  }

  /** Stops redrawing and leaves the final, complete table on screen. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#draw(false);
  }

  #tick(): void {
    const running = this.#view.steps().some((s) => s.record.status === 'running');
    if (this.#dirty || running) this.#draw(true);
  }

  #erase(): void {
    if (this.#lines > 0) this.#out.write(`\x1b[${this.#lines}A\x1b[G\x1b[0J`);
    this.#lines = 0;
  }

  #draw(live: boolean): void {
    const maxLines = live && this.#out.rows ? this.#out.rows - 1 : undefined;
    const frame = renderFrame(this.#view, {
      now: this.#now(),
      style: this.#style,
      width: this.#out.columns || 80,
      ...(maxLines !== undefined ? { maxLines } : {}),
    });
    const clear = this.#lines > 0 ? `\x1b[${this.#lines}A\x1b[G\x1b[0J` : '';
    this.#out.write(`${clear}${frame}\n`);
    this.#lines = frame.split('\n').length;
    this.#dirty = false;
  }
}
