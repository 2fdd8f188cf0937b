// Test support for the command-line parser suites: the usage mistake parseCommandLine reports for an argv.
import { parseCommandLine, UsageError } from '../src/command-line.js';

/** The message and help topic of the UsageError `argv` makes parseCommandLine throw; fails when it parses. */
export function usageError(argv: string[]): { message: string; topic: string } {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return { message: error.message, topic: error.topic };
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}
