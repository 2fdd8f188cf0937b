// The worker's health endpoint and own metrics: GET /healthz (JSON) and GET /metrics (Prometheus text).
import { createServer, type Server } from 'node:http';
import type { WorkerInfo } from '@skill/workflow-model';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The worker's metrics; `stepDone` is the worker's `onStepDone`. */
export interface WorkerMetrics {
  registry: Registry;
  stepDone(outcome: 'completed' | 'failed' | 'cancelled', seconds: number): void;
}

/** Counters of steps by outcome, their durations, running steps and the process's default metrics. */
export function createWorkerMetrics(running: () => number): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const steps = new Counter({
    name: 'skill_worker_steps_total',
    help: 'Step attempts this worker finished, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'skill_worker_step_duration_seconds',
    help: 'How long step attempts ran on this worker',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [registry],
  });
  new Gauge({
    name: 'skill_worker_running_steps',
    help: 'Steps this worker runs now',
    registers: [registry],
    collect() {
      this.set(running());
    },
  });
  return {
    registry,
    stepDone(outcome, seconds) {
      steps.inc({ outcome });
      duration.observe(seconds);
    },
  };
}

/** Serves health and metrics on `host:port` (port 0: any free port); resolves with the server once listening. */
export async function serveWorkerHealth(
  host: string,
  port: number,
  info: () => WorkerInfo,
  metrics: WorkerMetrics,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...info() }));
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
