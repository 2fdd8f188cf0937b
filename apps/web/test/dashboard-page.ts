// Browser-test steps on a dashboard page: screenshots, step statuses, the execution in the URL, the API's record.
import path from 'node:path';
import type { ExecutionRecord } from '@skill/workflow-model';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { SCREENSHOT_DIR } from './browser-harness.js';

/** Saves a full-page screenshot as `<name>.png` in the screenshot folder. */
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

/** The `data-status` of step node `step` in the graph. */
export const status = (page: Page, step: string) => page.getByTestId(`dag-node-${step}`).getAttribute('data-status');

/** Waits until step node `step` shows status `wanted`. */
export async function waitForStatus(page: Page, step: string, wanted: string, timeout = 15_000): Promise<void> {
  await page.waitForSelector(`[data-testid="dag-node-${step}"][data-status="${wanted}"]`, { timeout });
}

/** Waits until the execution page shows status `wanted`. */
export async function waitForExecution(page: Page, wanted: string, timeout = 15_000): Promise<void> {
  await page.waitForSelector(`[data-testid="execution-page"][data-status="${wanted}"]`, { timeout });
}

/** Asserts that step node `step` lies wholly inside the visible graph canvas. */
export async function expectInGraphView(page: Page, step: string): Promise<void> {
  const graph = await page.getByTestId('dag').boundingBox();
  const node = await page.getByTestId(`dag-node-${step}`).boundingBox();
  expect(graph).not.toBeNull();
  expect(node).not.toBeNull();
  if (!graph || !node) return;
  expect(node.x).toBeGreaterThanOrEqual(graph.x);
  expect(node.y).toBeGreaterThanOrEqual(graph.y);
  expect(node.x + node.width).toBeLessThanOrEqual(graph.x + graph.width);
  expect(node.y + node.height).toBeLessThanOrEqual(graph.y + graph.height);
}

/** The id of the execution whose page is open (waits for an `/executions/<id>` URL). */
export async function executionIdOf(page: Page): Promise<string> {
  await page.waitForURL(/\/executions\/[^/]+$/, { timeout: 10_000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
}

/** `GET /api/executions/:id` of the server at `url`. */
export async function fetchExecution(url: string, id: string): Promise<ExecutionRecord> {
  return (await (await fetch(`${url}/api/executions/${encodeURIComponent(id)}`)).json()) as ExecutionRecord;
}

/** Starts workflow `name` through the API without waiting; resolves with the execution id. */
export async function executeAsync(url: string, name: string, inputs: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${url}/api/workflows/${encodeURIComponent(name)}/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs, async_execution: true }),
  });
  return ((await response.json()) as { execution_id: string }).execution_id;
}
