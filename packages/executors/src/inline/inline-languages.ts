// The languages of inline code: default image, script file name and how the interpreter is started.
import type { InlineLanguage } from '@skill/workflow-model';

/** Folder inside the container that receives the script file. */
export const CONTAINER_SCRIPT_DIR = '/tmp/skill';

/** Default working directory inside the container (writable by the non-root user). */
export const CONTAINER_WORKDIR = '/tmp';

/**
 * Starts bash when the image has it, else the image's /bin/sh (alpine:latest, the default bash
 * image, ships without bash). A fixed launcher: the user's code is only ever a file argument ("$0").
 */
const BASH_OR_SH = 'if command -v bash >/dev/null 2>&1; then exec bash "$0"; else exec /bin/sh "$0"; fi';

/** How one language runs. */
export interface LanguageRuntime {
  /** Image used when the step sets no `docker_image`. */
  defaultImage: string;
  /** Name of the script file (in the container folder, or the native temp dir). */
  fileName: string;
  /** argv inside a container for the script at `file`. */
  containerArgv(file: string): string[];
  /** Interpreters looked up on the host's PATH for `unsafe_native`, first found wins. */
  nativeInterpreters: readonly string[];
  /**
   * Lines of the interpreter's error report that bury the error line (stack frames printed after it);
   * error messages leave them out, `metadata.stderr` keeps them.
   */
  traceLine?: RegExp;
}

/** The runtime of every supported language. */
export const LANGUAGES: Readonly<Record<InlineLanguage, LanguageRuntime>> = {
  python: {
    defaultImage: 'python:3.11-slim',
    fileName: 'main.py',
    containerArgv: (file) => ['python3', file],
    nativeInterpreters: ['python3', 'python'],
  },
  bash: {
    defaultImage: 'alpine:latest',
    fileName: 'main.sh',
    containerArgv: (file) => ['/bin/sh', '-c', BASH_OR_SH, file],
    nativeInterpreters: ['bash'],
  },
  node: {
    defaultImage: 'node:20-alpine',
    fileName: 'main.js',
    containerArgv: (file) => ['node', file],
    nativeInterpreters: ['node'],
    traceLine: /^(?:\s+at\s|Node\.js v\d)/,
  },
  ruby: {
    defaultImage: 'ruby:3.2-alpine',
    fileName: 'main.rb',
    containerArgv: (file) => ['ruby', file],
    nativeInterpreters: ['ruby'],
    traceLine: /^\s+from\s/,
  },
};

/** The supported language names, for messages. */
export const LANGUAGE_NAMES = Object.keys(LANGUAGES) as InlineLanguage[];

/** True when `value` names a supported language. */
export function isInlineLanguage(value: unknown): value is InlineLanguage {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}
