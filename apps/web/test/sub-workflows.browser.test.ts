// Sub-workflows in headless Chromium: the parent's step panel links to the child execution, whose page has a
// breadcrumb back to the parent and its step.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { shot } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('sub-workflows', () => {
  const session = useDashboard('sub-parent', 'sub-child');

  it('links the parent step to the child and the child back to its parent', async () => {
    const { fx, page } = session;
    const parent = await fx.engine.run('sub-parent');
    expect(parent.status).toBe('completed');
    const childId = String(parent.steps.call?.metadata.child_execution_id);
    await page.goto(`${fx.url}/executions/${parent.id}/steps/call`);
    const link = page.getByTestId('step-child-link');
    await link.waitFor();
    expect(await link.textContent()).toContain('sub-child');
    await shot(page, 'sub-workflow-parent');
    await link.click();
    const crumb = page.getByTestId('parent-crumb');
    await crumb.waitFor();
    expect(page.url()).toBe(`${fx.url}/executions/${childId}`);
    expect(await crumb.textContent()).toContain('step call');
    await shot(page, 'sub-workflow-child');
    await crumb.getByRole('link', { name: 'step call' }).click();
    await page.getByTestId('step-panel').waitFor();
    expect(page.url()).toBe(`${fx.url}/executions/${parent.id}/steps/call`);
  });
});
