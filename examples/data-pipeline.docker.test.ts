// examples/.workflows/examples/data-pipeline.toml end to end with Docker: a local orders API, a SQLite warehouse
// in a temp folder and a local alert webhook. Two runs leave no duplicate rows; a failing API (after its retries)
// and a batch under the quality bar each stop the run and reach the alert webhook.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createEngine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAvailable } from './test-support/docker-available.js';
import { type LocalServer, startLocalServer } from './test-support/local-server.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const WORKFLOW = '.workflows/examples/data-pipeline.toml';
const docker = await dockerAvailable();

interface Order {
  id: unknown;
  email: unknown;
  amount: unknown;
  currency: unknown;
}

/** 20 orders, the last with a broken email: a quality score of 0.95, just at the default bar. */
function orders(firstAmount = 10.5): Order[] {
  const list: Order[] = Array.from({ length: 20 }, (_, i) => ({
    id: i + 1,
    email: ` Customer${i + 1}@Example.com `.trim(),
    amount: i === 0 ? firstAmount : 2.25,
    currency: 'eur',
  }));
  list[19] = { ...list[19], email: 'not-an-email' } as Order;
  return list;
}

describe.runIf(docker)('the data-pipeline example', () => {
  const engine = createEngine({ cwd: here });
  const alerts: Array<Record<string, unknown>> = [];
  let answer: () => { status: number; body: unknown } = () => ({ status: 200, body: { orders: orders() } });
  let apiRequests = 0;
  let server: LocalServer;
  let warehouse = '';
  let inputs: Record<string, string> = {};

  beforeAll(async () => {
    warehouse = await mkdtemp(path.join(tmpdir(), 'skill-warehouse-'));
    await chmod(warehouse, 0o777); // the containers write as user 65534
    server = await startLocalServer((request) => {
      if (request.url === '/orders' && request.method === 'GET') {
        apiRequests += 1;
        return answer();
      }
      if (request.url === '/alerts' && request.method === 'POST') {
        alerts.push(JSON.parse(request.body));
        return { body: { ok: true } };
      }
      return { status: 404, body: {} };
    });
    const base = server.base;
    inputs = { api_url: `${base}/orders`, warehouse_dir: warehouse, alert_url: `${base}/alerts` };
  });

  afterAll(async () => {
    await engine.shutdown({ graceMs: 0 });
    await server.close();
    await rm(warehouse, { recursive: true, force: true });
  });

  /** The warehouse's tables, read on the host. */
  function warehouseRows() {
    const db = new DatabaseSync(path.join(warehouse, 'warehouse.db'), { readOnly: true });
    try {
      return {
        orders: db.prepare('SELECT * FROM orders ORDER BY order_id').all() as Array<Record<string, unknown>>,
        loads: db.prepare('SELECT execution_id, rows, quality_score FROM loads ORDER BY loaded_at').all(),
      };
    } finally {
      db.close();
    }
  }

  it('validates, with its nightly schedule', async () => {
    const report = await engine.validate(WORKFLOW);
    expect(report.diagnostics).toEqual([]);
    expect(report.definition?.triggers).toEqual([
      expect.objectContaining({ cron: '15 2 * * *', timezone: 'Europe/Paris', overlap: 'skip', catch_up: 'latest' }),
    ]);
  });

  it('loads the valid orders, and a second run updates them without duplicating a row', async () => {
    const first = await engine.run(WORKFLOW, inputs);
    expect(first.status).toBe('completed');
    expect(first.steps.validate?.metadata).toMatchObject({ quality_score: 0.95, records: 20, rejected: 1 });
    expect(first.steps.load?.metadata).toMatchObject({ upserted: 19 });
    expect(first.steps.report?.output).toEqual({
      loaded: 19,
      quality_score: 0.95,
      orders_in_warehouse: 19,
      revenue_cents: 1050 + 18 * 225,
    });
    expect(first.steps.alert?.status).toBe('skipped');
    expect(first.steps['alert-quality']?.status).toBe('skipped');

    answer = () => ({ status: 200, body: { orders: orders(99.99) } });
    const second = await engine.run(WORKFLOW, inputs);
    expect(second.status).toBe('completed');
    const tables = warehouseRows();
    expect(tables.orders).toHaveLength(19);
    expect(tables.orders[0]).toEqual({
      order_id: 1,
      email: 'customer1@example.com',
      amount_cents: 9999,
      currency: 'EUR',
      loaded_by: second.id,
    });
    expect(new Set(tables.orders.map((row) => row.loaded_by))).toEqual(new Set([second.id]));
    expect(tables.loads).toEqual([
      { execution_id: first.id, rows: 19, quality_score: 0.95 },
      { execution_id: second.id, rows: 19, quality_score: 0.95 },
    ]);
    expect(alerts).toEqual([]);
  });

  it('alerts the webhook when the API keeps failing after its retries', async () => {
    answer = () => ({ status: 503, body: { error: 'maintenance' } });
    apiRequests = 0;
    const record = await engine.run(WORKFLOW, inputs);
    expect(record.status).toBe('failed');
    expect(record.steps.extract).toMatchObject({ status: 'failed', attempts: 3 });
    expect(apiRequests).toBe(3);
    expect(record.steps.load?.status).toBe('skipped');
    expect(record.steps.alert, JSON.stringify(record.steps.alert)).toMatchObject({ status: 'completed' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      workflow: 'data-pipeline',
      execution_id: record.id,
      statuses: { extract: 'failed', validate: 'skipped', transform: 'skipped', load: 'skipped', report: 'skipped' },
      details: `skill executions show ${record.id}   (or GET /api/executions/${record.id})`,
    });
    expect(record.steps.extract?.error).toContain('503');
    expect(record.steps['alert-quality']?.status).toBe('skipped');
    expect(warehouseRows().loads).toHaveLength(2);
  });

  it('stops before loading a batch under the quality bar, with the score in metadata, and alerts', async () => {
    const dirty = orders().map((order, i) => (i % 2 === 0 ? { ...order, amount: -1 } : order));
    answer = () => ({ status: 200, body: { orders: dirty } });
    alerts.length = 0;
    const record = await engine.run(WORKFLOW, inputs);
    expect(record.status).toBe('failed');
    expect(record.steps.validate).toMatchObject({ status: 'failed', attempts: 1 });
    expect(record.steps.validate?.metadata).toMatchObject({ quality_score: 0.45, records: 20, rejected: 11 });
    expect(record.steps.validate?.error).toContain('quality score 0.45 is below 0.95');
    expect(record.steps.transform?.status).toBe('skipped');
    expect(record.steps['alert-quality']?.status).toBe('completed');
    expect(record.steps.alert?.status).toBe('skipped');
    expect(alerts).toEqual([
      {
        workflow: 'data-pipeline',
        execution_id: record.id,
        failed_step: 'validate',
        reason: expect.stringContaining('quality score 0.45 is below 0.95: 11 of 20 records rejected'),
        quality_score: 0.45,
        records: 20,
      },
    ]);
    expect(warehouseRows().loads).toHaveLength(2);
  });
});
