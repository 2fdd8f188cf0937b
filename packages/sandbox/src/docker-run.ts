// One created container's life until exit: files in (archive, or /tmp checked for bound files), attach, start, stdin, wait (stoppable), output and metadata out.
import { open } from 'node:fs/promises';
import type { Duplex, Readable } from 'node:stream';
import type { WorkflowError } from '@skill/workflow-model';
import type { Container } from 'dockerode';
import { ContainerStopper, EXIT_AFTER_KILL_MS } from './container-stopper.js';
import { readFirstFile } from './docker-archive.js';
import { CONTAINER_METADATA_PATH } from './docker-container-config.js';
import { DockerFrameSplitter } from './docker-frames.js';
import type { RunControl } from './run-control.js';
import type { SandboxResult, SandboxRunSpec } from './sandbox.js';
import { StreamCapture } from './stream-capture.js';

/** After the container exited, how long to wait for the attach stream to deliver the rest of the output. */
export const DRAIN_AFTER_EXIT_MS = 5000;

/** What {@link collectRun} needs. */
export interface CollectRunInput {
  container: Container;
  spec: SandboxRunSpec & { image: string };
  control: RunControl;
  /** Tar to extract at `/` before start (files, metadata folder). */
  archive: Buffer | undefined;
  /** The host file bound at SKILL_METADATA's path (read from here instead of through the archive API). */
  metadataFile?: string;
  startedAt: number;
  stopGraceMs: number;
  /**
   * The container already runs a warm-pool launcher blocked on its first stdin line: instead of
   * starting it, that line is written (then `spec.stdin`, then stdin is closed), and the launcher
   * execs the command as PID 1.
   */
  startLine?: string;
  /** A warm container's attach stream (stdin, stdout, stderr) and exit wait, both opened while it was idle. */
  opened?: { stream: Duplex; exit: Promise<number> };
  /** Turns a daemon error during `action` into a WorkflowError. */
  failure: (action: string, error: unknown) => WorkflowError;
}

/** Resolves after `ms` or when `promise` settles, whichever is first; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The exit code, or `undefined` when the daemon did not report an exit within a bound after SIGKILL. */
async function waitForExit(
  container: Container,
  stopper: ContainerStopper,
  opened?: Promise<number>,
): Promise<number | undefined> {
  const waited = opened ?? container.wait().then((answer: { StatusCode?: number }) => Number(answer.StatusCode ?? -1));
  waited.catch(() => undefined); // when the race was given up, a late rejection is nobody's business
  let gaveUp = false;
  const afterKill = stopper.killed
    .then(() => within(waited, EXIT_AFTER_KILL_MS))
    .then((code) => {
      gaveUp = code === undefined;
      return code;
    });
  const code = await Promise.race([waited, afterKill]);
  return gaveUp ? undefined : code;
}

/** The first `limitBytes` of the bound metadata file; undefined when the command wrote nothing. */
async function readMetadataFile(path: string, limitBytes: number): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const buffer = Buffer.alloc(Math.min(limitBytes, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === 0 ? undefined : buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readMetadata(container: Container, limitBytes: number, file?: string): Promise<string | undefined> {
  if (file !== undefined) return readMetadataFile(file, limitBytes);
  try {
    const archive = await container.getArchive({ path: CONTAINER_METADATA_PATH });
    return await readFirstFile(archive as unknown as Readable, limitBytes);
  } catch {
    return undefined; // 404: the command wrote no metadata
  }
}

async function call<T>(input: CollectRunInput, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw input.failure(action, error);
  }
}

/** Runs the created container to its end and collects the result; the caller removes the container. */
export async function collectRun(input: CollectRunInput): Promise<SandboxResult> {
  const { container, spec, control } = input;
  const stopper = new ContainerStopper(container, input.stopGraceMs);
  const onStop = (): void => stopper.request();
  control.signal.addEventListener('abort', onStop, { once: true });
  try {
    const { archive } = input;
    const warm = input.startLine !== undefined;
    const hasStdin = spec.stdin !== undefined || warm;
    const copied = archive
      ? call(input, 'copy files into', () => container.putArchive(archive, { path: '/' }))
      : Promise.resolve();
    const { opened } = input;
    const attached = opened
      ? Promise.resolve(opened.stream)
      : call(input, 'attach to', () =>
          container.attach({ stream: true, stdin: hasStdin, stdout: true, stderr: true, hijack: hasStdin }),
        );
    // Both before start, at the same time; a failure of one must not leave the other unobserved.
    const [copyResult, attachResult] = await Promise.allSettled([copied, attached]);
    if (attachResult.status === 'fulfilled' && copyResult.status === 'rejected') {
      (attachResult.value as unknown as Duplex).destroy();
    }
    if (copyResult.status === 'rejected') throw copyResult.reason;
    if (attachResult.status === 'rejected') throw attachResult.reason;
    const stream = attachResult.value as unknown as Duplex;
    const { onOutput } = spec;
    const out = new StreamCapture(spec.outputLimitBytes, onOutput && ((line) => onOutput(line, 'stdout')));
    const err = new StreamCapture(spec.outputLimitBytes, onOutput && ((line) => onOutput(line, 'stderr')));
    const frames = new DockerFrameSplitter(
      (chunk) => out.push(chunk),
      (chunk) => err.push(chunk),
    );
    const closed = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => frames.push(chunk));
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve()); // EPIPE on stdin, reset at removal: the exit code tells the story
    });
    let exitCode: number | undefined;
    let ran = false;
    try {
      if (!control.signal.aborted) {
        if (warm) stream.end(`${input.startLine}${spec.stdin ?? ''}`);
        else await call(input, 'start', () => container.start());
        ran = true;
        stopper.markStarted();
        if (hasStdin && !warm) stream.end(spec.stdin);
        exitCode = await call(input, 'wait for', () => waitForExit(container, stopper, opened?.exit));
        stopper.markExited();
        await within(closed, DRAIN_AFTER_EXIT_MS);
      }
    } finally {
      stream.destroy();
    }
    out.end();
    err.end();
    const killed = exitCode === undefined;
    // Every container has a memory limit (the step's or its level's default).
    const oomKilled =
      ran && !killed && exitCode !== 0
        ? await container.inspect().then(
            (info) => info.State.OOMKilled === true,
            () => false,
          )
        : false;
    const metadataText =
      ran && spec.metadata && !control.signal.aborted
        ? await readMetadata(container, spec.outputLimitBytes, input.metadataFile)
        : undefined;
    return {
      exitCode: ran ? (exitCode ?? 137) : -1,
      stdout: out.text(),
      stderr: err.text(),
      stdoutTruncated: out.truncated,
      stderrTruncated: err.truncated,
      metadataText,
      oomKilled,
      timedOut: control.timedOut,
      cancelled: control.cancelled,
      durationMs: performance.now() - input.startedAt,
      image: spec.image,
    };
  } finally {
    control.signal.removeEventListener('abort', onStop);
    stopper.markExited();
  }
}
