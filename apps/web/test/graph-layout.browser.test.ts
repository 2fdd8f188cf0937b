// The graph and step panel in headless Chromium: a node keeps name, type, status and duration apart whatever their
// length (the rest on hover and in the panel), steps that start together share a row, opening the panel keeps the
// graph in view, long log lines wrap, and a queued execution says what it waits for.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, useDashboard } from './browser-harness.js';
import { executeAsync, expectInGraphView, shot, waitForExecution, waitForStatus } from './dashboard-page.js';

const LONG_ID =
  'a-step-whose-name-goes-on-and-on-well-past-the-width-of-its-node-in-the-graph-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

/** The boxes of a node and of its lines, and whether each line is cut (its text wider than its box). */
function nodeLines(page: Page, step: string) {
  return page.getByTestId(`dag-node-${step}`).evaluate((node) => {
    const box = (el: Element | null) => {
      const r = el?.getBoundingClientRect();
      return r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : undefined;
    };
    const cut = (el: Element | null) => (el ? el.scrollWidth > el.clientWidth : false);
    const q = (id: string) => node.querySelector(`[data-testid="${id}"]`);
    return {
      node: box(node),
      title: box(q('dag-title')),
      titleText: q('dag-title')?.getAttribute('title'),
      titleCut: cut(q('dag-title')),
      meta: box(q('dag-meta')),
      state: box(node.querySelector('.dag-node-state')),
      stateText: node.querySelector('.dag-node-state')?.textContent ?? '',
      when: box(q('dag-when')),
      whenText: q('dag-when')?.getAttribute('title'),
      whenCut: cut(q('dag-when')),
    };
  });
}

describe.skipIf(!(await chromiumAvailable()))('graph layout and step panel', () => {
  const session = useDashboard('long-texts', 'gated-key');

  it('shows name, type, status and duration without overlap at any length; the rest on hover and in the panel', async () => {
    const { fx, page } = session;
    const run = await fx.engine.run('long-texts');
    await page.goto(`${fx.url}/executions/${run.id}`);
    await waitForStatus(page, 'checked', 'completed');
    for (const step of [LONG_ID, 'checked']) {
      const lines = await nodeLines(page, step);
      const { node, title, meta, state } = lines;
      if (!node || !title || !meta || !state) throw new Error(`node ${step} lacks a line`);
      expect(title.top).toBeGreaterThanOrEqual(node.top);
      expect(title.bottom).toBeLessThanOrEqual(meta.top + 0.5);
      expect(state.right).toBeLessThanOrEqual(node.right);
      expect(lines.stateText).toMatch(/^ · completed · \d/);
      if (lines.when) {
        expect(meta.bottom).toBeLessThanOrEqual(lines.when.top + 0.5);
        expect(lines.when.bottom).toBeLessThanOrEqual(node.bottom);
      } else {
        expect(meta.bottom).toBeLessThanOrEqual(node.bottom);
      }
    }
    const long = await nodeLines(page, LONG_ID);
    expect(long.titleCut).toBe(true);
    expect(long.titleText).toBe(LONG_ID);
    const checked = await nodeLines(page, 'checked');
    expect(checked.whenCut).toBe(true);
    const condition = (await fx.engine.getExecution(run.id))?.definition?.steps[1]?.when ?? '';
    expect(condition.length).toBeGreaterThan(300);
    expect(checked.whenText).toBe(`when ${condition}`);
    await page.getByTestId('dag-node-checked').locator('button').click();
    await page.getByTestId('step-panel').waitFor();
    await expect(page.getByTestId('step-panel').locator('dd code').first().textContent()).resolves.toBe(condition);
    await shot(page, 'graph-long-texts');
  });

  it('draws steps that start together on one row (the quickstart)', async () => {
    const { fx, page } = session;
    const here = path.dirname(fileURLToPath(import.meta.url));
    const quickstart = await readFile(path.join(here, '../../../examples/.workflows/quickstart.toml'), 'utf8');
    await writeFile(path.join(fx.dir, '.workflows', 'quickstart.toml'), quickstart);
    await page.goto(`${fx.url}/workflows/quickstart`);
    await page.getByTestId('dag-node-flaky-check').waitFor();
    const top = (step: string) => page.getByTestId(`dag-node-${step}`).evaluate((el) => el.getBoundingClientRect().top);
    const first = await top('fetch-config');
    await expect(top('measure-quality')).resolves.toBeCloseTo(first, 0);
    await expect(top('flaky-check')).resolves.toBeCloseTo(first, 0);
    await expect(top('deploy-regions')).resolves.toBeGreaterThan(first + 50);
  });

  it('keeps the graph in view when the step panel opens, and wraps long log lines', async () => {
    const { fx, page } = session;
    const run = await fx.engine.run('long-texts');
    await page.goto(`${fx.url}/executions/${run.id}`);
    await waitForStatus(page, 'talk', 'completed');
    const steps = [LONG_ID, 'checked', 'talk'];
    for (const step of steps) await expectInGraphView(page, step);
    const before = await page.getByTestId('dag').boundingBox();
    await page.getByTestId('dag-node-talk').locator('button').click();
    await page.getByTestId('step-logs').waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const after = await page.getByTestId('dag').boundingBox();
    expect(after?.y).toBe(before?.y);
    // The graph is fitted to its narrower canvas: every step still shows, none cut at the edge.
    await expect
      .poll(async () => {
        for (const step of steps) {
          const [graph, node] = [after, await page.getByTestId(`dag-node-${step}`).boundingBox()];
          if (!graph || !node || node.x < graph.x || node.x + node.width > graph.x + graph.width) return false;
        }
        return true;
      })
      .toBe(true);
    const logs = await page.getByTestId('step-logs').evaluate((el) => ({
      overflows: el.scrollWidth > el.clientWidth,
      width: el.getBoundingClientRect().width,
      side: el.closest('.column-side')?.getBoundingClientRect().width ?? 0,
    }));
    expect(logs.overflows).toBe(false);
    expect(logs.width).toBeLessThanOrEqual(logs.side);
    await shot(page, 'graph-panel-open');
  });

  it('says what a queued execution waits for, until it runs', async () => {
    const { fx, page } = session;
    const holder = await executeAsync(fx.url, 'gated-key');
    await expect.poll(async () => (await fx.engine.getExecution(holder))?.status, { timeout: 15_000 }).toBe('running');
    const waiter = await executeAsync(fx.url, 'gated-key');
    await page.goto(`${fx.url}/executions/${waiter}`);
    await waitForExecution(page, 'queued');
    await expect(page.getByTestId('execution-waiting').textContent()).resolves.toBe(
      `waiting for concurrency key deploy-prod (1/1 held by ${holder})`,
    );
    await expect(page.getByTestId('execution-status').textContent()).resolves.toBe('queued');
    await shot(page, 'execution-queued');
    await fx.openGate(holder);
    await waitForExecution(page, 'running');
    await expect(page.getByTestId('execution-waiting').count()).resolves.toBe(0);
    await fx.openGate(waiter);
    await waitForExecution(page, 'completed');
  });
});
