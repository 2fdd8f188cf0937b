// A workflow's page in headless Chromium: its graph and Run form, a run watched live, Re-run, the trust level.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { executionIdOf, fetchExecution, shot, status, waitForExecution, waitForStatus } from './dashboard-page.js';

const STEPS = ['greet', 'pause', 'left', 'right'];

describe.skipIf(!(await chromiumAvailable()))('workflow page', () => {
  const session = useDashboard('hello');

  it('validates the Run form, runs the workflow and watches its nodes turn green live', async () => {
    const { fx, page } = session;
    await page.goto(`${fx.url}/workflows`);
    await page.getByRole('link', { name: 'hello' }).click();
    await page.getByTestId('workflow-page').waitFor();
    await expect(page.locator('[data-testid^="dag-node-"]').count()).resolves.toBe(4);
    await expect(page.getByTestId('dag-node-right').textContent()).resolves.toContain('when {inputs.times} > 1');
    await expect(page.getByTestId('input-times').inputValue()).resolves.toBe('2');
    await expect(page.getByTestId('input-mood').evaluate((el) => el.tagName)).resolves.toBe('SELECT');
    await expect(page.getByTestId('toml-source').textContent()).resolves.toContain('name = "hello"');
    await shot(page, 'workflow');

    await page.getByTestId('run-submit').click();
    await expect(page.getByTestId('input-who-error').textContent()).resolves.toBe('who is required');
    await page.getByTestId('input-times').fill('1.5');
    await page.getByTestId('run-submit').click();
    await expect(page.getByTestId('input-times-error').textContent()).resolves.toBe('times must be a whole number');
    expect(new URL(page.url()).pathname).toBe('/workflows/hello');

    await page.getByTestId('input-who').fill('browser');
    await page.getByTestId('input-times').fill('3');
    await page.getByTestId('input-mood').selectOption('loud');
    await page.getByTestId('run-submit').click();
    const id = await executionIdOf(page);
    await waitForStatus(page, 'pause', 'running');
    await expect(status(page, 'left')).resolves.toBe('pending');
    await shot(page, 'execution-running');
    await fx.openGate(id);
    for (const step of STEPS) await waitForStatus(page, step, 'completed');
    await waitForExecution(page, 'completed');
    const record = await fetchExecution(fx.url, id);
    expect(record.inputs).toEqual({ who: 'browser', times: 3, mood: 'loud' });
    expect(record.status).toBe('completed');
    await page.getByTestId('dag-node-greet').locator('button').click();
    await expect(page.getByTestId('step-logs').textContent()).resolves.toBe('hello browser\n');
    await shot(page, 'execution-completed');
  });

  it('re-runs a completed execution with the same inputs and lands on the new one', async () => {
    const { fx, page } = session;
    const run = await fx.engine.start('hello', { who: 'again', times: 3 });
    await fx.openGate(run.executionId);
    expect((await run.done).status).toBe('completed');
    await page.goto(`${fx.url}/executions/${run.executionId}`);
    await waitForExecution(page, 'completed');
    await page.getByTestId('rerun').click();
    await page.waitForURL(
      (url) => /^\/executions\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(run.executionId),
    );
    const rerunId = await executionIdOf(page);
    await fx.openGate(rerunId);
    await waitForExecution(page, 'completed');
    for (const step of STEPS) await waitForStatus(page, step, 'completed');
    const rerun = await fetchExecution(fx.url, rerunId);
    expect(rerun.workflow_name).toBe('hello');
    expect(rerun.inputs).toEqual((await fetchExecution(fx.url, run.executionId)).inputs);
    expect(rerun.retry_of).toBeUndefined();
    await shot(page, 'execution-rerun');
  });

  it('shows the trust level of an API-created workflow in the list and on its page', async () => {
    const { fx, page } = session;
    const content =
      'version = "1"\nname = "from-api"\n[[steps]]\nid = "call"\nstep_type = "http"\n[steps.http]\nurl = "https://example.com/"\n';
    const created = await fetch(`${fx.url}/api/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-api', content }),
    });
    expect(created.status).toBe(201);
    await page.goto(`${fx.url}/workflows`);
    await expect(page.getByTestId('workflow-trust-from-api').textContent()).resolves.toBe('user-provided');
    await expect(page.locator('[data-testid^="workflow-trust-"]').count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'from-api' }).click();
    await expect(page.getByTestId('workflow-trust').textContent()).resolves.toBe('user-provided');
  });
});
