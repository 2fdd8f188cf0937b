// Dashboard in headless Chromium: a secret printed by steps (whole, split, base64, in an error) only shows as `***`.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  type DashboardFixture,
  readFixtures,
  SCREENSHOT_DIR,
  startDashboard,
} from './browser-harness.js';

const SECRET = `sk${randomBytes(16).toString('hex')}`;
const B64 = Buffer.from(SECRET).toString('base64').replace(/=+$/, '');
/** What the browser must never get: the value, its first and last 12 characters, a middle slice of its base64. */
const NEEDLES: Record<string, string> = {
  secret: SECRET,
  'first 12 characters': SECRET.slice(0, 12),
  'last 12 characters': SECRET.slice(-12),
  'base64 middle slice': B64.slice(15, 31),
};
const STEPS = ['warmup', 'whole', 'split', 'encoded', 'meta', 'fails'];

function leaks(text: string): string[] {
  return Object.entries(NEEDLES)
    .filter(([, needle]) => text.includes(needle))
    .map(([name]) => name);
}

/** Records every text and attribute value the DOM ever held, so that a secret shown only briefly is caught too. */
function recordDomHistory(): void {
  const seen: string[] = [];
  (window as unknown as { domHistory: string[] }).domHistory = seen;
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') seen.push(record.target.textContent ?? '');
      if (record.type === 'attributes' && record.target instanceof Element && record.attributeName) {
        seen.push(record.target.getAttribute(record.attributeName) ?? '');
      }
      for (const node of record.addedNodes) {
        seen.push(node instanceof Element ? node.outerHTML : (node.textContent ?? ''));
      }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

describe.skipIf(!(await chromiumAvailable()))('secrets in the dashboard', () => {
  let fx: DashboardFixture;
  let page: Page;
  const frames: string[] = [];
  const bodies: Array<Promise<string>> = [];

  beforeAll(async () => {
    fx = await startDashboard(await readFixtures('leaky'));
    // The engine reads the secrets file at each run.
    await mkdir(path.join(fx.dir, '.skill'), { recursive: true });
    const file = path.join(fx.dir, '.skill', 'secrets.env');
    await writeFile(file, `API_TOKEN=${SECRET}\n`);
    await chmod(file, 0o600);
    const context = await fx.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(recordDomHistory);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('websocket', (ws) => ws.on('framereceived', (frame) => frames.push(String(frame.payload))));
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) bodies.push(response.text().catch(() => ''));
    });
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('shows *** where a step printed the secret, live and after the run, and never the secret', async () => {
    expect(fx.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const snapshots: Array<{ where: string; html: string }> = [];
    // The page's HTML now, and everything the DOM held since the last snapshot (taken before each page load).
    const snapshot = async (where: string) => {
      snapshots.push({ where, html: await page.content() });
      const history = await page.evaluate(() => (window as unknown as { domHistory: string[] }).domHistory.splice(0));
      snapshots.push({ where: `${where} (DOM history)`, html: history.join('\n') });
    };

    const run = await fx.engine.start('leaky', {});
    const id = run.executionId;
    // Live: the split step's panel is open before it prints its two pieces.
    await page.goto(`${fx.url}/executions/${id}/steps/split`);
    await page.getByTestId('step-panel').waitFor();
    await fx.openGate(id);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="step-logs"]')?.textContent?.includes('***'),
      undefined,
      { timeout: 20_000 },
    );
    await snapshot('split panel, live');
    await page.waitForSelector('[data-testid="execution-page"][data-status="failed"]', { timeout: 30_000 });
    expect((await run.done).status).toBe('failed');
    await snapshot('execution page, finished');

    // After the run, each step's panel (fetched logs, output, metadata, error).
    for (const step of STEPS) {
      await page.getByTestId(`dag-node-${step}`).locator('button').click();
      await page.waitForURL(`${fx.url}/executions/${id}/steps/${step}`);
      const heading = page.getByTestId('step-panel').locator('h2');
      await expect
        .poll(() => heading.textContent(), { timeout: 10_000 })
        .toMatch(new RegExp(`^${step} (completed|failed)$`));
      await page.waitForSelector('[data-testid="step-logs"], [data-testid="step-logs-empty"]');
      const panel = (await page.getByTestId('step-panel').textContent()) ?? '';
      if (step !== 'warmup') expect(panel, `${step} panel`).toContain('***');
      if (await page.getByTestId('step-output-raw').count()) await page.getByTestId('step-output-raw').click();
      await snapshot(`${step} panel`);
    }
    await expect(page.getByTestId('step-error').textContent()).resolves.toContain('***');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'secrets-masked.png'), fullPage: true });

    // A fresh load of a panel (no live events), the timeline and the executions list.
    await page.goto(`${fx.url}/executions/${id}/steps/whole`);
    await page.getByTestId('step-logs').waitFor();
    await expect(page.getByTestId('step-logs').textContent()).resolves.toContain('token=***');
    await snapshot('whole panel, reloaded');
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline').waitFor();
    await snapshot('timeline');
    await page.goto(`${fx.url}/executions`);
    await page.getByTestId(`execution-row-${id}`).waitFor();
    await snapshot('executions list');

    expect(snapshots.find((s) => s.where === 'split panel, live (DOM history)')?.html).toContain('***');
    const everything = [
      ...snapshots,
      { where: 'WebSocket frames received by the page', html: frames.join('\n') },
      { where: 'API responses received by the page', html: (await Promise.all(bodies)).join('\n') },
    ];
    expect(frames.join('\n')).toContain('***');
    expect(snapshots.some((s) => s.html.includes('***'))).toBe(true);
    const found = everything.map(({ where, html }) => ({ where, leaks: leaks(html) })).filter((s) => s.leaks.length);
    expect(found, 'secret found in the dashboard').toEqual([]);
  });
});
