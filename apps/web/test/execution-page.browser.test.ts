// An execution's page in headless Chromium: Cancel, the step panel (deep links, output tree), a graph that fills the
// window, retry from a failed step, not-found states.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { executionIdOf, fetchExecution, shot, status, waitForExecution, waitForStatus } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('execution page', () => {
  const session = useDashboard('hello', 'slow', 'broken', 'flaky', 'nested');

  it('cancels a running execution from the UI', async () => {
    const { fx, page } = session;
    await page.goto(`${fx.url}/workflows/slow`);
    await page.getByTestId('run-submit').click();
    const id = await executionIdOf(page);
    await waitForStatus(page, 'wait', 'running');
    await page.getByTestId('cancel').click();
    await waitForExecution(page, 'cancelled');
    await waitForStatus(page, 'wait', 'cancelled');
    await expect(status(page, 'after')).resolves.toMatch(/^(cancelled|skipped)$/);
    expect((await fetchExecution(fx.url, id)).status).toBe('cancelled');
    await shot(page, 'execution-cancelled');
  });

  it('reloads a deep link to a step with its panel open', async () => {
    const { fx, page } = session;
    const failed = await fx.engine.run('broken');
    await page.goto(`${fx.url}/executions/${failed.id}/steps/fails`);
    await page.reload();
    await page.getByTestId('step-panel').waitFor();
    await expect(page.getByTestId('step-panel').locator('h2').textContent()).resolves.toBe('fails failed');
    await page.getByTestId('step-error').waitFor({ state: 'visible' });
    await expect(page.getByTestId('dag-node-fails').getAttribute('class')).resolves.toContain('dag-node-selected');
  });

  it('makes the graph reach the bottom of the window on the execution and workflow pages', async () => {
    const { fx, page } = session;
    const failed = await fx.engine.run('broken');
    const dag = page.getByTestId('dag');
    const room = () =>
      dag.evaluate((el) => ({
        height: el.getBoundingClientRect().height,
        below: window.innerHeight - el.getBoundingClientRect().bottom,
        scrolls: document.documentElement.scrollHeight > window.innerHeight,
      }));
    await page.goto(`${fx.url}/executions/${failed.id}`);
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
    await page.goto(`${fx.url}/executions/${failed.id}/steps/fails`);
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
    const { fx, page } = session;
    const run = await fx.engine.start('flaky', {});
    expect((await run.done).status).toBe('failed');
    await writeFile(path.join(fx.dir, 'flag'), '');
    await page.goto(`${fx.url}/executions/${run.executionId}/steps/fix`);
    await page.getByTestId('retry-step').click();
    await page.waitForURL((url) => url.pathname.startsWith('/executions/') && !url.pathname.includes(run.executionId));
    await waitForExecution(page, 'completed');
    await waitForStatus(page, 'fix', 'completed');
  });

  it('shows step output as a collapsible JSON tree with counts and paged big arrays', async () => {
    const { fx, page } = session;
    const record = await fx.engine.run('nested');
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
  });

  it('shows not-found states for an unknown execution and page', async () => {
    const { fx, page } = session;
    await page.goto(`${fx.url}/executions/no-such-run`);
    await page.getByTestId('not-found').waitFor();
    await page.goto(`${fx.url}/nowhere/at/all`);
    await page.getByTestId('not-found').waitFor();
  });
});
