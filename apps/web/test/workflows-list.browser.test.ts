// The workflows page in headless Chromium: the list, each workflow's last run, and its refresh.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { executeAsync, shot } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('workflows page', () => {
  const session = useDashboard('hello', 'slow', 'broken', 'quick', 'steps');

  it('lists the workflows with description, step count and validity', async () => {
    const { fx, page } = session;
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

  it("shows each workflow's last run (status and when) or never run", async () => {
    const { fx, page } = session;
    const hello = await fx.engine.start('hello', { who: 'list' });
    await fx.openGate(hello.executionId);
    expect((await hello.done).status).toBe('completed');
    expect((await (await fx.engine.start('broken', {})).done).status).toBe('failed');
    await page.goto(`${fx.url}/workflows`);
    const lastRun = page.getByTestId('workflow-last-run-hello');
    await page.waitForSelector('[data-testid="workflow-last-run-hello"] [data-status="completed"]');
    await expect(lastRun.textContent()).resolves.toBe('completed just now');
    await expect(lastRun.getByRole('link').getAttribute('href')).resolves.toBe(`/executions/${hello.executionId}`);
    await expect(page.getByTestId('workflow-last-run-broken').locator('[data-status]').textContent()).resolves.toBe(
      'failed',
    );
    await expect(page.getByTestId('workflow-last-run-slow').textContent()).resolves.toBe('never run');
    await shot(page, 'workflows-last-run');
    await lastRun.getByRole('link').click();
    await page.waitForURL(`${fx.url}/executions/${hello.executionId}`);
  });

  it('refreshes the last runs every 10 s and when the tab is shown again, keeping old values meanwhile', async () => {
    const { fx, page } = session;
    await page.clock.install();
    await page.goto(`${fx.url}/workflows`);
    const cell = page.getByTestId('workflow-last-run-quick');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="workflow-last-run-quick"]')?.textContent === 'never run',
    );
    // Time stands still (no timer fires unless the test moves the clock); any "…" placeholder is noted.
    await page.clock.pauseAt(Date.now() + 1_000);
    await page.evaluate(() => {
      const flags = window as unknown as { sameDocument: boolean; placeholderSeen: boolean };
      flags.sameDocument = true;
      flags.placeholderSeen = false;
      const table = document.querySelector('[data-testid="workflows-table"]');
      new MutationObserver(() => {
        if (table?.textContent?.includes('…')) flags.placeholderSeen = true;
      }).observe(table ?? document.body, { subtree: true, childList: true, characterData: true });
    });
    const listRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/executions')) listRequests.push(request.url());
    });
    const linkTo = (id: string) =>
      page.waitForSelector(`[data-testid="workflow-last-run-quick"] a[href="/executions/${id}"]`);

    const first = await executeAsync(fx.url, 'quick');
    // Nothing asks for the last runs until the clock moves.
    expect(listRequests).toEqual([]);
    await expect(cell.textContent()).resolves.toBe('never run');
    await page.clock.fastForward(10_000);
    await linkTo(first);

    // Hidden, then shown again: refreshed at once, without waiting for the interval.
    const second = await executeAsync(fx.url, 'quick');
    await page.evaluate(() => {
      for (const state of ['hidden', 'visible']) {
        Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }
    });
    await linkTo(second);
    const flags = await page.evaluate(() => {
      const { sameDocument, placeholderSeen } = window as unknown as Record<string, boolean | undefined>;
      return { sameDocument, placeholderSeen };
    });
    expect(flags).toEqual({ sameDocument: true, placeholderSeen: false });
  });
});
