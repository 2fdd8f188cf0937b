// Engine side of the spawner: starts it lazily (native C program, else Node), hands it jobs, falls back to in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { type EnvBase, snapshotEnv } from './env-diff.js';
import type { NativeReply } from './native-protocol.js';
import type { ProcessOutcome, ProcessSpec } from './process-spec.js';
import { runProcessInProcess } from './run-in-process.js';
import {
  type ChannelEvents,
  type SpawnerChannel,
  type SpawnerKind,
  startNativeSpawner,
  startNodeSpawner,
} from './spawner-channel.js';
import { SpawnerJob } from './spawner-job.js';
import type { SpawnerRequest } from './spawner-process.js';

export type { SpawnerKind } from './spawner-channel.js';

/** Starts of the spawner per engine process; past them every job spawns in-process. */
export const MAX_SPAWNER_STARTS = 4;
const READY_TIMEOUT_MS = 10_000;

/** A diagnostic view of the spawner. */
export interface SpawnerState {
  /** A spawner process is up (or starting). */
  running: boolean;
  /** Which program it is, while running. */
  kind: SpawnerKind | undefined;
  /** Its pid, while running. */
  pid: number | undefined;
  /** Jobs handed to it or waiting for it to be ready. */
  pendingJobs: number;
  /** Whether it keeps the engine's event loop alive (only while jobs are pending). */
  referenced: boolean;
  /** How often it was started in this process. */
  starts: number;
}

/** spawner-process.js beside this compiled file, or the .ts one when running from source (Node strips the types). */
function nodeEntryFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './spawner-process.ts' : './spawner-process.js', import.meta.url));
}

/** The C spawner the build compiles to dist/native/ (the same path from src/process/ and dist/process/). */
function nativeBinaryFile(): string {
  return fileURLToPath(new URL('../../dist/native/skill-spawner', import.meta.url));
}

/** False when the entry is missing (a bundle) or is TypeScript that Node will not run (inside node_modules). */
function entryUsable(entry: string): boolean {
  if (entry.endsWith('.ts') && entry.includes('/node_modules/')) return false;
  return existsSync(entry);
}

function hasNulByte(spec: ProcessSpec): boolean {
  if (spec.file.includes('\0') || spec.cwd.includes('\0')) return true;
  if (spec.args.some((arg) => arg.includes('\0'))) return true;
  for (const key in spec.env) if (key.includes('\0') || String(spec.env[key]).includes('\0')) return true;
  return false;
}

/** One spawner process and the jobs it holds. */
class Spawner {
  readonly channel: SpawnerChannel;
  alive = true;
  referenced = true;
  private ready = false;
  /** Requests of one event-loop turn, sent as one write. */
  private outbox: SpawnerRequest[] = [];
  private readonly jobs = new Map<number, SpawnerJob>();
  private readonly readyTimer: NodeJS.Timeout;
  /** The environment the spawner starts from; jobs send only their differences to it. */
  private readonly baseEnv: EnvBase = snapshotEnv();

  constructor(kind: SpawnerKind, file: string) {
    const events: ChannelEvents = {
      replies: (replies) => {
        for (const reply of replies) this.onReply(reply);
      },
      stopped: (description) => this.die(`the process spawner stopped (${description})`),
      failedToStart: (error) => {
        if (this.ready) return;
        if (kind === 'native') nativeUnusable = true; // wrong architecture, no exec permission, ...
        this.die(`the process spawner could not start: ${error.message}`);
      },
    };
    this.channel = kind === 'native' ? startNativeSpawner(file, events) : startNodeSpawner(file, events);
    this.readyTimer = setTimeout(() => this.channel.child.kill('SIGKILL'), READY_TIMEOUT_MS).unref();
    this.updateRef();
  }

  get pendingJobs(): number {
    return this.jobs.size;
  }

  run(spec: ProcessSpec): Promise<ProcessOutcome> {
    // C strings end at NUL: Node's spawn rejects such a job with its own clear error, so let it.
    if (this.channel.kind === 'native' && hasNulByte(spec)) return runProcessInProcess(spec);
    const job = new SpawnerJob(nextJobId++, spec, (aborted) => this.abort(aborted));
    this.jobs.set(job.id, job);
    this.updateRef();
    if (this.ready) this.send(job);
    return job.outcome;
  }

  private send(job: SpawnerJob): void {
    job.sent = true;
    this.post(job.request(this.baseEnv));
  }

  private post(request: SpawnerRequest): void {
    if (this.outbox.push(request) === 1) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    const requests = this.outbox;
    this.outbox = [];
    if (this.alive) this.channel.send(requests);
  };

