// The engine's warm pool with real Docker: inline code steps after the first run warm, shutdown removes every
// pool container, and after a kill -9 of an engine process the next engine's orphan cleanup removes its pool.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DockerSandbox } from '@skill/sandbox';
import { serviceReady, useTempDir, waitFor, writeFiles } from '@skill/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());
const coreEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

const WORKFLOW = `version = "1"
name = "warm"

[[steps]]
id = "a"
step_type = "inline_code"
[steps.inline_code]
language = "python"
code = "import socket; print(socket.gethostname())"

[[steps]]
id = "b"
depends_on = ["a"]
step_type = "inline_code"
[steps.inline_code]
language = "python"
code = "import socket; print(socket.gethostname())"

[[steps]]
id = "c"
depends_on = ["b"]
step_type = "docker_container"
[steps.docker]
image = "skill-test/tiny:1"
command = ["hostname"]

[[steps]]
id = "d"
depends_on = ["c"]
step_type = "docker_container"
[steps.docker]
image = "skill-test/tiny:1"
command = ["hostname"]
`;

/** Pool containers (any state) created by the engine process `pid`. */
function poolContainersOf(pid: number): number {
  const args = ['ps', '-aq', '--filter', 'label=skill.warm_pool=1', '--filter', `label=skill.engine_pid=${pid}`];
  return execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean).length;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe.skipIf(!dockerReady)('engine warm pool', () => {
  const project = useTempDir('skill-warm-engine-');

  it('runs later inline code steps warm, and shutdown leaves no pool container behind', async () => {
    await writeFiles(project(), { '.workflows/warm.toml': WORKFLOW });
    const engine = createEngine({ cwd: project(), warmPool: { size: 2 } });
    const first = await engine.run('warm');
    expect(first.status).toBe('completed');
    await waitFor(() => engine.warmPoolStats()?.idle === 4, 60_000); // two keys: python code, the tiny image
    const hits = engine.warmPoolStats()?.hits ?? 0;
    const second = await engine.run('warm');
    expect(second.status).toBe('completed');
    expect((engine.warmPoolStats()?.hits ?? 0) - hits).toBe(4);
    const hosts = ['a', 'b', 'c', 'd'].map((id) => second.steps[id]?.output);
    expect(new Set(hosts).size).toBe(4); // one container per step
    await engine.shutdown({ graceMs: 0 });
    expect(poolContainersOf(process.pid)).toBe(0);
  });

  it('after kill -9 of an engine with a full pool, the next engine removes its pool containers', async () => {
    await writeFiles(project(), { '.workflows/warm.toml': WORKFLOW });
    const script = `const { createEngine } = await import(${JSON.stringify(coreEntry)});
const engine = createEngine({ cwd: ${JSON.stringify(project())}, warmPool: { size: 2 } });
const record = await engine.run('warm');
if (record.status !== 'completed') { console.error(JSON.stringify(record)); process.exit(1); }
for (let i = 0; i < 600 && engine.warmPoolStats()?.idle !== 4; i++) await new Promise((r) => setTimeout(r, 100));
process.stdout.write('filled\\n');
setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes('filled') || child.exitCode !== null, 90_000);
    expect(output).toBe('filled\n');
    const pid = child.pid ?? 0;
    expect(poolContainersOf(pid)).toBe(4);
    child.kill('SIGKILL');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null);
    expect(poolContainersOf(pid)).toBe(4); // nothing of the dead engine removed them
    expect((await readdir(tmpdir())).filter((name) => name.startsWith(`skill-warm-${pid}-`))).toHaveLength(4);
    const next = createEngine({ cwd: project() });
    expect((await next.reapOrphans()).containers).toBeGreaterThanOrEqual(4);
    expect(poolContainersOf(pid)).toBe(0);
    const folders = (await readdir(tmpdir())).filter((name) => name.startsWith(`skill-warm-${pid}-`));
    expect(folders).toEqual([]); // nor the host folders bound into them
    await next.shutdown({ graceMs: 0 });
  });
});
