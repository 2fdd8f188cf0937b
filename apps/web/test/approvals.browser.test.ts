// Approvals in headless Chromium: the execution header links to the waiting approval, whose step panel shows its
// message and form; Approve sends the typed values (a missing required one is caught first), Reject fails the step.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { executeAsync, fetchExecution, shot, waitForExecution, waitForStatus } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('approvals', () => {
  const session = useDashboard('approval');

  it('opens on the waiting approval, checks the form and approves with typed values', async () => {
    const { fx, page } = session;
    const id = await executeAsync(fx.url, 'approval');
    await page.goto(`${fx.url}/executions/${id}`);
    await waitForStatus(page, 'approve', 'waiting');
    await page.getByTestId('execution-waiting').waitFor();
    await expect(page.getByTestId('execution-waiting').textContent()).resolves.toContain('waiting for approve');
    // The header links to the step waiting for a decision; its panel holds the form.
    await page.getByTestId('execution-waiting').getByRole('link', { name: 'approve' }).click();
    await page.getByTestId('approval-form').waitFor();
    await expect(page.getByTestId('approval-message').textContent()).resolves.toBe('Deploy build built to production?');
    await expect(page.getByTestId('approval-deadline').textContent()).resolves.toContain('Rejected automatically');
    await page.getByTestId('approve-step').click();
    await page.getByTestId('approval-field-reason-error').waitFor();
    await expect(page.getByTestId('approval-field-reason-error').textContent()).resolves.toBe('reason is required');
    expect((await fetchExecution(fx.url, id)).steps.approve?.status).toBe('waiting');

    await page.getByTestId('approval-field-reason').fill('hotfix <b>now</b>');
    await page.getByTestId('approval-field-replicas').fill('3');
    await page.getByTestId('approval-field-region').selectOption('us');
    await page.getByTestId('approval-comment').fill('looks good');
    await shot(page, 'approval-form');
    await page.getByTestId('approve-step').click();
    await waitForExecution(page, 'completed');
    const record = await fetchExecution(fx.url, id);
    expect(record.steps.deploy?.output).toBe('hotfix <b>now</b> 3 us');
    expect(record.steps.approve?.output).toMatchObject({
      decided_by: 'api:anonymous',
      comment: 'looks good',
      fields: { reason: 'hotfix <b>now</b>', replicas: 3, region: 'us' },
    });
    // The form is gone once the step is decided; the output shows the decision.
    await page.goto(`${fx.url}/executions/${id}/steps/approve`);
    await page.getByTestId('step-output').waitFor();
    expect(await page.getByTestId('approval-form').count()).toBe(0);
  });

  it('rejects: the step fails with who and why', async () => {
    const { fx, page } = session;
    const id = await executeAsync(fx.url, 'approval');
    await page.goto(`${fx.url}/executions/${id}/steps/approve`);
    await page.getByTestId('approval-form').waitFor();
    await page.getByTestId('approval-comment').fill('change freeze');
    await page.getByTestId('reject-step').click();
    await waitForExecution(page, 'failed');
    await page.getByTestId('step-error').waitFor();
    await expect(page.getByTestId('step-error').textContent()).resolves.toBe(
      'rejected by api:anonymous: change freeze',
    );
    await shot(page, 'approval-rejected');
  });
});
