// A real `skill serve --queue URL --database-url URL` coordinator (the built CLI) for the distributed takeover tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));

/** A started coordinator process. */
export interface CoordinatorProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` of its API. */
  url: string;
  output(): string;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `skill serve` in `cwd` on the queue and the PostgreSQL store; resolves once it listens. */
export async function startCoordinator(
  queueUrl: string,
  databaseUrl: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<CoordinatorProcess> {
  const args = [CLI, 'serve', '--queue', queueUrl, '--database-url', databaseUrl, '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, SKILL_SCHEDULES: '0', SKILL_WARM_POOL: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const append = (data: Buffer) => {
    text += data.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /skill server listening on (http:\/\/\S+)\n/.exec(text);
      if (match) resolve(match[1] as string);
    });
    void exited.then(() => reject(new Error(`skill serve exited before it listened:\n${text}`)));
  });
  return {
    child,
    url,
    output: () => text,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
