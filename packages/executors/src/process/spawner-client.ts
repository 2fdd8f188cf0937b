// Engine side of the spawner: forks it lazily, hands it jobs over IPC, and falls back to spawning in-process.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { type EnvBase, snapshotEnv } from './env-diff.js';
import type { ProcessOutcome, ProcessSpec } from './process-spec.js';
import { runProcessInProcess } from './run-in-process.js';
import { type JobReply, SpawnerJob } from './spawner-job.js';
import type { SpawnerReply, SpawnerRequest } from './spawner-process.js';

/** Starts of the spawner per engine process; past them every job spawns in-process. */
export const MAX_SPAWNER_STARTS = 4;
const READY_TIMEOUT_MS = 10_000;

/** A diagnostic view of the spawner. */
export interface SpawnerState {
  /** A spawner process is up (or starting). */
  running: boolean;
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
function entryFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './spawner-process.ts' : './spawner-process.js', import.meta.url));
}

/** False when the entry is missing (a bundle) or is TypeScript that Node will not run (inside node_modules). */
function entryUsable(entry: string): boolean {
  if (entry.endsWith('.ts') && entry.includes('/node_modules/')) return false;
  return existsSync(entry);
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${code}` : `killed by ${signal}`;
}

/** One spawner process and the jobs it holds. */
class Spawner {
  readonly child: ChildProcess;
  alive = true;
  referenced = true;
  private ready = false;
  /** Requests of one event-loop turn, sent as one IPC message. */
  private outbox: SpawnerRequest[] = [];
  private readonly jobs = new Map<number, SpawnerJob>();
  private readonly readyTimer: NodeJS.Timeout;
  /** The environment the spawner starts from; jobs send only their differences to it. */
  private readonly baseEnv: EnvBase = snapshotEnv();

  constructor(entry: string) {
    const typescript = entry.endsWith('.ts') && !process.features.typescript;
    this.child = fork(entry, [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json', // faster than 'advanced' for small messages; output chunks travel in base64
      execArgv: typescript ? ['--experimental-strip-types'] : [],
      env: { ...process.env, NODE_OPTIONS: undefined }, // no preloads or inspector for it (jobs get baseEnv)
      detached: true, // its own session: a terminal's Ctrl-C goes to the engine, which aborts the jobs itself
    });
    this.child.on('message', (replies: SpawnerReply[]) => {
      for (const reply of replies) this.onReply(reply);
    });
    this.child.on('exit', (code, signal) => this.die(`the process spawner stopped (${describeExit(code, signal)})`));
    this.child.on('disconnect', () => this.child.kill('SIGKILL')); // 'exit' follows
    this.child.on('error', (error) => {
      if (!this.ready) this.die(`the process spawner could not start: ${error.message}`);
    });
    this.readyTimer = setTimeout(() => this.child.kill('SIGKILL'), READY_TIMEOUT_MS).unref();
    this.updateRef();
  }

  get pendingJobs(): number {
    return this.jobs.size;
  }

  run(spec: ProcessSpec): Promise<ProcessOutcome> {
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
    if (this.alive && this.child.connected) this.child.send(requests); // else 'exit' fails the jobs
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

  private onReply(reply: SpawnerReply): void {
    if (reply.t === 'ready') {
      this.ready = true;
      clearTimeout(this.readyTimer);
      this.post({ t: 'env', vars: this.baseEnv.vars });
      for (const job of this.jobs.values()) this.send(job);
      return;
    }
    const job = this.jobs.get(reply.id);
    if (job?.handle(reply as JobReply)) {
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
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
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
    if (wanted) {
      this.child.ref();
      this.child.channel?.ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
    }
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
let entry: string | undefined;
let nextJobId = 1;

/** False when `SKILL_SPAWNER=0` asks for in-process spawning. */
export function spawnerEnabled(): boolean {
  return process.env.SKILL_SPAWNER !== '0';
}

/** The live spawner, started on first use; `undefined` when disabled, out of starts, or it cannot be forked. */
function spawner(): Spawner | undefined {
  if (current !== undefined) return current;
  if (!spawnerEnabled() || starts >= MAX_SPAWNER_STARTS) return undefined;
  entry ??= entryFile();
  if (!entryUsable(entry)) {
    starts = MAX_SPAWNER_STARTS;
    return undefined;
  }
  starts += 1;
  try {
    current = new Spawner(entry);
  } catch {
    current = undefined; // fork threw (EAGAIN, ENOMEM, ...): spawn in-process
  }
  return current;
}

/** Runs `spec` through the spawner, or in-process when there is none. */
export function runInSpawner(spec: ProcessSpec): Promise<ProcessOutcome> {
  const live = spawner();
  return live ? live.run(spec) : runProcessInProcess(spec);
}

/**
 * Starts the process spawner now, so the first command step does not wait for it: a small Node process that
 * spawns commands for the engine, because fork() from a big process is slower. An idle spawner never keeps
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
 * spawnerState(); // { running: true, pid: 4242, pendingJobs: 0, referenced: false, starts: 1 }
 */
export function spawnerState(): SpawnerState {
  const live = current;
  return {
    running: live !== undefined,
    pid: live?.child.pid,
    pendingJobs: live?.pendingJobs ?? 0,
    referenced: live?.referenced ?? false,
    starts,
  };
}