  private abort(job: SpawnerJob): void {
    if (job.sent) {
      this.post({ t: 'kill', id: job.id });
      return;
    }
    this.jobs.delete(job.id);
    this.updateRef();
    job.cancelUnstarted();
  }

  private onReply(reply: NativeReply): void {
    if (reply.t === 'ready') {
      this.ready = true;
      clearTimeout(this.readyTimer);
      this.post({ t: 'env', vars: this.baseEnv.vars });
      for (const job of this.jobs.values()) this.send(job);
      return;
    }
    const job = this.jobs.get(reply.id);
    if (job?.handle(reply)) {
      this.jobs.delete(reply.id);
      this.updateRef();
    }
  }

  /** Jobs it had: never sent ones run in-process, running ones fail (their outcome is lost) and their groups die. */
  private die(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    clearTimeout(this.readyTimer);
    if (current === this) current = undefined;
    const { child } = this.channel;
    if (!this.ready && this.channel.kind === 'native' && child.exitCode !== null) nativeUnusable = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    this.updateRef();
    for (const job of jobs) {
      if (!job.sent) {
        job.runInProcess();
        continue;
      }
      if (job.pid !== undefined) killGroup(job.pid);
      const message = `${reason} while running ${job.spec.file}; its outcome is unknown`;
      job.fail(new WorkflowError(ErrorCode.CommandFailed, message, { retryable: true }));
    }
  }

  /** Keeps the engine alive only while jobs are pending: an idle spawner never holds up its exit. */
  private updateRef(): void {
    const wanted = this.alive && this.jobs.size > 0;
    if (wanted === this.referenced) return;
    this.referenced = wanted;
    this.channel.setReferenced(wanted);
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
}

let current: Spawner | undefined;
let starts = 0;
let nextJobId = 1;
/** Set once the native spawner failed to start: later starts use the Node one. */
let nativeUnusable = false;

/** False when `SKILL_SPAWNER=0` asks for in-process spawning. */
export function spawnerEnabled(): boolean {
  return process.env.SKILL_SPAWNER !== '0';
}

/** The program to start: native unless `SKILL_SPAWNER=node`, it is not built (no C compiler), or it failed. */
function pickProgram(): { kind: SpawnerKind; file: string } | undefined {
  if (process.env.SKILL_SPAWNER !== 'node' && !nativeUnusable && process.platform === 'linux') {
    const binary = nativeBinaryFile();
    if (existsSync(binary)) return { kind: 'native', file: binary };
  }
  const entry = nodeEntryFile();
  return entryUsable(entry) ? { kind: 'node', file: entry } : undefined;
}

/** The live spawner, started on first use; `undefined` when disabled, out of starts, or it cannot be started. */
function spawner(): Spawner | undefined {
  if (current !== undefined) return current;
  if (!spawnerEnabled() || starts >= MAX_SPAWNER_STARTS) return undefined;
  const program = pickProgram();
  if (program === undefined) {
    starts = MAX_SPAWNER_STARTS;
    return undefined;
  }
  starts += 1;
  try {
    current = new Spawner(program.kind, program.file);
  } catch {
    current = undefined; // spawn threw (EAGAIN, ENOMEM, ...): spawn in-process
  }
  return current;
}

/** Runs `spec` through the spawner, or in-process when there is none. */
export function runInSpawner(spec: ProcessSpec): Promise<ProcessOutcome> {
  const live = spawner();
  return live ? live.run(spec) : runProcessInProcess(spec);
}

/**
 * Starts the process spawner now, so the first command step does not wait for it: a small process that spawns
 * commands for the engine (the C program `skill-spawner` using posix_spawn, or a Node one where it was not
 * built), because fork() from a big process is slower. An idle spawner never keeps
 * the process alive. No-op when it runs already, and with `SKILL_SPAWNER=0` (commands then spawn in-process).
 *
 * @example
 * warmUpSpawner(); // at the start of `skill workflow run`, before loading and parsing the workflow
 */
export function warmUpSpawner(): void {
  spawner();
}

/**
 * What the process spawner is doing, for diagnostics and tests.
 *
 * @example
 * spawnerState(); // { running: true, kind: 'native', pid: 4242, pendingJobs: 0, referenced: false, starts: 1 }
 */
export function spawnerState(): SpawnerState {
  const live = current;
  return {
    running: live !== undefined,
    kind: live?.channel.kind,
    pid: live?.channel.child.pid,
    pendingJobs: live?.pendingJobs ?? 0,
    referenced: live?.referenced ?? false,
    starts,
  };
}
