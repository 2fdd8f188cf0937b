// Colours and status symbols for terminal output; colour only on a TTY and never when NO_COLOR is set.
import pc from 'picocolors';

/** The formatters the renderers use (identity functions when colour is off). */
export type Style = ReturnType<typeof pc.createColors>;

/** True when text written to `stream` may be coloured: a TTY, and `NO_COLOR` is not set (whatever its value). */
export function colorEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined;
}

/** Formatters that colour when `enabled`, else return the text unchanged. */
export function createStyle(enabled: boolean): Style {
  return pc.createColors(enabled);
}

/** Status symbols shared by the table, the plain lines and the summary. */
export const StatusSymbol = {
  completed: '✓',
  failed: '✗',
  skipped: '-',
  cancelled: '⊘',
  pending: '○',
  retrying: '↻',
  started: '▶',
  waiting: '⏸',
} as const;

/** Braille spinner frames for running steps. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
