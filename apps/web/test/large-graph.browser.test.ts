// Large graphs in headless Chromium: levels collapsed into counts, the failed or running step in the first view.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { expectInGraphView, fetchExecution, shot, waitForExecution, waitForStatus } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('large graphs', () => {
  const session = useDashboard('levels', 'running-levels');

  it('collapses the levels of a large graph into counts, keeps the failed level open, expands on click', async () => {
    const { fx, page } = session;
    const record = await fx.engine.run('levels');
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
  });

  it('opens a running large graph on its running step once, then leaves the view to the reader', async () => {
    const { fx, page } = session;
    const run = await fx.engine.start('running-levels', {});
    // Load the page once s0030 (column 31, beyond the first view, held at its gate) is the only step running.
    await expect
      .poll(
        async () => {
          const record = await fetchExecution(fx.url, run.executionId);
          return Object.entries(record.steps)
            .filter(([, step]) => step.status === 'running')
            .map(([id]) => id);
        },
        { timeout: 15_000, interval: 50 },
      )
      .toEqual(['s0030']);
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
    await fx.openGate(run.executionId);
    await waitForExecution(page, 'completed', 20_000);
    await expect(viewport.getAttribute('style')).resolves.toBe(moved);
  });
});
