#!/usr/bin/env node
// bench/telemetry-overhead: what traces and metrics cost per step, through the library API with a no-op executor
// on 10,000 steps (wide graph): no telemetry (the reference), Prometheus metrics, and metrics plus OpenTelemetry
// traces exported to a local OTLP/HTTP receiver in this process. Prints the median of 5 runs and the ratios.
// Usage: node --expose-gc bench/telemetry-overhead/run.mjs
import { createEngine } from '@skill/workflow-core';
import { createMetrics, startTracing } from '@skill/workflow-telemetry';
import { startTraceReceiver } from '../../scripts/trace-receiver.mjs';
import { workflowText } from '../engine-overhead/workflow-text.mjs';

const STEPS = 10_000;
const RUNS = 5;
const noop = { type: 'noop', run: async () => ({ output: null }) };

let spansReceived = 0;
const receiver = await startTraceReceiver({ port: 0, onSpans: (spans) => (spansReceived += spans.length) });

/** Milliseconds of one run of `definition` on an engine with `telemetry` hooks. */
async function runOnce(definition, telemetry) {
  const engine = createEngine({ executors: [noop], telemetry });
  globalThis.gc?.();
  const started = performance.now();
  const record = await engine.run(definition);
  const ms = performance.now() - started;
  if (record.status !== 'completed') throw new Error(`run ended ${record.status}`);
  return ms;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { definition } = await createEngine({ executors: [noop] }).load(workflowText(STEPS, 'wide'));
const tracing = await startTracing({ endpoint: `${receiver.url}/v1/traces`, serviceName: 'bench' });
const variants = {
  none: () => [],
  metrics: () => [createMetrics().telemetry],
  'metrics+traces': () => [createMetrics().telemetry, tracing.telemetry],
};
const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const name of Object.keys(variants)) await runOnce(definition, variants[name]()); // warm-up
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so drifting load on a shared machine hits every variant alike.
  for (const [name, make] of Object.entries(variants)) results[name].push(await runOnce(definition, make()));
}
await tracing.shutdown({ timeoutMs: 30_000 });
await receiver.close();

console.log(`telemetry-overhead: ${STEPS} no-op steps (wide), in-memory store, median of ${RUNS} runs`);
const reference = median(results.none);
for (const [name, times] of Object.entries(results)) {
  const ms = median(times);
  console.log(
    `  ${name.padEnd(15)} ${ms.toFixed(0).padStart(6)} ms = ${((ms * 1000) / STEPS).toFixed(1).padStart(5)} µs/step  ratio to none ${(ms / reference).toFixed(2)}`,
  );
}
const expected = (RUNS + 1) * (STEPS + 1);
console.log(
  `  spans received: ${spansReceived} of ${expected} (the SDK drops what overflows OTEL_BSP_MAX_QUEUE_SIZE, default 2048, in a burst)`,
);
console.log('  (the receiver decodes the exports in this same process: its work counts against metrics+traces)');
