#!/usr/bin/env node
// bench/web-interactive: how long the dashboard's execution page of a 2,000-step workflow takes to become
// interactive in headless Chromium: `skill serve` (child process) serving apps/web/dist, one finished run,
// then N fresh page loads timed from navigation to (a) the first (collapsed) level drawn and (b) the first level
// expanded by a click and a clicked step's panel open.
// Usage: node bench/web-interactive/run.mjs [--steps 2000] [--loads 5]   (after pnpm build; needs /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const cli = path.join(root, 'apps/cli/dist/bin.js');
const dist = path.join(root, 'apps/web/dist');
const chromiumPath = process.env.SKILL_CHROMIUM ?? '/usr/bin/chromium';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const STEPS = arg('steps', 2000);
const LOADS = arg('loads', 5);
const WIDTH = 50;
const BUDGET_MS = 2000;

for (const [file, hint] of [
  [cli, 'pnpm build'],
  [path.join(dist, 'index.html'), 'pnpm --filter @skill/web build'],
  [chromiumPath, 'apt-get install -y chromium'],
]) {
  if (!existsSync(file)) {
    console.error(`web-interactive: ${file} is missing: run ${hint} first`);
    process.exit(1);
  }
}
// playwright-core is a devDependency of apps/web: resolve it from there.
const { chromium } = createRequire(path.join(root, 'apps/web/package.json'))('playwright-core');

/** STEPS echo steps in levels of WIDTH; each depends on one or two steps of the level above. */
function bigWorkflow() {
  const id = (i) => `s${String(i).padStart(4, '0')}`;
  const lines = ['version = "1"', 'name = "big"', '[config]', 'max_parallel = 16', `max_total_steps = ${STEPS}`, ''];
  for (let i = 0; i < STEPS; i += 1) {
    lines.push('[[steps]]', `id = "${id(i)}"`, 'command = "true"');
    if (i >= WIDTH) {
      const deps = [i - WIDTH, i - WIDTH + ((i % 7) + 1)].filter(
        (d) => d < i && Math.floor(d / WIDTH) === Math.floor(i / WIDTH) - 1,
      );
      lines.push(`depends_on = [${[...new Set(deps)].map((d) => `"${id(d)}"`).join(', ')}]`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function startServer(cwd) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], {
    cwd,
    env: { ...process.env, SKILL_STATIC_DIR: dist },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('skill serve did not start within 30 s')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /listening on (\S+)/.exec(line)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve({ child, url: found.replace(/\/$/, '') });
      }
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`skill serve exited with ${code}`)));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(path.join(os.tmpdir(), 'skill-web-bench-'));
mkdirSync(path.join(dir, '.workflows'));
writeFileSync(path.join(dir, '.workflows', 'big.toml'), bigWorkflow());
const { child, url } = await startServer(dir);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const runStart = performance.now();
  const response = await fetch(`${url}/api/workflows/big/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: {}, async_execution: false }),
    signal: AbortSignal.timeout(600_000),
  });
  const record = await response.json();
  if (record.status !== 'completed')
    throw new Error(`the ${STEPS}-step run ended ${record.status}: ${JSON.stringify(record.error)}`);
  const runMs = performance.now() - runStart;

  if (process.env.PROBE) {
    console.log(`${url}/executions/${record.id}`);
    await new Promise((r) => setTimeout(r, 120_000));
  }
  const drawn = [];
  const interactive = [];
  const last = `s${String(STEPS - 1).padStart(4, '0')}`;
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const start = performance.now();
    await page.goto(`${url}/executions/${record.id}`, { waitUntil: 'commit' });
    // Levels of a finished run start collapsed: the first level's summary node is the first thing drawn.
    await page
      .waitForSelector('[data-testid="dag-level-1"][data-status="completed"]', { timeout: 60_000 })
      .catch(async (error) => {
        await page.screenshot({ path: path.join(os.tmpdir(), 'web-interactive-failure.png') });
        console.error(`no node drawn; screenshot in ${os.tmpdir()}/web-interactive-failure.png`);
        throw error;
      });
    drawn.push(performance.now() - start);
    const timing = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .concat(performance.getEntriesByType('navigation'))
        .map(
          (e) =>
            `${e.name.replace(/^.*\/\/[^/]+/, '')} ${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}ms ${e.transferSize ?? ''}B`,
        ),
    );
    if (process.env.TIMING) console.log(`drawn after ${drawn.at(-1).toFixed(0)} ms\n  ${timing.join('\n  ')}`);
    await page.getByTestId('dag-level-1').getByRole('button').click({ timeout: 60_000 });
    await page.waitForSelector('[data-testid="dag-node-s0000"][data-status="completed"]', { timeout: 60_000 });
    await page.getByTestId('dag-node-s0000').locator('button').click({ timeout: 60_000 });
    await page.getByTestId('step-panel').waitFor({ timeout: 60_000 });
    interactive.push(performance.now() - start);
    if (i === 0) {
      mkdirSync(path.join(root, 'test-artifacts/screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-artifacts/screenshots/large-graph-2000.png') });
    }
    const nodes = await page.locator('[data-testid^="dag-node-"], [data-testid^="dag-level-"][data-status]').count();
    if (i === 0) console.log(`nodes in the DOM after opening a step: ${nodes} (last step ${last})`);
    await context.close();
  }
  const verdict = median(interactive) < BUDGET_MS ? 'within' : 'OVER';
  console.log(
    [
      `web-interactive: ${STEPS}-step workflow (levels of ${WIDTH}), run took ${(runMs / 1000).toFixed(1)} s`,
      `first level drawn: median ${median(drawn).toFixed(0)} ms  [${drawn.map((v) => v.toFixed(0)).join(', ')}]`,
      `interactive (expand level 1, click s0000 -> step panel): median ${median(interactive).toFixed(0)} ms  [${interactive.map((v) => v.toFixed(0)).join(', ')}]`,
      `budget ${BUDGET_MS} ms: ${verdict}`,
    ].join('\n'),
  );
  if (verdict !== 'within') process.exitCode = 1;
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
