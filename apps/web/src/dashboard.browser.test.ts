// Browser tests of the dashboard: a real server serving apps/web/dist, driven in headless Chromium.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionRecord } from '@skill/workflow-model';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, type DashboardFixture, SCREENSHOT_DIR, startDashboard } from '../test/browser-harness.js';

const HELLO = `version = "1"
name = "hello"
description = "Greets, pauses, then finishes in two branches"

[inputs]
who = { type = "string", required = true, description = "who to greet" }
times = { type = "integer", default = 2 }
mood = { type = "string", enum = ["calm", "loud"], default = "calm" }

[[steps]]
id = "greet"
command = "echo hello {inputs.who}"

[[steps]]
id = "pause"
depends_on = ["greet"]
command = "sleep 1"

[[steps]]
id = "left"
depends_on = ["pause"]
command = "echo left"

[[steps]]
id = "right"
depends_on = ["pause"]
when = "{inputs.times} > 1"
command = "echo right"
`;

const SLOW = `version = "1"
name = "slow"
description = "Sleeps 30 s"
[[steps]]
id = "wait"
command = "sleep 30"
[[steps]]
id = "after"
depends_on = ["wait"]
command = "echo never"
`;

const BROKEN = `version = "1"
name = "broken"
description = "Fails in its second step"
[[steps]]
id = "prepare"
command = "echo ready"
[[steps]]
id = "fails"
depends_on = ["prepare"]
command = "echo about to fail >&2; exit 1"
[[steps]]
id = "report"
depends_on = ["fails"]
command = "echo unreachable"
`;

const STEPS = `version = "1"
name = "steps"
[[steps]]
id = "one"
command = "echo 1"
[[steps]]
id = "two"
depends_on = ["one"]
command = "sleep 2; echo 2"
[[steps]]
id = "three"
depends_on = ["two"]
command = "echo 3"
`;

/** fix fails until ./flag exists. */
const FLAKY = `version = "1"
name = "flaky"
[[steps]]
id = "first"
command = "echo 1"
[[steps]]
id = "fix"
depends_on = ["first"]
command = "test -f flag && echo fixed"
`;

/** A foreach of three items whose item 1 fails (the others still run); run from text, so not listed. */
const ITEMS = `version = "1"
name = "items"
[config]
on_failure = "continue"
[[steps]]
id = "prep"
command = "echo prep"
[[steps]]
id = "each"
depends_on = ["prep"]
items = ["a", "bad", "c"]
[[steps.loop]]
id = "check"
command = "test {loop.item} != bad"
`;

/** A foreach over 5,000 items (every 1,000th fails), to check the item list stays windowed. */
const MANY = `version = "1"
name = "many"
[config]
on_failure = "continue"
[[steps]]
id = "each"
items = [${Array.from({ length: 5000 }, (_, i) => i).join(', ')}]
parallel = true
max_parallel = 64
max_iterations = 5000
[[steps.loop]]
id = "check"
env = { N = "{loop.item}" }
command = "test $(( N % 1000 )) != 999"
`;

/** A foreach whose items take 0, 1 and 2 s, to watch items arrive live (item 0 is done before the page loads). */
const LIVE_ITEMS = `version = "1"
name = "live-items"
[[steps]]
id = "each"
items = [0, 1, 2]
[[steps.loop]]
id = "nap"
command = "sleep {loop.item}"
`;

/** A step that prints a line, sleeps, prints another: the second must reach an open panel live. */
const TALKER = `version = "1"
name = "talker"
[[steps]]
id = "talk"
command = "echo one; sleep 2; echo two"
`;

/** A step whose output is nested JSON with a 250-item array, for the collapsible tree. */
const NESTED = `version = "1"
name = "nested"
[[steps]]
id = "emit"
command = '''printf '{"user": {"name": "ada", "roles": ["admin", "dev"]}, "items": [%s]}' "$(seq -s, 0 249)"'''
`;

