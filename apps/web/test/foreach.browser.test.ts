// Foreach steps in headless Chromium: the item list with statuses, deep links to an item, the timeline, 5,000 items.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { shot, waitForStatus } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('foreach steps', () => {
  const session = useDashboard('items', 'many');

  it('lists foreach items with their statuses and deep-links to a failed item', async () => {
    const { fx, page } = session;
    const record = await fx.engine.run('items');
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
  });

  it('draws a foreach execution on the timeline, and a bar click opens the step', async () => {
    const { fx, page } = session;
    const record = await fx.engine.run('items');
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
    const { fx, page } = session;
    const record = await fx.engine.run('many');
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
});
