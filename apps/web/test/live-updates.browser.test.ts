// Live updates of an execution's page in headless Chromium: WebSocket reconnection, log lines, foreach items.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { shot, status, waitForExecution, waitForStatus } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('live execution page', () => {
  const session = useDashboard('steps', 'talker', 'live-items');

  it('reconnects its WebSocket with ?since after the server restarts and misses no event', async () => {
    const { fx, page } = session;
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(new URL(ws.url()).search));
    const run = await fx.engine.start('steps', {});
    await page.goto(`${fx.url}/executions/${run.executionId}`);
    await waitForStatus(page, 'two', 'running');
    await fx.restartServer();
    await fx.openGate(run.executionId);
    await waitForStatus(page, 'three', 'completed');
    await waitForExecution(page, 'completed');
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expect(sockets[0]).toMatch(/^\?since=\d+$/);
    expect(Number(sockets.at(-1)?.slice('?since='.length))).toBeGreaterThanOrEqual(3);
    await expect(status(page, 'two')).resolves.toBe('completed');
    await expect(page.getByTestId('dag-node-two').textContent()).resolves.toMatch(/completed · \d/);
  });

  it('appends log lines to the open step panel as they are printed, without polling', async () => {
    const { fx, page } = session;
    const logRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/logs')) logRequests.push(request.url());
    });
    const run = await fx.engine.start('talker', {});
    await page.goto(`${fx.url}/executions/${run.executionId}/steps/talk`);
    const logs = page.getByTestId('step-logs');
    await page.waitForFunction(() => document.querySelector('[data-testid="step-logs"]')?.textContent === 'one\n');
    await expect(page.getByTestId('step-panel').locator('[data-status]').first().textContent()).resolves.toBe(
      'running',
    );
    await shot(page, 'step-logs-live');
    await fx.openGate(run.executionId);
    await page.waitForFunction(() => document.querySelector('[data-testid="step-logs"]')?.textContent === 'one\ntwo\n');
    await waitForStatus(page, 'talk', 'completed');
    await expect(logs.textContent()).resolves.toBe('one\ntwo\n');
    expect(logRequests).toHaveLength(1);
  });

  it('lists foreach items live while the step runs, and draws its running bar', async () => {
    const { fx, page } = session;
    const run = await fx.engine.start('live-items', {});
    await page.goto(`${fx.url}/executions/${run.executionId}/steps/each`);
    await page.waitForSelector('[data-testid="foreach-item-0"][data-status="completed"]');
    await expect(page.getByTestId('execution-page').getAttribute('data-status')).resolves.toBe('running');
    await expect(page.getByTestId('foreach-total').textContent()).resolves.toBe('3');
    await page.getByTestId('tab-timeline').click();
    await page.waitForSelector('[data-testid="timeline-bar-each"][data-status="running"]');
    await fx.openGate(run.executionId);
    await page.waitForSelector('[data-testid="foreach-item-1"][data-status="completed"]');
    await waitForExecution(page, 'completed');
    await page.waitForSelector('[data-testid="timeline-bar-each"][data-status="completed"]');
    await page.getByTestId('foreach-item-2').click();
    await expect(page.getByTestId('foreach-item-value').textContent()).resolves.toBe('2');
  });
});
