// One spawner process seen from the engine: its channel, the jobs it holds, readiness, and what happens when it dies.
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { type EnvBase, snapshotEnv } from './env-diff.js';
import { spawnInProcess } from './in-process-runner.js';
import type { NativeReply } from './native-protocol.js';
import type { ProcessOutcome, ProcessSpec } from './process-spec.js';
import { signalGroup } from './signal-group.js';
import {
  type ChannelEvents,
  type SpawnerChannel,
  type SpawnerKind,
  startNativeSpawner,
  startNodeSpawner,
} from './spawner-channel.js';
import { SpawnerJob } from './spawner-job.js';
import type { SpawnerRequest } from './spawner-process.js';
import { TurnSlices } from './turn-slices.js';

const READY_TIMEOUT_MS = 10_000;
/**
 * Replies handled per event-loop turn: the steps they end continue (events, next steps) before the next slice, and
 * requests to the server are answered in between, however many steps end at once.
 */
const REPLIES_PER_TURN = 16;

/** What the channel delivers, in its order: replies, then that the process stopped. */
type Inbound = NativeReply | { t: 'stopped'; description: string };

/** What a spawner tells the runner that owns it. */
export interface SpawnerOwner {
  /** It stopped (or never started); `unusable` when the program itself cannot run here (wrong architecture ...). */
  died(spawner: Spawner, unusable: boolean): void;
}

function hasNulByte(spec: ProcessSpec): boolean {
  if (spec.file.includes('\0') || spec.cwd.includes('\0')) return true;
  if (spec.args.some((arg) => arg.includes('\0'))) return true;
  for (const key in spec.env) if (key.includes('\0') || String(spec.env[key]).includes('\0')) return true;
  return false;
}

/** One spawner process and the jobs it holds. */
export class Spawner {
  readonly channel: SpawnerChannel;
  alive = true;
  referenced = true;
  private ready = false;
  private nextJobId = 1;
  /** Requests of one event-loop turn, sent as one write. */
  private outbox: SpawnerRequest[] = [];
  private readonly jobs = new Map<number, SpawnerJob>();
  private readonly readyTimer: NodeJS.Timeout;
  /** The environment the spawner starts from; jobs send only their differences to it. */
  private readonly baseEnv: EnvBase = snapshotEnv();
  /** Replies not handled yet, a slice per turn; the stop comes after the last of them. */
  private readonly inbox = new TurnSlices<Inbound>(
    (inbound) => (inbound.t === 'stopped' ? this.die(inbound.description) : this.onReply(inbound)),
    REPLIES_PER_TURN,
  );

  constructor(
    kind: SpawnerKind,
    file: string,
    private readonly owner: SpawnerOwner,
  ) {
    const events: ChannelEvents = {
      replies: (replies) => this.inbox.push(replies),
      stopped: (description) =>
        this.inbox.push([{ t: 'stopped', description: `the process spawner stopped (${description})` }]),
      failedToStart: (error) => {
        if (this.ready) return;
        // wrong architecture, no exec permission, ...
        this.die(`the process spawner could not start: ${error.message}`, { unusable: kind === 'native' });
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
    if (this.channel.kind === 'native' && hasNulByte(spec)) return spawnInProcess(spec);
    const job = new SpawnerJob(this.nextJobId++, spec, (aborted) => this.abort(aborted));
    this.jobs.set(job.id, job);
    this.updateRef();
    if (this.ready) this.send(job);
    return job.outcome;
  }

  /** Ends the spawner: it kills what it runs; running jobs fail, queued ones run in-process. */
  stop(): void {
    this.die('the process spawner was closed', { graceful: true });
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
  private die(reason: string, how: { unusable?: boolean; graceful?: boolean } = {}): void {
    if (!this.alive) return;
    this.alive = false;
    clearTimeout(this.readyTimer);
    const { child } = this.channel;
    const exitedUnready = !this.ready && this.channel.kind === 'native' && child.exitCode !== null;
    this.owner.died(this, how.unusable === true || exitedUnready);
    if (child.exitCode !== null || child.signalCode !== null) {
      // gone already
    } else if (how.graceful)
      this.channel.hangUp(); // it kills what it runs, then exits
    else child.kill('SIGKILL');
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    this.updateRef();
    for (const job of jobs) {
      if (!job.sent) {
        job.runInProcess();
        continue;
      }
      if (job.pid !== undefined) signalGroup(job.pid, 'SIGKILL');
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
