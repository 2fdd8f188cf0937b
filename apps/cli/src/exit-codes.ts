// Process exit codes of the `skill` command: one meaning each, stable for scripts.

/** What `skill` exits with. */
export const ExitCode = {
  /** The workflow completed (or the command succeeded). */
  Completed: 0,
  /** The workflow failed, or an unexpected error happened. */
  Failed: 1,
  /** Invalid workflow, invalid inputs, or a usage mistake (unknown command or flag). */
  Invalid: 2,
  /** The run was cancelled (Ctrl-C or SIGTERM). */
  Cancelled: 130,
} as const;
/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
