// GET /metrics of a real server, parsed with a real Prometheus text-format parser: counters after runs, the running
// and queue gauges during one, the token rule, and the switch that turns it off.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempProject, waitFor } from '@skill/test-kit';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from './server-config.js';
import { type RunningServer, startServer } from './start-server.js';

const TOKEN = 'metrics-t0ken-0123456789abcdef0123456789';

const COUNTED = `
version = "1"
name = "counted"

[[steps]]
id = "first"
step_type = "command"
command = "echo one"

[[steps]]
id = "fan"
step_type = "foreach"
depends_on = ["first"]
items = ["a", "b"]
[[steps.loop]]
id = "each"
step_type = "command"
command = "echo {loop.item}"
`;

const BROKEN = `
version = "1"
name = "broken"

[[steps]]
id = "fails"
step_type = "command"
command = "exit 4"
`;

/** Waits (bounded) until the file \`go\` exists in the project, so a test can look at the server while it runs. */
const GATED = `
version = "1"
name = "gated"

[[steps]]
id = "wait-for-go"
step_type = "command"
command = 'i=0; while [ ! -f go ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; [ -f go ]'
`;

let dir = '';
let cleanup: () => Promise<void> = async () => {};
let server: RunningServer;

beforeAll(async () => {
  ({ dir, cleanup } = await createTempProject({ counted: COUNTED, broken: BROKEN, gated: GATED }, 'skill-metrics-'));
  server = await startServer(configFromEnv({ SKILL_TOKEN: TOKEN }, { cwd: dir, port: 0 }));
});
afterAll(async () => {
  await server?.close();
  await cleanup();
});

/** GET /metrics with `token` as the bearer token (none: `null`). */
async function scrape(token: string | null = TOKEN): Promise<Response> {
  return fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** The parsed families of one scrape, by name. */
async function families(): Promise<Map<string, ParsedFamily>> {
  const response = await scrape();
  expect(response.status).toBe(200);
  return new Map(parsePrometheusTextFormat(await response.text()).map((family) => [family.name, family]));
}

/** The value of the sample of `name` whose labels include `labels` (0 when there is none). */
function sample(all: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number {
  const found = all
    .get(name)
    ?.metrics.find((m) => Object.entries(labels).every(([key, value]) => m.labels?.[key] === value));
  return found?.value === undefined ? 0 : Number(found.value);
}

describe('GET /metrics (real server, real parser)', () => {
  it('counts executions and step attempts by status and type, with a duration histogram by type', async () => {
    expect((await server.engine.run('counted')).status).toBe('completed');
    expect((await server.engine.run('broken')).status).toBe('failed');
    const all = await families();
    expect(all.get('skill_executions_total')?.type).toBe('COUNTER');
    expect(sample(all, 'skill_executions_total', { status: 'completed' })).toBe(1);
    expect(sample(all, 'skill_executions_total', { status: 'failed' })).toBe(1);
    expect(sample(all, 'skill_steps_total', { step_type: 'command', status: 'completed' })).toBe(3);
    expect(sample(all, 'skill_steps_total', { step_type: 'command', status: 'failed' })).toBe(1);
    const histogram = all.get('skill_step_duration_seconds');
    expect(histogram?.type).toBe('HISTOGRAM');
    // The parser folds a labelled histogram into its buckets (one step type here: command).
    expect(histogram?.metrics).toHaveLength(1);
    const buckets = histogram?.metrics[0]?.buckets ?? {};
    expect(Number(buckets['+Inf'])).toBe(4);
    expect(Object.keys(buckets)).toHaveLength(14); // 13 bounds and +Inf
    expect(sample(all, 'skill_steps_running', { step_type: 'command' })).toBe(0);
    expect(sample(all, 'skill_executions_running')).toBe(0);
    expect(all.get('skill_sandbox_pool_size')?.type).toBe('GAUGE');
    expect(sample(all, 'skill_sandbox_pool_size')).toBe(0);
  });

  it('shows the running step and execution while a step runs, and executions waiting as queued', async () => {
    const started = await server.engine.start('gated');
    await waitFor(async () => sample(await families(), 'skill_steps_running', { step_type: 'command' }) === 1);
    expect(sample(await families(), 'skill_executions_running')).toBe(1);
    await writeFile(path.join(dir, 'go'), '');
    expect((await started.done).status).toBe('completed');
    expect(sample(await families(), 'skill_steps_running', { step_type: 'command' })).toBe(0);

    // Recorded and handed to another process that has not picked it up yet: pending, so queued.
    await server.engine.start('counted', {}, { handOff: () => {} });
    expect(sample(await families(), 'skill_executions_queued')).toBe(1);
  });

  it('needs the bearer token like the API', async () => {
    const anonymous = await scrape(null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('skill_');
    expect((await scrape('wrong-token-0123456789abcdef0123456789')).status).toBe(401);
    const ok = await scrape();
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('is not served with SKILL_METRICS=off', async () => {
    const project = await createTempProject({}, 'skill-metrics-off-');
    const off = await startServer(configFromEnv({ SKILL_METRICS: 'off' }, { cwd: project.dir, port: 0 }));
    try {
      // Without the route the path is the dashboard's (its index.html when it is built): never metrics.
      const response = await fetch(`${off.url}/metrics`);
      expect(await response.text()).not.toContain('skill_executions_total');
    } finally {
      await off.close();
      await project.cleanup();
    }
  });
});