/** 300 steps in 6 levels of 50 (each below the step above it); s0120 (level 3) fails, its line is skipped. */
const LEVELS = [
  'version = "1"',
  'name = "levels"',
  '[config]',
  'on_failure = "continue"',
  'max_parallel = 16',
  ...Array.from({ length: 300 }, (_, i) => {
    const id = (n: number) => `"s${String(n).padStart(4, '0')}"`;
    const deps = i >= 50 ? `\ndepends_on = [${id(i - 50)}]` : '';
    return `[[steps]]\nid = ${id(i)}\ncommand = "${i === 120 ? 'exit 1' : 'true'}"${deps}`;
  }),
].join('\n');

/** 260 steps in levels of 50 (each below the step above it); s0030 (level 1, column 31) sleeps 4 s. */
const RUNNING_LEVELS = [
  'version = "1"',
  'name = "running-levels"',
  '[config]',
  'max_parallel = 16',
  ...Array.from({ length: 260 }, (_, i) => {
    const id = (n: number) => `"s${String(n).padStart(4, '0')}"`;
    const deps = i >= 50 ? `\ndepends_on = [${id(i - 50)}]` : '';
    return `[[steps]]\nid = ${id(i)}\ncommand = "${i === 30 ? 'sleep 4' : 'true'}"${deps}`;
  }),
].join('\n');

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
const status = (page: Page, step: string) => page.getByTestId(`dag-node-${step}`).getAttribute('data-status');

async function waitForStatus(page: Page, step: string, wanted: string, timeout = 15_000): Promise<void> {
  await page.waitForSelector(`[data-testid="dag-node-${step}"][data-status="${wanted}"]`, { timeout });
}

/** Asserts that step node `step` lies wholly inside the visible graph canvas. */
async function expectInGraphView(page: Page, step: string): Promise<void> {
  const graph = await page.getByTestId('dag').boundingBox();
  const node = await page.getByTestId(`dag-node-${step}`).boundingBox();
  expect(graph).not.toBeNull();
  expect(node).not.toBeNull();
  if (!graph || !node) return;
  expect(node.x).toBeGreaterThanOrEqual(graph.x);
  expect(node.y).toBeGreaterThanOrEqual(graph.y);
  expect(node.x + node.width).toBeLessThanOrEqual(graph.x + graph.width);
  expect(node.y + node.height).toBeLessThanOrEqual(graph.y + graph.height);
}

