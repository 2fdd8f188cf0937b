// The Schedules page in headless Chromium: a workflow's schedule with its next fire time, paused and resumed with
// the button; an execution started by a schedule says so on its page.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { shot } from './dashboard-page.js';

describe.skipIf(!(await chromiumAvailable()))('schedules page', () => {
  const session = useDashboard('scheduled');

  it('lists the schedule, pauses and resumes it', async () => {
    const { fx, page } = session;
    await page.goto(`${fx.url}/workflows`);
    await page.getByTestId('nav-schedules').click();
    const row = page.getByTestId('schedule-row-scheduled-0');
    await row.waitFor();
    expect(await row.textContent()).toContain('0 3 * * *');
    expect(await row.textContent()).toContain('Europe/Paris');
    expect(await row.textContent()).toContain('never fired');
    const next = page.getByTestId('schedule-next-scheduled-0');
    expect(await next.textContent()).not.toBe('paused');
    await shot(page, 'schedules');
    await page.getByTestId('schedule-toggle-scheduled-0').click();
    await page.getByTestId('schedule-toggle-scheduled-0').filter({ hasText: 'Resume' }).waitFor();
    expect(await next.textContent()).toBe('paused');
    expect((await fx.engine.store.pausedSchedules?.()) ?? []).toEqual([
      { workflow_name: 'scheduled', trigger_index: 0 },
    ]);
    await page.getByTestId('schedule-toggle-scheduled-0').click();
    await page.getByTestId('schedule-toggle-scheduled-0').filter({ hasText: 'Pause' }).waitFor();
    expect(await fx.engine.store.pausedSchedules?.()).toEqual([]);
  });

  it('an execution started by a schedule names it', async () => {
    const { fx, page } = session;
    const started = await fx.engine.start(
      'scheduled',
      {},
      {
        trigger: { type: 'schedule', index: 0, tick: '2026-01-01T02:00:00.000Z' },
      },
    );
    await started.done;
    await page.goto(`${fx.url}/executions/${started.executionId}`);
    const trigger = page.getByTestId('execution-trigger');
    await trigger.waitFor();
    expect(await trigger.textContent()).toContain('schedule #0');
  });
});
