// Attacks from an API-created (user-provided) workflow on the host through its containers: refused or contained, the server healthy after.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fetchJson, waitFor } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

const dockerReady = spawnSync('docker', ['version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
if (!dockerReady) {
  if (process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error('Docker is not reachable');
  console.warn('[attack tests skipped] Docker is not reachable');
}

function step(id: string, docker: string, extra = ''): string {
  return `[[steps]]\nid = "${id}"\nstep_type = "docker_container"\n${extra}[steps.docker]\nimage = "alpine:latest"\n${docker}\n`;
}

/** Settings validation can judge: refused when the workflow is posted, located at each key. */
const STATIC_BREAKOUT = [
  'version = "1"\nname = "static-breakout"\n',
  step('takeover', 'user = "0"\ncommand = "id"'),
  step('root_spelt', 'user = "root:root"\ncommand = "id"'),
  step('bridge', 'network = "bridge"\ncommand = "true"'),
  step('greedy', 'memory_limit = "4g"\ncommand = "true"'),
].join('\n');

/**
 * What only run time can judge (settings from inputs, relative mounts resolved against the project,
 * a symlink planted by an earlier step) and what must be contained rather than refused.
 */
function breakout(dataDir: string): string {
  return [
    'version = "1"\nname = "breakout"\n[config]\non_failure = "continue"\n',
    '[inputs]\nuser = { type = "string", default = "0" }\nnet = { type = "string", default = "bridge" }\n',
    step(
      'takeover',
      `user = "{inputs.user}"\nvolumes = ["../..:/proj"]\ncommand = "printf 'version = \\"1\\"' > /proj/.workflows/evil.toml"`,
    ),
    step('bridge', 'network = "{inputs.net}"\ncommand = "true"'),
    step('fill_tmp', 'command = "dd if=/dev/zero of=/tmp/fill bs=1M count=400"'),
    step('plant_link', `volumes = ["${dataDir}:/data"]\ncommand = "ln -s /etc /data/box"`),
    step(
      'follow_link',
      `volumes = ["${dataDir}/box:/b:ro"]\ncommand = "cat /b/passwd"`,
      'depends_on = ["plant_link"]\n',
    ),
    step('root_fs', 'command = "touch /evil"'),
  ].join('\n');
}

interface StepView {
  status: string;
  error?: string | { message?: string };
}

const text = (error: StepView['error']) => (typeof error === 'string' ? error : (error?.message ?? ''));

describe.skipIf(!dockerReady)('containers stay in their box (API-created workflows)', () => {
  let running: ProjectServer | undefined;
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    running = await startProjectServer(
      {},
      {
        flags: async (projectDir) => {
          dataDir = path.join(projectDir, 'data');
          await mkdir(dataDir);
          await chmod(dataDir, 0o777);
          return { dataDir };
        },
      },
    );
    dir = running.dir;
  });
  afterAll(async () => {
    await running?.close();
  });

  const api = (route: string, body?: unknown) =>
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    fetchJson<Record<string, any>>(`${running?.url}${route}`, { body });

  it('refuses parents of sensitive paths and writable system folders when the workflow is posted', async () => {
    for (const volume of ['/var/lib:/v', '/var:/v', '/usr:/u', '/home:/h', '/tmp:/t']) {
      const content = `version = "1"\nname = "peek"\n${step('peek', `volumes = ["${volume}"]\ncommand = "ls /v"`)}`;
      const posted = await api('/api/workflows', { name: 'peek', content });
      expect(posted.status, volume).toBeGreaterThanOrEqual(400);
      expect(posted.status, volume).toBeLessThan(500);
      expect(JSON.stringify(posted.body), volume).toMatch(/shared host folder|system folder/);
    }
  });

  it('refuses root users, a network not granted and too much memory when the workflow is posted', async () => {
    const posted = await api('/api/workflows', { name: 'static-breakout', content: STATIC_BREAKOUT });
    expect(posted.status).toBe(400);
    const diagnostics = (posted.body.error as { details: { diagnostics: { step_id: string; message: string }[] } })
      .details.diagnostics;
    expect(diagnostics.map((d) => [d.step_id, d.message.replace(/^[^:]*: /, '')])).toEqual([
      ['takeover', expect.stringContaining('runs as root')],
      ['root_spelt', expect.stringContaining('runs as root')],
      ['bridge', expect.stringContaining('network "bridge" is not allowed for user-provided workflows')],
      ['greedy', expect.stringContaining('above the 2147483648 bytes allowed')],
    ]);
    expect((await api('/api/workflows/static-breakout')).status).toBe(404);
  });

  it('refuses or contains every break-out at run time; no workflow is planted; the server stays healthy', async () => {
    const posted = await api('/api/workflows', { name: 'breakout', content: breakout(dataDir) });
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
    const started = await api('/api/workflows/breakout/execute', { async_execution: true });
    const id = String(started.body.execution_id);
    const record = await waitFor(async () => {
      const r = await api(`/api/executions/${encodeURIComponent(id)}`);
      return r.body.status === 'completed' || r.body.status === 'failed' ? r.body : undefined;
    }, 120_000);
    const steps = record.steps as Record<string, StepView>;
    const failedWith = (id: string) => {
      expect(steps[id]?.status, id).toBe('failed');
      return text(steps[id]?.error);
    };
    expect(failedWith('takeover')).toMatch(/outside the data folder[\s\S]*runs as root/);
    expect(failedWith('bridge')).toContain('network "bridge" is not allowed for user-provided workflows');
    expect(failedWith('fill_tmp')).toMatch(/exit|No space|File size/i);
    expect(steps.plant_link?.status).toBe('completed');
    expect(failedWith('follow_link')).toContain('leads to /etc');
    expect(failedWith('root_fs')).toMatch(/exit|Read-only/i);
    expect(await readdir(path.join(dir, '.workflows'))).not.toContain('evil.toml');
    const listed = await api('/api/workflows');
    expect(JSON.stringify(listed.body)).not.toContain('"evil"');
    expect((await api('/api/health')).status).toBe(200);
  }, 180_000);
});