async function executionIdOf(page: Page): Promise<string> {
  await page.waitForURL(/\/executions\/[^/]+$/, { timeout: 10_000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
}

describe.skipIf(!chromiumAvailable())('dashboard in headless Chromium', () => {
  let fx: DashboardFixture;
  let page: Page;
  let failedId = '';

  beforeAll(async () => {
    fx = await startDashboard({ hello: HELLO, slow: SLOW, broken: BROKEN, flaky: FLAKY, steps: STEPS });
    const context = await fx.browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const run = await fx.engine.start('broken', {});
    failedId = run.executionId;
    expect((await run.done).status).toBe('failed');
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('lists the workflows with description, step count and validity', async () => {
    await page.goto(`${fx.url}/workflows`);
    await page.getByTestId('workflows-table').waitFor();
    const rows = await page.locator('[data-testid^="workflow-row-"]').allTextContents();
    expect(rows).toHaveLength(5);
    const hello = page.getByTestId('workflow-row-hello');
    await expect(hello.locator('td').nth(1).textContent()).resolves.toBe(
      'Greets, pauses, then finishes in two branches',
    );
    await expect(hello.locator('td').nth(2).textContent()).resolves.toBe('4');
    await expect(hello.locator('td').nth(3).textContent()).resolves.toBe('valid');
    await shot(page, 'workflows');
  });

  it('validates the Run form, runs the workflow and watches its nodes turn green live', async () => {
    await page.getByRole('link', { name: 'hello' }).click();
    await page.getByTestId('workflow-page').waitFor();
    await expect(page.locator('[data-testid^="dag-node-"]').count()).resolves.toBe(4);
    await expect(page.getByTestId('dag-node-right').textContent()).resolves.toContain('when {inputs.times} > 1');
    await expect(page.getByTestId('input-times').inputValue()).resolves.toBe('2');
    await expect(page.getByTestId('input-mood').evaluate((el) => el.tagName)).resolves.toBe('SELECT');
    await expect(page.getByTestId('toml-source').textContent()).resolves.toContain('name = "hello"');
    await shot(page, 'workflow');

    await page.getByTestId('run-submit').click();
    await expect(page.getByTestId('input-who-error').textContent()).resolves.toBe('who is required');
    await page.getByTestId('input-times').fill('1.5');
    await page.getByTestId('run-submit').click();
    await expect(page.getByTestId('input-times-error').textContent()).resolves.toBe('times must be a whole number');
    expect(new URL(page.url()).pathname).toBe('/workflows/hello');

    await page.getByTestId('input-who').fill('browser');
    await page.getByTestId('input-times').fill('3');
    await page.getByTestId('input-mood').selectOption('loud');
    await page.getByTestId('run-submit').click();
    const id = await executionIdOf(page);
    await waitForStatus(page, 'pause', 'running');
    await expect(status(page, 'left')).resolves.toBe('pending');
    await shot(page, 'execution-running');
    for (const step of ['greet', 'pause', 'left', 'right']) await waitForStatus(page, step, 'completed');
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]');
    const record = (await (await fetch(`${fx.url}/api/executions/${id}`)).json()) as ExecutionRecord;
    expect(record.inputs).toEqual({ who: 'browser', times: 3, mood: 'loud' });
    expect(record.status).toBe('completed');
    await page.getByTestId('dag-node-greet').locator('button').click();
    await expect(page.getByTestId('step-logs').textContent()).resolves.toBe('hello browser\n');
    await shot(page, 'execution-completed');
  });

  it('re-runs a completed execution with the same inputs and lands on the new one', async () => {
    // The previous test left the panel of step greet open: the execution id is the second path segment.
    const firstId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]');
    await page.getByTestId('rerun').click();
    await page.waitForURL((url) => /^\/executions\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(firstId));
    const rerunId = await executionIdOf(page);
    expect(rerunId).not.toBe(firstId);
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]');
    for (const step of ['greet', 'pause', 'left', 'right']) await waitForStatus(page, step, 'completed');
    const first = (await (await fetch(`${fx.url}/api/executions/${firstId}`)).json()) as ExecutionRecord;
    const rerun = (await (await fetch(`${fx.url}/api/executions/${rerunId}`)).json()) as ExecutionRecord;
    expect(rerun.workflow_name).toBe('hello');
    expect(rerun.inputs).toEqual(first.inputs);
    expect(rerun.retry_of).toBeUndefined();
    await shot(page, 'execution-rerun');
  });

  it("shows each workflow's last run (status and when) or never run", async () => {
    const hello = (await (await fetch(`${fx.url}/api/executions?workflow_name=hello&limit=1`)).json()) as {
      items: ExecutionRecord[];
    };
    const latest = hello.items[0]?.id ?? '';
    await page.getByTestId('nav-workflows').click();
    await page.waitForSelector('[data-testid="workflow-last-run-hello"] [data-status="completed"]');
    await expect(page.getByTestId('workflow-last-run-hello').textContent()).resolves.toBe('completed just now');
    await expect(page.getByTestId('workflow-last-run-hello').getByRole('link').getAttribute('href')).resolves.toBe(
      `/executions/${latest}`,
    );
    await expect(page.getByTestId('workflow-last-run-broken').locator('[data-status]').textContent()).resolves.toBe(
      'failed',
    );
    await expect(page.getByTestId('workflow-last-run-slow').textContent()).resolves.toBe('never run');
    await shot(page, 'workflows-last-run');
    await page.getByTestId('workflow-last-run-hello').getByRole('link').click();
    await page.waitForURL(`${fx.url}/executions/${latest}`);
  });

  it('cancels a running execution from the UI', async () => {
    await page.goto(`${fx.url}/workflows/slow`);
    await page.getByTestId('run-submit').click();
    const id = await executionIdOf(page);
    await waitForStatus(page, 'wait', 'running');
    await page.getByTestId('cancel').click();
    await page.waitForSelector('[data-testid="execution-page"][data-status="cancelled"]');
    await waitForStatus(page, 'wait', 'cancelled');
    await expect(status(page, 'after')).resolves.toMatch(/^(cancelled|skipped)$/);
    const record = (await (await fetch(`${fx.url}/api/executions/${id}`)).json()) as ExecutionRecord;
    expect(record.status).toBe('cancelled');
    await shot(page, 'execution-cancelled');
  });

  it('lists and filters executions', async () => {
    await page.getByTestId('nav-executions').click();
    await page.getByTestId('executions-table').waitFor();
    await expect(page.locator('[data-testid^="execution-row-"]').count()).resolves.toBe(4);
    await shot(page, 'executions');
    await page.getByTestId('filter-status').selectOption('failed');
    await page.waitForURL(/status=failed/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="execution-row-"]').length === 1);
    await expect(page.getByTestId(`execution-row-${failedId}`).isVisible()).resolves.toBe(true);
  });

  it('refreshes the last runs every 10 s and when the tab is shown again, keeping old values meanwhile', async () => {
    const context = await fx.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const watcher = await context.newPage();
    try {
      await watcher.clock.install();
      await watcher.goto(`${fx.url}/workflows`);
      const cell = watcher.getByTestId('workflow-last-run-steps');
      await watcher.waitForSelector('[data-testid="workflow-last-run-hello"] [data-status]');
      await expect(cell.textContent()).resolves.toBe('never run');
      // Time stands still (no timer fires unless the test moves the clock); any "…" placeholder is noted.
      await watcher.clock.pauseAt(Date.now() + 1_000);
      await watcher.evaluate(() => {
        const flags = window as unknown as { sameDocument: boolean; placeholderSeen: boolean };
        flags.sameDocument = true;
        flags.placeholderSeen = false;
        const table = document.querySelector('[data-testid="workflows-table"]');
        new MutationObserver(() => {
          if (table?.textContent?.includes('…')) flags.placeholderSeen = true;
        }).observe(table ?? document.body, { subtree: true, childList: true, characterData: true });
      });
      const execute = async () => {
        const response = await fetch(`${fx.url}/api/workflows/steps/execute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: {}, async_execution: true }),
        });
        return ((await response.json()) as { execution_id: string }).execution_id;
      };
      const linkTo = (id: string) =>
        watcher.waitForSelector(`[data-testid="workflow-last-run-steps"] a[href="/executions/${id}"]`);

      const first = await execute();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(cell.textContent()).resolves.toBe('never run');
      await watcher.clock.fastForward(10_000);
      await linkTo(first);

      // Hidden, then shown again: refreshed at once, without waiting for the interval.
      const second = await execute();
      await watcher.evaluate(() => {
        for (const state of ['hidden', 'visible']) {
          Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }
      });
      await linkTo(second);
      const flags = await watcher.evaluate(() => {
        const { sameDocument, placeholderSeen } = window as unknown as Record<string, boolean | undefined>;
        return { sameDocument, placeholderSeen };
      });
      expect(flags.sameDocument).toBe(true);
      expect(flags.placeholderSeen).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('opens a failed execution, clicks the failed step and shows its error', async () => {
    await page.getByTestId(`execution-row-${failedId}`).getByRole('link', { name: failedId }).click();
    await page.waitForSelector('[data-testid="execution-page"][data-status="failed"]');
    await expect(status(page, 'prepare')).resolves.toBe('completed');
    await expect(status(page, 'fails')).resolves.toBe('failed');
    await expect(status(page, 'report')).resolves.toBe('skipped');
    await page.getByTestId('dag-node-fails').locator('button').click();
    expect(new URL(page.url()).pathname).toBe(`/executions/${failedId}/steps/fails`);
    const record = (await (await fetch(`${fx.url}/api/executions/${failedId}`)).json()) as ExecutionRecord;
    const error = record.steps.fails?.error;
    expect(error).toBeTruthy();
    await expect(page.getByTestId('step-error').textContent()).resolves.toBe(error);
    await expect(page.getByTestId('step-logs').textContent()).resolves.toBe('about to fail\n');
    await shot(page, 'execution-failed-step');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'execution-failed-step-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('reloads a deep link to a step with its panel open', async () => {
    await page.goto(`${fx.url}/executions/${failedId}/steps/fails`);
    await page.reload();
    await page.getByTestId('step-panel').waitFor();
    await expect(page.getByTestId('step-panel').locator('h2').textContent()).resolves.toBe('fails failed');
    await expect(page.getByTestId('step-error').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('dag-node-fails').getAttribute('class')).resolves.toContain('dag-node-selected');
  });

  it('makes the graph reach the bottom of the window on the execution and workflow pages', async () => {
    const dag = page.getByTestId('dag');
    const room = () =>
      dag.evaluate((el) => ({
        height: el.getBoundingClientRect().height,
        below: window.innerHeight - el.getBoundingClientRect().bottom,
        scrolls: document.documentElement.scrollHeight > window.innerHeight,
      }));
    await page.goto(`${fx.url}/executions/${failedId}`);
    await dag.waitFor();
    const tall = await room();
    expect(tall.height).toBeGreaterThan(460);
    expect(tall.below).toBeGreaterThanOrEqual(0);
    expect(tall.below).toBeLessThanOrEqual(60);
    expect(tall.scrolls).toBe(false);
    // It follows the window, down to a minimum height.
    await page.setViewportSize({ width: 1280, height: 1100 });
    await expect(room()).resolves.toMatchObject({ height: tall.height + 240, scrolls: false });
    await page.setViewportSize({ width: 1280, height: 560 });
    await expect(room()).resolves.toMatchObject({ height: 420 });
    await page.setViewportSize({ width: 1280, height: 860 });
    // The step panel still sits beside the graph.
    await page.goto(`${fx.url}/executions/${failedId}/steps/fails`);
    await page.getByTestId('step-panel').waitFor();
    const panel = await page.getByTestId('step-panel').boundingBox();
    const graph = await dag.boundingBox();
    expect(panel && graph && panel.x >= graph.x + graph.width).toBe(true);
    await expect(room()).resolves.toMatchObject({ height: tall.height });
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'execution-graph-fills-window-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.goto(`${fx.url}/workflows/hello`);
    await dag.waitFor();
    const workflow = await room();
    expect(workflow.height).toBeGreaterThan(460);
    expect(workflow.below).toBeGreaterThanOrEqual(0);
    expect(workflow.below).toBeLessThanOrEqual(60);
    await shot(page, 'workflow-graph-fills-window');
  });

  it('retries from the failed step after the cause is fixed', async () => {
    const run = await fx.engine.start('flaky', {});
    expect((await run.done).status).toBe('failed');
    await writeFile(path.join(fx.dir, 'flag'), '');
    await page.goto(`${fx.url}/executions/${run.executionId}/steps/fix`);
    await page.getByTestId('retry-step').click();
    await page.waitForURL((url) => url.pathname.startsWith('/executions/') && !url.pathname.includes(run.executionId));
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]');
    await waitForStatus(page, 'fix', 'completed');
  });

  it('reconnects its WebSocket with ?since after the server restarts and misses no event', async () => {
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(new URL(ws.url()).search));
    const run = await fx.engine.start('steps', {});
    await page.goto(`${fx.url}/executions/${run.executionId}`);
    await waitForStatus(page, 'two', 'running');
    await fx.restartServer();
    await waitForStatus(page, 'three', 'completed');
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]');
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expect(sockets[0]).toMatch(/^\?since=\d+$/);
    expect(Number(sockets.at(-1)?.slice('?since='.length))).toBeGreaterThanOrEqual(3);
    await expect(status(page, 'two')).resolves.toBe('completed');
    await expect(page.getByTestId('dag-node-two').textContent()).resolves.toMatch(/completed · 2\.\d s/);
    page.removeAllListeners('websocket');
  });

  it('lists foreach items with their statuses and deep-links to a failed item', async () => {
    const record = await fx.engine.run(ITEMS);
    expect(record.status).toBe('failed');
    await page.goto(`${fx.url}/executions/${record.id}`);
    await waitForStatus(page, 'each', 'failed');
    await page.getByTestId('dag-node-each').locator('button').click();
    await page.getByTestId('foreach-items').waitFor();
    await expect(page.getByTestId('foreach-total').textContent()).resolves.toBe('3');
    await expect(page.getByTestId('foreach-failed').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('foreach-completed').textContent()).resolves.toBe('2');
    const rows = page.locator('[data-testid^="foreach-item-"][data-status]');
    await expect(rows.count()).resolves.toBe(3);
    const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    expect(statuses).toEqual(['completed', 'failed', 'completed']);
    await page.getByTestId('foreach-filter').selectOption('failed');
    await expect(rows.count()).resolves.toBe(1);
    await page.getByTestId('foreach-filter').selectOption('all');

    const error = (record.steps.each?.metadata.results as { error?: string }[] | undefined)?.[1]?.error;
    expect(error).toBeTruthy();
    await page.getByTestId('foreach-item-1').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${fx.url}/executions/${record.id}/steps/each/items/1`);
    await expect(page.getByTestId('foreach-item-error').textContent()).resolves.toBe(error);
    await expect(page.getByTestId('foreach-item-value').textContent()).resolves.toBe('"bad"');
    await shot(page, 'execution-foreach-items');
    await page.reload();
    await page.getByTestId('foreach-item-detail').waitFor();
    await expect(page.getByTestId('foreach-item-detail').getAttribute('data-index')).resolves.toBe('1');
    await expect(page.getByTestId('foreach-item-error').textContent()).resolves.toBe(error);
    await page.getByTestId('foreach-item-0').click();
    await page.waitForURL(/\/items\/0$/);
    await expect(page.getByTestId('foreach-item-error').count()).resolves.toBe(0);

    await page.goto(`${fx.url}/executions/${record.id}`);
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline').waitFor();
    await expect(page.locator('[data-testid^="timeline-bar-"]').count()).resolves.toBe(2);
    await expect(page.getByTestId('timeline-bar-prep').getAttribute('data-status')).resolves.toBe('completed');
    await expect(page.getByTestId('timeline-bar-each').getAttribute('data-status')).resolves.toBe('failed');
    await expect(page.getByTestId('timeline-row-each').textContent()).resolves.toMatch(/each.*\d+(\.\d)? m?s/);
    await page.getByTestId('timeline-bar-each').click();
    await page.waitForURL(`${fx.url}/executions/${record.id}/steps/each`);
    await expect(page.getByTestId('step-panel').locator('h2').textContent()).resolves.toBe('each failed');
    await page.getByTestId('timeline').waitFor();
    await shot(page, 'execution-timeline');
  });

  it('keeps a 5,000-item foreach list windowed, scrollable and filterable', async () => {
    const record = await fx.engine.run(MANY);
    expect(record.steps.each?.metadata.total).toBe(5000);
    await page.goto(`${fx.url}/executions/${record.id}/steps/each`);
    await page.getByTestId('foreach-items').waitFor();
    await expect(page.getByTestId('foreach-total').textContent()).resolves.toBe('5000');
    await expect(page.getByTestId('foreach-failed').textContent()).resolves.toBe('5');
    const rows = page.locator('[data-testid^="foreach-item-"][data-status]');
    expect(await rows.count()).toBeLessThan(40);
    await page.getByTestId('foreach-viewport').evaluate((el) => {
      el.scrollTop = 4000 * 30;
    });
    await page.getByTestId('foreach-item-4000').waitFor();
    expect(await rows.count()).toBeLessThan(40);
    await page.getByTestId('foreach-filter').selectOption('failed');
    await expect(rows.count()).resolves.toBe(5);
    await page.getByTestId('foreach-item-4999').click();
    await page.waitForURL(/\/items\/4999$/);
    await expect(page.getByTestId('foreach-item-value').textContent()).resolves.toBe('4999');
  });

  it('lists foreach items live while the step runs, and draws its running bar', async () => {
    const run = await fx.engine.start(LIVE_ITEMS, {});
    await page.goto(`${fx.url}/executions/${run.executionId}/steps/each`);
    await page.waitForSelector('[data-testid="foreach-item-0"][data-status="completed"]');
    await expect(page.getByTestId('execution-page').getAttribute('data-status')).resolves.toBe('running');
    await expect(page.getByTestId('foreach-total').textContent()).resolves.toBe('3');
    await page.getByTestId('tab-timeline').click();
    await page.waitForSelector('[data-testid="timeline-bar-each"][data-status="running"]');
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]');
    await page.waitForSelector('[data-testid="timeline-bar-each"][data-status="completed"]');
    await page.getByTestId('foreach-item-2').click();
    await expect(page.getByTestId('foreach-item-value').textContent()).resolves.toBe('2');
  });

  it('appends log lines to the open step panel as they are printed, without polling', async () => {
    const logRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/logs')) logRequests.push(request.url());
    });
    const run = await fx.engine.start(TALKER, {});
    await page.goto(`${fx.url}/executions/${run.executionId}/steps/talk`);
    const logs = page.getByTestId('step-logs');
    await page.waitForFunction(() => document.querySelector('[data-testid="step-logs"]')?.textContent === 'one\n');
    await expect(page.getByTestId('step-panel').locator('[data-status]').first().textContent()).resolves.toBe(
      'running',
    );
    await shot(page, 'step-logs-live');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="step-logs"]')?.textContent === 'one\ntwo\n',
      undefined,
      { timeout: 10_000 },
    );
    await waitForStatus(page, 'talk', 'completed');
    await expect(logs.textContent()).resolves.toBe('one\ntwo\n');
    expect(logRequests).toHaveLength(1);
    page.removeAllListeners('request');
  });

  it('shows step output as a collapsible JSON tree with counts and paged big arrays', async () => {
    const record = await fx.engine.run(NESTED);
    expect(record.status).toBe('completed');
    await page.goto(`${fx.url}/executions/${record.id}/steps/emit`);
    const tree = page.getByTestId('step-output');
    const toggle = (at: string) => tree.locator(`[data-testid="json-toggle"][data-path='${at}']`);
    await expect(toggle('$').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(toggle('$').textContent()).resolves.toContain('{2 keys}');
    await expect(toggle('$.user').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(tree.locator('[data-path="$.user.name"]').textContent()).resolves.toBe('name: "ada"');
    await expect(toggle('$.items').textContent()).resolves.toBe('▸items: [250 items]');
    await expect(toggle('$.items').getAttribute('aria-expanded')).resolves.toBe('false');
    const items = tree.locator('li[data-path^="$.items["]');
    await expect(items.count()).resolves.toBe(0);

    await toggle('$.items').focus();
    await page.keyboard.press('Enter');
    await expect(toggle('$.items').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(items.count()).resolves.toBe(100);
    await expect(tree.locator('[data-path="$.items[99]"]').textContent()).resolves.toBe('99: 99');
    await shot(page, 'step-output-json-tree');
    await tree.getByTestId('json-show-more').click();
    await expect(items.count()).resolves.toBe(200);
    await tree.getByTestId('json-show-more').click();
    await expect(items.count()).resolves.toBe(250);
    await expect(tree.getByTestId('json-show-more').count()).resolves.toBe(0);

    await toggle('$.user').press('Space');
    await expect(toggle('$.user').getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(tree.locator('[data-path="$.user.name"]').count()).resolves.toBe(0);
    await page.getByTestId('step-output-raw').click();
    await expect(tree.locator('pre').textContent()).resolves.toContain('"name": "ada"');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('step-output-raw').click();
    await shot(page, 'step-output-json-tree-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('collapses the levels of a large graph into counts, keeps the failed level open, expands on click', async () => {
    const record = await fx.engine.run(LEVELS);
    expect(record.status).toBe('failed');
    await page.goto(`${fx.url}/executions/${record.id}`);
    await page.waitForSelector('[data-testid="dag"][data-layout="levels"]');
    // It opens on the failed step s0120, column 21 of level 3, far right of the first columns.
    await waitForStatus(page, 's0120', 'failed');
    await expectInGraphView(page, 's0120');
    await expect(page.locator('[data-testid="dag-node-s0100"]').count()).resolves.toBe(0);
    await shot(page, 'large-graph-failed-step');
    // The whole graph (the fit-view control) shows the levels.
    await page.locator('.react-flow__controls-fitview').click();
    const level = (n: number) => page.getByTestId(`dag-level-${n}`);
    await level(1).waitFor();
    await expect(level(1).getAttribute('data-expanded')).resolves.toBe('false');
    await expect(page.getByTestId('dag-level-1-counts').textContent()).resolves.toBe('50 completed');
    await expect(level(1).getByRole('button').getAttribute('aria-label')).resolves.toBe(
      'level 1: 50 steps — 50 completed (expand)',
    );
    await expect(level(3).getAttribute('data-expanded')).resolves.toBe('true');
    await expect(level(3).getAttribute('data-status')).resolves.toBe('failed');
    await waitForStatus(page, 's0100', 'completed');
    await expect(level(4).getAttribute('data-expanded')).resolves.toBe('false');
    await expect(page.getByTestId('dag-level-4-counts').textContent()).resolves.toBe('49 completed, 1 skipped');
    await expect(page.locator('[data-testid="dag-node-s0000"]').count()).resolves.toBe(0);
    await shot(page, 'large-graph-levels');

    await level(1).getByRole('button').click();
    await expect(level(1).getAttribute('data-expanded')).resolves.toBe('true');
    await waitForStatus(page, 's0000', 'completed');
    await page.getByTestId('dag-node-s0000').locator('button').click();
    await page.waitForURL(`${fx.url}/executions/${record.id}/steps/s0000`);
    await expect(page.getByTestId('step-panel').locator('h2').textContent()).resolves.toBe('s0000 completed');
    await shot(page, 'large-graph-level-open');

    await level(1).getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(level(1).getAttribute('data-expanded')).resolves.toBe('false');
    await expect(page.locator('[data-testid="dag-node-s0000"]').count()).resolves.toBe(0);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'large-graph-levels-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('opens a running large graph on its running step once, then leaves the view to the reader', async () => {
    const run = await fx.engine.start(RUNNING_LEVELS, {});
    // Load the page once s0030 (column 31, beyond the first view) is the only step still running.
    for (let waited = 0; ; waited += 50) {
      const record = (await (await fetch(`${fx.url}/api/executions/${run.executionId}`)).json()) as ExecutionRecord;
      const running = Object.entries(record.steps).filter(([, step]) => step.status === 'running');
      if (running.length === 1 && running[0]?.[0] === 's0030') break;
      if (waited > 3_000) throw new Error(`running: ${running.map(([id]) => id).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.goto(`${fx.url}/executions/${run.executionId}`);
    await waitForStatus(page, 's0030', 'running');
    await expectInGraphView(page, 's0030');
    const viewport = page.locator('.react-flow__viewport');
    const opened = await viewport.getAttribute('style');
    // The reader moves the view; the run's later events (s0030 ends, its level closes, the rest run) leave it.
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForFunction(
      (before) => document.querySelector('.react-flow__viewport')?.getAttribute('style') !== before,
      opened,
    );
    const moved = await viewport.getAttribute('style');
    await page.waitForSelector('[data-testid="execution-page"][data-status="completed"]', { timeout: 20_000 });
    await expect(viewport.getAttribute('style')).resolves.toBe(moved);
  });

  it('shows not-found states for an unknown execution and page', async () => {
    await page.goto(`${fx.url}/executions/no-such-run`);
    await page.getByTestId('not-found').waitFor();
    await page.goto(`${fx.url}/nowhere/at/all`);
    await page.getByTestId('not-found').waitFor();
  });

  it('shows the trust level of an API-created workflow in the list and on its page', async () => {
    const content =
      'version = "1"\nname = "from-api"\n[[steps]]\nid = "call"\nstep_type = "http"\n[steps.http]\nurl = "https://example.com/"\n';
    const created = await fetch(`${fx.url}/api/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-api', content }),
    });
    expect(created.status).toBe(201);
    await page.goto(`${fx.url}/workflows`);
    await expect(page.getByTestId('workflow-trust-from-api').textContent()).resolves.toBe('user-provided');
    await expect(page.locator('[data-testid^="workflow-trust-"]').count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'from-api' }).click();
    await expect(page.getByTestId('workflow-trust').textContent()).resolves.toBe('user-provided');
  });

  it('shows the error state when the API goes down (runs last: it stops the server)', async () => {
    await page.goto(`${fx.url}/workflows`);
    await page.getByTestId('workflows-table').waitFor();
    await fx.stopServer();
    await page.getByTestId('nav-executions').click();
    await page.getByTestId('api-down').waitFor();
    await expect(page.getByTestId('api-down').locator('h2').textContent()).resolves.toBe(
      'The API server is not reachable',
    );
    await shot(page, 'api-down');
  });
});
