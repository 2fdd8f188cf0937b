// The dashboard in headless Chromium when its API server stops: the error state.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, type DashboardFixture, readFixtures, startDashboard } from './browser-harness.js';
import { shot } from './dashboard-page.js';

describe.skipIf(!chromiumAvailable())('dashboard without its API', () => {
  let fx: DashboardFixture;
  let page: Page;

  beforeAll(async () => {
    fx = await startDashboard(await readFixtures('quick'));
    page = await fx.newPage();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('shows the error state when the API goes down', async () => {
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
