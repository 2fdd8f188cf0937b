// Shared pieces of command-line parsing: the UsageError type and small checks on parseArgs results.
import type { HelpTopic } from './help.js';

/** A mistake in the command line: the message, and which usage text to show after it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly topic: HelpTopic;

  constructor(message: string, topic: HelpTopic) {
    super(message);
    this.topic = topic;
  }
}

/** True when `--help` or `-h` comes before any `--`. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Runs a parseArgs call, turning its errors into a {@link UsageError} for `topic`. */
export function withUsage<T>(topic: HelpTopic, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'invalid arguments';
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''), topic);
  }
}

/** The one positional argument; a usage error when it is missing or followed by more. */
export function onePositional(positionals: string[], what: string, topic: HelpTopic): string {
  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError(`missing ${what}`, topic);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, topic);
  return first;
}

/** A usage error when there is any positional argument. */
export function noPositionals(positionals: string[], topic: HelpTopic): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, topic);
}

/** Parses a whole number in `[min, max]` given to `flag`; a usage error otherwise. */
export function integerOption(value: string, flag: string, min: number, max: number, topic: HelpTopic): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${value}"`, topic);
  }
  return n;
}
