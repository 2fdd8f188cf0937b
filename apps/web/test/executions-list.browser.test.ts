// The executions page in headless Chromium: the list, its status filter, and opening a failed execution from it.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { fetchExecution, shot, status } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('executions page', () => {
  const session = useDashboard('broken', 'quick');

  it('lists and filters executions', async () => {
    const { fx, page } = session;
    const failed = await fx.engine.run('broken');
    const completed = await fx.engine.run('quick');
    await page.goto(`${fx.url}/executions`);
    await page.getByTestId('executions-table').waitFor();
    await page.getByTestId(`execution-row-${failed.id}`).waitFor();
    await page.getByTestId(`execution-row-${completed.id}`).waitFor();
    await shot(page, 'executions');
    await page.getByTestId('filter-status').selectOption('failed');
    await page.waitForURL(/status=failed/);
    await page.getByTestId(`execution-row-${completed.id}`).waitFor({ state: 'detached' });
    // The filtered list may still be loading when the unfiltered rows leave: wait for it, never sample it.
    await page.getByTestId(`execution-row-${failed.id}`).waitFor({ state: 'visible' });
    const statuses = await page
      .locator('[data-testid^="execution-row-"] [data-status]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['failed']));
  });

  it('opens a failed execution from the list, clicks the failed step and shows its error', async () => {
    const { fx, page } = session;
    const failed = await fx.engine.run('broken');
    await page.goto(`${fx.url}/executions?status=failed`);
    await page.getByTestId(`execution-row-${failed.id}`).getByRole('link', { name: failed.id }).click();
    await page.waitForSelector('[data-testid="execution-page"][data-status="failed"]');
    await expect(status(page, 'prepare')).resolves.toBe('completed');
    await expect(status(page, 'fails')).resolves.toBe('failed');
    await expect(status(page, 'report')).resolves.toBe('skipped');
    await page.getByTestId('dag-node-fails').locator('button').click();
    expect(new URL(page.url()).pathname).toBe(`/executions/${failed.id}/steps/fails`);
    const error = (await fetchExecution(fx.url, failed.id)).steps.fails?.error;
    expect(error).toBeTruthy();
    await expect(page.getByTestId('step-error').textContent()).resolves.toBe(error);
    await expect(page.getByTestId('step-logs').textContent()).resolves.toBe('about to fail\n');
    await shot(page, 'execution-failed-step');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'execution-failed-step-dark');
  });
});
