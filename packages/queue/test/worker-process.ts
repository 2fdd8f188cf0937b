// Real `skill worker` processes (the built CLI) for the distributed tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));

/** A started worker process. */
export interface WorkerProcess {
  child: ChildProcess;
  name: string;
  /** `http://127.0.0.1:<port>` of its health endpoint. */
  healthUrl: string;
  output(): string;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<number | null>;
}

/** Starts `skill worker` in `cwd` and resolves once it says it takes steps. */
export async function startWorker(
  url: string,
  cwd: string,
  options: { name: string; labels?: string[]; concurrency?: number; env?: Record<string, string>; grace?: number },
): Promise<WorkerProcess> {
  const args = [CLI, 'worker', '--queue', url, '--name', options.name, '--health-port', '0'];
  if (options.labels?.length) args.push('--labels', options.labels.join(','));
  args.push('--concurrency', String(options.concurrency ?? 2), '--grace', String(options.grace ?? 5000));
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
  let text = '';
  child.stdout?.on('data', (data) => {
    text += data;
  });
  child.stderr?.on('data', (data) => {
    text += data;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const healthUrl = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /health on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', check);
    void exited.then(() => reject(new Error(`skill worker exited before it started:\n${text}`)));
  });
  return {
    child,
    name: options.name,
    healthUrl,
    output: () => text,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
