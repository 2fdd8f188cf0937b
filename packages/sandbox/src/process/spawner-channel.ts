// The pipe between the engine and a spawner process: the native one (binary frames) or the Node one (IPC).
import { type ChildProcess, fork, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { encodeRequests, type NativeReply, ReplyDecoder } from './native-protocol.js';
import type { SpawnerReply, SpawnerRequest } from './spawner-process.js';

/** Which spawner program runs: the C one (`native/skill-spawner.c`) or the Node fallback (`spawner-process.ts`). */
export type SpawnerKind = 'native' | 'node';

/** What a channel reports to its spawner. */
export interface ChannelEvents {
  replies(replies: NativeReply[]): void;
  /** The process is gone (after its last reply was delivered). */
  stopped(description: string): void;
  /** It could not be started at all. */
  failedToStart(error: Error): void;
}

/** A running spawner process and the way to talk to it. */
export interface SpawnerChannel {
  readonly kind: SpawnerKind;
  readonly child: ChildProcess;
  /** Sends a batch of requests in one write. */
  send(requests: SpawnerRequest[]): void;
  /** Whether the process keeps the engine's event loop alive. */
  setReferenced(referenced: boolean): void;
  /** Closes the channel as an exiting engine does: the spawner kills what it runs, then exits. */
  hangUp(): void;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${code}` : `killed by ${signal}`;
}

/** Node IPC replies carry output as base64; jobs take bytes. */
function fromNodeReply(reply: SpawnerReply): NativeReply {
  if (reply.t !== 'out') return reply;
  return { t: 'out', id: reply.id, s: reply.s, data: Buffer.from(reply.d, 'base64'), log: reply.log === true };
}

/** Starts `skill-spawner` (the C program at `binary`) with its frames on stdin/stdout. */
export function startNativeSpawner(binary: string, events: ChannelEvents): SpawnerChannel {
  const child = spawn(binary, [], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true, // its own session: a terminal's Ctrl-C goes to the engine, which aborts the jobs itself
  });
  const stdin = child.stdin as NonNullable<ChildProcess['stdin']>;
  const stdout = child.stdout as NonNullable<ChildProcess['stdout']>;
  const decoder = new ReplyDecoder();
  stdin.on('error', () => undefined); // EPIPE once it died; 'close' reports that
  stdout.on('data', (chunk: Buffer) => {
    let replies: NativeReply[];
    try {
      replies = decoder.push(chunk);
    } catch (error) {
      process.stderr.write(`skill: ${(error as Error).message}\n`);
      child.kill('SIGKILL');
      return;
    }
    events.replies(replies);
  });
  child.on('close', (code, signal) => events.stopped(describeExit(code, signal)));
  child.on('error', (error) => events.failedToStart(error));
  return {
    kind: 'native',
    child,
    send(requests) {
      if (stdin.writable) stdin.write(encodeRequests(requests));
    },
    hangUp() {
      stdin.end();
    },
    setReferenced(referenced) {
      // The pipes are net.Sockets underneath; typed as plain streams.
      for (const handle of [child, stdin as unknown as Socket, stdout as unknown as Socket]) {
        if (referenced) handle.ref();
        else handle.unref();
      }
    },
  };
}

/** Forks `spawner-process` (`entry`, .js or .ts) with an IPC channel. */
export function startNodeSpawner(entry: string, events: ChannelEvents): SpawnerChannel {
  const typescript = entry.endsWith('.ts') && !process.features.typescript;
  const child = fork(entry, [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json', // faster than 'advanced' for small messages; output chunks travel in base64
    execArgv: typescript ? ['--experimental-strip-types'] : [],
    env: { ...process.env, NODE_OPTIONS: undefined }, // no preloads or inspector for it (jobs get baseEnv)
    detached: true,
  });
  child.on('message', (replies: SpawnerReply[]) => events.replies(replies.map(fromNodeReply)));
  child.on('exit', (code, signal) => events.stopped(describeExit(code, signal)));
  child.on('disconnect', () => child.kill('SIGKILL')); // 'exit' follows
  child.on('error', (error) => events.failedToStart(error));
  return {
    kind: 'node',
    child,
    send(requests) {
      if (child.connected) child.send(requests); // else 'exit' fails the jobs
    },
    hangUp() {
      child.removeAllListeners('disconnect'); // no SIGKILL: the spawner cleans up on its own
      if (child.connected) child.disconnect();
    },
    setReferenced(referenced) {
      if (referenced) {
        child.ref();
        child.channel?.ref();
      } else {
        child.unref();
        child.channel?.unref();
      }
    },
  };
}
