// The spawner ProcessRunners: commands start from a small helper process (the C program, or a Node one), started
// lazily, restarted when it dies (a few times), with in-process spawning as the last resort.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnInProcess } from './in-process-runner.js';
import { type ProcessRunner, type ProcessRunnerCapabilities, runAsStep } from './process-runner.js';
import type { ProcessOutcome, ProcessSpec } from './process-spec.js';
import { Spawner, type SpawnerOwner } from './spawner.js';
import type { SpawnerKind } from './spawner-channel.js';

export type { SpawnerKind } from './spawner-channel.js';

/** Starts of the spawner per runner; past them every job spawns in-process. */
const MAX_SPAWNER_STARTS = 4;

/** A diagnostic view of a runner's spawner. */
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
  /** How often this runner started one. */
  starts: number;
}

/** spawner-process.js beside this compiled file, or the .ts one when running from source (Node strips the types). */
function nodeEntryFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './spawner-process.ts' : './spawner-process.js', import.meta.url));
}

/** The C spawner the build compiles to dist/native/ (the same path from src/process/ and dist/process/). */
export function nativeSpawnerFile(): string {
  return fileURLToPath(new URL('../../dist/native/skill-spawner', import.meta.url));
}

/** True where the C spawner can be used: Linux, and the build compiled it. */
export function nativeSpawnerBuilt(): boolean {
  return process.platform === 'linux' && existsSync(nativeSpawnerFile());
}

/** False when the entry is missing (a bundle) or is TypeScript that Node will not run (inside node_modules). */
function entryUsable(entry: string): boolean {
  if (entry.endsWith('.ts') && entry.includes('/node_modules/')) return false;
  return existsSync(entry);
}

const CAPABILITIES: Record<SpawnerKind, ProcessRunnerCapabilities> = {
  native: { helperProcess: true, killsStepsWhenEngineDies: true, stepCgroup: true },
  node: { helperProcess: true, killsStepsWhenEngineDies: true, stepCgroup: false },
};

/**
 * Spawns through a helper process, because fork() from a big engine costs more the bigger it is: the C program
 * `skill-spawner` (posix_spawn; `program: 'native'`, falling back to the Node one where it was not built or cannot
 * run) or `spawner-process` (Node, over IPC). The helper starts on first use (or {@link warmUp}), never keeps the
 * engine alive while idle, and kills its commands and marked step processes when the engine goes away.
 */
export class SpawnerRunner implements ProcessRunner, SpawnerOwner {
  private current: Spawner | undefined;
  private starts = 0;
  /** Set once the native spawner failed to start: later starts use the Node one. */
  private nativeUnusable = false;

  /** `program`: the spawner wanted; `native` falls back to `node` where it cannot be used. */
  constructor(private readonly program: SpawnerKind) {}

  /** The program that runs (or would start now). */
  get kind(): SpawnerKind {
    return this.current?.channel.kind ?? this.pickProgram()?.kind ?? 'node';
  }

  get capabilities(): ProcessRunnerCapabilities {
    return CAPABILITIES[this.kind];
  }

  run(spec: ProcessSpec): Promise<ProcessOutcome> {
    return runAsStep(spec, (marked) => {
      const live = this.spawner();
      return live ? live.run(marked) : spawnInProcess(marked);
    });
  }

  warmUp(): void {
    this.spawner();
  }

  close(): void {
    this.current?.stop();
  }

  /** What the spawner is doing, for diagnostics and tests. */
  state(): SpawnerState {
    const live = this.current;
    return {
      running: live !== undefined,
      kind: live?.channel.kind,
      pid: live?.channel.child.pid,
      pendingJobs: live?.pendingJobs ?? 0,
      referenced: live?.referenced ?? false,
      starts: this.starts,
    };
  }

  died(spawner: Spawner, unusable: boolean): void {
    if (unusable && spawner.channel.kind === 'native') this.nativeUnusable = true;
    if (this.current === spawner) this.current = undefined;
  }

  /** The program to start: native when asked for, built and usable; else the Node one, if it can run. */
  private pickProgram(): { kind: SpawnerKind; file: string } | undefined {
    if (this.program === 'native' && !this.nativeUnusable && nativeSpawnerBuilt()) {
      return { kind: 'native', file: nativeSpawnerFile() };
    }
    const entry = nodeEntryFile();
    return entryUsable(entry) ? { kind: 'node', file: entry } : undefined;
  }

  /** The live spawner, started on first use; `undefined` when out of starts or it cannot be started. */
  private spawner(): Spawner | undefined {
    if (this.current !== undefined) return this.current;
    if (this.starts >= MAX_SPAWNER_STARTS) return undefined;
    const program = this.pickProgram();
    if (program === undefined) {
      this.starts = MAX_SPAWNER_STARTS;
      return undefined;
    }
    this.starts += 1;
    try {
      this.current = new Spawner(program.kind, program.file, this);
    } catch {
      this.current = undefined; // spawn threw (EAGAIN, ENOMEM, ...): spawn in-process
    }
    return this.current;
  }
}
