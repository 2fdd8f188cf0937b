// Picks how a run is shown (live table, plain lines, JSON lines or quiet) behind one small interface.
import type { ExecutionRecord, WorkflowDefinition, WorkflowEvent } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type { Style } from '../terminal-style.js';
import { jsonLine } from './json-lines.js';
import { LiveTable } from './live-table.js';
import { plainEventLines } from './plain-lines.js';
import { failureLines, finalReport } from './run-summary.js';
import { RunView } from './run-view.js';
import { terminalSafeDeep } from './terminal-safe.js';

/** Shows one run: its events as they come, notices, and the end. */
export interface RunRenderer {
  onEvent(event: WorkflowEvent): void;
  /** A line for stderr (e.g. `cancelling…`) that must not garble the progress display. */
  notice(text: string): void;
  /** The run is over: print the final state. */
  finish(record: ExecutionRecord): void;
  /** The run ended with an error instead of a record: stop redrawing, print nothing more. */
  abort(): void;
}

/** How progress is shown. */
export type RenderMode = 'live' | 'plain' | 'json' | 'quiet';

/** Everything a renderer may need. */
export interface RenderContext {
  io: CliIo;
  definition: WorkflowDefinition;
  /** Styles for stdout and stderr (each coloured only if that stream is a colour TTY). */
  out: Style;
  err: Style;
}

function lines(text: string[]): string {
  return text.length ? `${text.join('\n')}\n` : '';
}

/**
 * Creates the renderer for `mode`. Events, records and the definition pass through
 * `terminalSafeDeep` first: nothing a step prints can drive the terminal.
 */
export function createRunRenderer(mode: RenderMode, ctx: RenderContext): RunRenderer {
  const inner = createModeRenderer(mode, { ...ctx, definition: terminalSafeDeep(ctx.definition) });
  return {
    onEvent: (event) => inner.onEvent(terminalSafeDeep(event)),
    // Notices are the CLI's own (styled) text.
    notice: (text) => inner.notice(text),
    finish: (record) => inner.finish(terminalSafeDeep(record)),
    abort: () => inner.abort(),
  };
}

function createModeRenderer(mode: RenderMode, ctx: RenderContext): RunRenderer {
  const { io, definition } = ctx;
  const notice = (text: string) => io.stderr.write(`${text}\n`);
  switch (mode) {
    case 'json':
      return { onEvent: (event) => io.stdout.write(jsonLine(event)), notice, finish: () => {}, abort: () => {} };
    case 'quiet':
      return {
        onEvent: () => {},
        notice,
        finish: (record) => io.stderr.write(lines(failureLines(record, definition, ctx.err))),
        abort: () => {},
      };
    case 'plain': {
      const view = new RunView(definition);
      return {
        onEvent(event) {
          view.apply(event);
          io.stdout.write(lines(plainEventLines(event, view, ctx.out)));
        },
        notice,
        finish: (record) => io.stdout.write(lines(finalReport(record, definition, ctx.out))),
        abort: () => {},
      };
    }
    case 'live': {
      const view = new RunView(definition);
      const table = new LiveTable(io.stdout, view, ctx.out, io.now ?? Date.now);
      let started = false;
      return {
        onEvent(event) {
          view.apply(event);
          if (!started) table.start();
          started = true;
          table.update();
        },
        notice: (text) => (started ? table.interrupt(() => notice(text)) : notice(text)),
        finish(record) {
          if (started) table.stop();
          io.stdout.write(lines(['', ...finalReport(record, definition, ctx.out)]));
        },
        abort: () => {
          if (started) table.stop();
        },
      };
    }
  }
}
