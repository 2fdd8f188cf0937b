// Describes why an AbortSignal fired, for "cancelled" error messages shared by every executor.

/** `": <reason message>"` when the reason is an Error with something to say, else `""`. */
export function abortReasonSuffix(reason: unknown): string {
  if (!(reason instanceof Error) || reason.message === '') return '';
  if (reason.name === 'AbortError') return ''; // the default "This operation was aborted" adds nothing
  return `: ${reason.message}`;
}
