// WarmDockerSandbox: runs fitting specs in a pre-started container of the pool (one run per container, then removed); the rest cold.

import { checkDockerPolicy, dockerPolicyError } from '../docker-policy.js';
import { collectRun } from '../docker-run.js';
import { type DockerSandbox, defaultDockerSandbox, notStartedResult } from '../docker-sandbox.js';
import { RunControl } from '../run-control.js';
import type { Sandbox, SandboxResult, SandboxRunSpec } from '../sandbox.js';
import { discardWarmContainer, handOver, startWarmContainer, type WarmContainer } from './warm-container.js';
import { type DockerSpec, startMessage, warmPlan } from './warm-launch.js';
import { WarmPool, type WarmPoolStats } from './warm-pool.js';
import { WARM_POOL_DEFAULTS, type WarmPoolOptions } from './warm-pool-options.js';

/** Options of {@link WarmDockerSandbox}. */
export interface WarmDockerSandboxOptions extends Partial<WarmPoolOptions> {
  /** Runs what the pool cannot take, and creates the pool's containers (default: the process-wide one). */
  cold?: DockerSandbox;
  /** Time between SIGTERM and SIGKILL when a warm container is stopped (default: the cold sandbox's 2000 ms). */
  stopGraceMs?: number;
}

/**
 * A Docker sandbox with a pool of pre-started containers per key (image, limits, network, user, level,
 * workdir, file folders: everything in the create options), each created by the cold sandbox's own
 * `create` with the same options a cold run would get, started idle (its launcher blocks on stdin), used
 * for exactly one run and then removed, refilled in the background. A run the pool cannot serve exactly
 * like a cold container (see `warmPlan`), a remote engine (files reach a running container only through
 * binds), `size = 0`, or a moment with no ready container: the cold sandbox runs it.
 *
 * @example
 * const sandbox = new WarmDockerSandbox({ size: 2 });
 * await sandbox.run({ image: 'python:3.11-slim', command: ['python3', '/tmp/skill/main.py'], files, signal, outputLimitBytes });
 * await sandbox.close(); // removes every pool container
 */
export class WarmDockerSandbox implements Sandbox {
  private readonly cold: DockerSandbox;
  private readonly pool: WarmPool<WarmContainer>;
  private readonly options: WarmPoolOptions;
  private readonly stopGraceMs: number | undefined;

  constructor(options: WarmDockerSandboxOptions = {}) {
    this.cold = options.cold ?? defaultDockerSandbox();
    this.stopGraceMs = options.stopGraceMs;
    this.options = {
      size: options.size ?? WARM_POOL_DEFAULTS.size,
      idleMs: options.idleMs ?? WARM_POOL_DEFAULTS.idleMs,
      memoryCeilingBytes: options.memoryCeilingBytes ?? WARM_POOL_DEFAULTS.memoryCeilingBytes,
    };
    this.pool = new WarmPool(this.options, {
      start: (plan, signal) => startWarmContainer(this.cold, plan, signal),
      discard: discardWarmContainer,
    });
  }

  /** True when runs may use the pool: `size` above 0 and a local engine (unix socket). */
  get enabled(): boolean {
    return this.options.size > 0 && this.cold.localEngine();
  }

  /** Hits, misses, failures, idle and starting containers. */
  stats(): WarmPoolStats {
    return this.pool.stats();
  }

  /** Fills the pool for runs like `spec` and resolves when `count` containers are ready (tests, benches, warm-up). */
  async prepare(spec: SandboxRunSpec, count?: number): Promise<void> {
    const plan = this.enabled && spec.image ? warmPlan({ ...spec, image: spec.image.trim() }) : undefined;
    if (plan !== undefined) await this.pool.fill(plan, count);
  }

  /** Removes every pool container (idle ones, those starting, used ones being removed); later runs go cold. */
  close(): Promise<void> {
    return this.pool.close();
  }

  async run(spec: SandboxRunSpec): Promise<SandboxResult> {
    const image = spec.image?.trim();
    const plan = this.enabled && image && !spec.native ? warmPlan({ ...spec, image }) : undefined;
    if (plan === undefined || !image) return this.cold.run(spec);
    const dockerSpec: DockerSpec = { ...spec, image };
    const problems = checkDockerPolicy(dockerSpec);
    if (problems.length > 0) throw dockerPolicyError(problems);
    const startedAt = performance.now();
    const control = new RunControl(spec.signal, spec.timeoutMs);
    let warm: WarmContainer | undefined;
    try {
      if (control.signal.aborted) return notStartedResult(dockerSpec, control, startedAt);
      warm = await this.pool.take(plan, control.signal);
      if (warm !== undefined && !(await handOver(warm, plan))) {
        this.pool.finished(warm); // died while idle
        warm = undefined;
      }
      if (warm === undefined) {
        if (control.signal.aborted) return notStartedResult(dockerSpec, control, startedAt);
        control.dispose();
        return await this.cold.run(spec);
      }
      return await collectRun({
        container: warm.container,
        spec: dockerSpec,
        control,
        archive: undefined,
        metadataFile: warm.folder.metadataFile,
        startedAt,
        stopGraceMs: this.stopGraceMs ?? this.cold.stopGraceMs,
        startLine: startMessage(dockerSpec, warm.imageEntrypoint),
        opened: warm.opened,
        failure: (action, error) => this.cold.apiFailure(action, error, image),
      });
    } finally {
      control.dispose();
      if (warm !== undefined) this.pool.finished(warm);
    }
  }
}
