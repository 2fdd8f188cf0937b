// createMetrics(): the Prometheus metrics of an engine (prom-client, a registry of its own), fed by the engine hook.
import type { EngineGauges, EngineTelemetry } from '@skill/workflow-model';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Upper bounds (seconds) of the step duration histogram: from a fast command to a long container job. */
export const STEP_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/** An engine's metrics: the hook to give the engine, and the text a `/metrics` route answers with. */
export interface Metrics {
  /** Give it to `createEngine({ telemetry: [metrics.telemetry] })`. */
  readonly telemetry: EngineTelemetry;
  /** The Content-Type of {@link Metrics.render}'s text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** The metrics in the Prometheus text format. */
  render(): Promise<string>;
}

/**
 * The Prometheus metrics of one engine:
 * - `skill_executions_total{status}`: executions that ended here (completed, failed, cancelled, interrupted);
 * - `skill_executions_running`: executions running here;
 * - `skill_executions_queued`: executions recorded as pending or queued in the store (accepted, not started yet);
 * - `skill_steps_total{step_type,status}`: step attempts that ended (completed, failed, cancelled), foreach
 *   iterations and retries included;
 * - `skill_step_duration_seconds{step_type}`: how long those attempts took;
 * - `skill_steps_running{step_type}`: step attempts running now;
 * - `skill_sandbox_pool_size`: pre-started sandbox containers waiting for a step.
 *
 * @example
 * const metrics = createMetrics();
 * const engine = createEngine({ telemetry: [metrics.telemetry] });
 * console.log(await metrics.render());
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  let gauges: EngineGauges | undefined;
  const executions = new Counter({
    name: 'skill_executions_total',
    help: 'Executions that ended in this engine, by status (completed, failed, cancelled, interrupted).',
    labelNames: ['status'],
    registers: [registry],
  });
  const executionsRunning = new Gauge({
    name: 'skill_executions_running',
    help: 'Executions running in this engine.',
    registers: [registry],
  });
  new Gauge({
    name: 'skill_executions_queued',
    help: 'Executions recorded as pending or queued (on a concurrency key) in the store: accepted and not started yet.',
    registers: [registry],
    async collect() {
      this.set(gauges ? await gauges.queuedExecutions() : 0);
    },
  });
  const steps = new Counter({
    name: 'skill_steps_total',
    help: 'Step attempts that ended, by step type and status (completed, failed, cancelled); retries and foreach iterations included.',
    labelNames: ['step_type', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'skill_step_duration_seconds',
    help: 'Duration of step attempts, by step type.',
    labelNames: ['step_type'],
    buckets: STEP_DURATION_BUCKETS,
    registers: [registry],
  });
  const stepsRunning = new Gauge({
    name: 'skill_steps_running',
    help: 'Step attempts running now, by step type.',
    labelNames: ['step_type'],
    registers: [registry],
  });
  new Gauge({
    name: 'skill_sandbox_pool_size',
    help: 'Pre-started sandbox containers waiting for a step (0 without a warm pool).',
    registers: [registry],
    collect() {
      this.set(gauges ? gauges.sandboxPoolSize() : 0);
    },
  });

  /** The labelled children of one step type, made once: a step attempt then costs no label hashing. */
  const byType = new Map<string, ReturnType<typeof childrenOf>>();
  const childrenOf = (step_type: string) => ({
    running: stepsRunning.labels({ step_type }),
    duration: durations.labels({ step_type }),
    ended: {
      completed: steps.labels({ step_type, status: 'completed' }),
      failed: steps.labels({ step_type, status: 'failed' }),
      cancelled: steps.labels({ step_type, status: 'cancelled' }),
    },
  });
  const typeChildren = (step_type: string) => {
    let children = byType.get(step_type);
    if (!children) {
      children = childrenOf(step_type);
      byType.set(step_type, children);
    }
    return children;
  };

  const telemetry: EngineTelemetry = {
    attach(engineGauges) {
      gauges = engineGauges;
    },
    execution() {
      executionsRunning.inc();
      let ended = false;
      return {
        stepAttempt({ step_type }) {
          const children = typeChildren(step_type);
          children.running.inc();
          const startedAt = performance.now();
          let attemptEnded = false;
          return {
            end({ status }) {
              if (attemptEnded) return;
              attemptEnded = true;
              children.running.dec();
              children.duration.observe((performance.now() - startedAt) / 1000);
              children.ended[status].inc();
            },
          };
        },
        end({ status }) {
          if (ended) return;
          ended = true;
          executionsRunning.dec();
          executions.inc({ status });
        },
      };
    },
  };
  return { telemetry, contentType: registry.contentType, render: () => registry.metrics() };
}
