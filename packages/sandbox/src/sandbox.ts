// The Sandbox contract: run one command in isolation (a Docker container or a native process) and collect its outcome.
import type { StepEnvironment, TrustBoundary } from '@skill/workflow-model';

/** A file put into the sandbox before the command starts. */
export interface SandboxFile {
  /** Absolute container path (docker) or a path relative to the private temp workdir (native). */
  path: string;
  content: string | Uint8Array;
  /** Permission bits (default 0o644). */
  mode?: number;
}

/** A host folder or file bound into the container. */
export interface SandboxVolume {
  /** Absolute host path (on the Docker host). */
  host: string;
  /** Absolute container path. */
  container: string;
  readOnly: boolean;
}

/** What to run, where and with which limits. */
export interface SandboxRunSpec {
  /** The image to run (docker). Exactly one of `image` and `native`. */
  image?: string;
  /** Runs `command` as a local process (NativeSandbox). */
  native?: boolean;
  /** argv; for docker it replaces the image's CMD (the image's ENTRYPOINT stays unless `entrypoint` is given). */
  command: string[];
  entrypoint?: string[];
  /**
   * docker: with a local engine, files in folders below `/tmp` (e.g. `/tmp/skill/main.py`) are bound
   * read-only from a private host temp folder (the bound folder hides what the image had there);
   * otherwise copied into the created container with putArchive before start (works with a remote DOCKER_HOST).
   */
  files?: SandboxFile[];
  /** Written to stdin, which is then closed; without it stdin is empty. */
  stdin?: string;
  env?: Record<string, string>;
  /** native: what the process inherits from the engine's environment before `env` (default `inherit`; see hostEnvironment). */
  hostEnvironment?: StepEnvironment;
  /** Working directory (container path for docker; host path for native, default a private temp dir). */
  workdir?: string;
  /** Host paths already absolute. */
  volumes?: SandboxVolume[];
  /** Docker network mode; default `none`. */
  network?: string;
  /** Container user; default `65534:65534` (nobody). */
  user?: string;
  /**
   * docker: absent values take the level's `TRUST_RULES[level].containerDefaults` (memory, pids, cpus,
   * and the size of the tmpfs at `/tmp` with a local engine).
   */
  limits?: { memoryBytes?: number; cpus?: number; pidsLimit?: number; tmpBytes?: number };
  /**
   * docker: the execution's trust boundary (default trusted): below trusted its level's rules are
   * enforced (bind mounts below the data folder only, no root user, networks, maxima) and the root
   * file system is read-only.
   */
  boundary?: TrustBoundary;
  /** Default `if-not-present`. */
  pull?: 'if-not-present' | 'always' | 'never';
  /** Extra container labels (the engine passes `skill.execution_id` and `skill.step_id`). */
  labels?: Record<string, string>;
  /** Abort = stop (grace period), then kill, then remove. */
  signal: AbortSignal;
  /** Stops the command after this long (`timedOut` in the result). */
  timeoutMs?: number;
  /** Cap per captured stream; the rest is drained and dropped. */
  outputLimitBytes: number;
  /** Live output lines (bounded: see LiveLogLimits). */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** When true, SKILL_METADATA=<path> is set inside the sandbox and the file's text is returned. */
  metadata?: boolean;
}

/** How a sandboxed command ended. */
export interface SandboxResult {
  /** Exit code; 128 + n when killed by signal n (137 for SIGKILL / OOM). */
  exitCode: number;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** The SKILL_METADATA file's text, when `metadata` was asked for and the command wrote it. */
  metadataText?: string;
  /** The kernel's OOM killer ended the container (memory limit reached). */
  oomKilled: boolean;
  /** `timeoutMs` ran out and the command was stopped. */
  timedOut: boolean;
  /** `signal` aborted and the command was stopped (or never started). */
  cancelled: boolean;
  durationMs: number;
  /** The image that ran (docker). */
  image?: string;
}

/** Runs commands in isolation. Implementations: DockerSandbox, NativeSandbox. */
export interface Sandbox {
  run(spec: SandboxRunSpec): Promise<SandboxResult>;
}
