// The Skills pages in headless Chromium: the catalogue, one skill's tools with their arguments, and the link from a
// skill step's panel to its tool.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { fetchExecution, shot } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('skills pages', () => {
  const session = useDashboard('skill-call');

  it('lists the skills with their origin and tools, and shows a skill with its arguments', async () => {
    const { fx, page } = session;
    await page.goto(`${fx.url}/workflows`);
    await page.getByTestId('nav-skills').click();
    await page.getByTestId('skills-table').waitFor();
    const http = page.getByTestId('skill-row-http');
    await expect(http.locator('td').nth(1).textContent()).resolves.toBe('builtin');
    await expect(http.locator('td').nth(2).textContent()).resolves.toBe('request');
    await shot(page, 'skills');
    await http.getByRole('link', { name: 'http' }).click();
    await page.getByTestId('skill-page').waitFor();
    const request = page.getByTestId('tool-request');
    await expect(request.locator('tbody tr').first().locator('td').first().textContent()).resolves.toBeTruthy();
    expect(await request.locator('tbody').textContent()).toContain('url');
  });

  it("links a skill step's panel to its tool, which is highlighted", async () => {
    const { fx, page } = session;
    const started = await fx.engine.start('skill-call', {});
    expect((await started.done).status).toBe('failed');
    expect((await fetchExecution(fx.url, started.executionId)).steps.fetch?.status).toBe('failed');
    await page.goto(`${fx.url}/executions/${started.executionId}/steps/fetch`);
    const link = page.getByTestId('step-skill-tool');
    await expect(link.textContent()).resolves.toBe('http.request');
    await link.click();
    await page.waitForURL(`${fx.url}/skills/http/request`);
    await expect(page.getByTestId('tool-request').getAttribute('aria-current')).resolves.toBe('true');
    await shot(page, 'skill-tool');
  });

  it('shows not found for an unknown skill', async () => {
    const { fx, page } = session;
    await page.goto(`${fx.url}/skills/nope`);
    await page.getByTestId('not-found').waitFor();
  });
});
