// The dashboard in headless Chromium when its API server stops: the error state.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { shot } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('dashboard without its API', () => {
  const session = useDashboard('quick');

  it('shows the error state when the API goes down', async () => {
    const { fx, page } = session;
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
