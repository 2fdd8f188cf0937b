#!/usr/bin/env node
// bench/engine-overhead: engine cost per step through the library API with a registered no-op executor,
// for 10,000 and 100,000 steps in a wide graph and in a chain. Prints µs per step and the 100k/10k ratio.
// Usage: node --expose-gc bench/engine-overhead/run.mjs
import { createEngine } from '@skill/workflow-core';
import { workflowText } from './workflow-text.mjs';

const noop = { type: 'noop', run: async () => ({ output: null }) };

async function measure(count, shape) {
  const engine = createEngine({ executors: [noop] });
  const loadStarted = performance.now();
  const { definition } = await engine.load(workflowText(count, shape));
  const loadMs = performance.now() - loadStarted;
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const record = await engine.run(definition);
  const runMs = performance.now() - started;
  const heapAfter = process.memoryUsage().heapUsed;
  if (record.status !== 'completed') throw new Error(`${shape} ${count}: ${record.status}`);
  return { runMs, loadMs, usPerStep: (runMs * 1000) / count, heapMb: (heapAfter - heapBefore) / 1048576 };
}

console.log('engine-overhead: no-op executor, in-memory store, every event recorded');
for (const shape of ['wide', 'chain']) {
  await measure(2000, shape); // warm-up
  const small = await measure(10_000, shape);
  const large = await measure(100_000, shape);
  for (const [n, r] of [
    [10_000, small],
    [100_000, large],
  ]) {
    console.log(
      `  ${shape.padEnd(5)} ${String(n).padStart(7)} steps: run ${r.runMs.toFixed(0).padStart(6)} ms = ${r.usPerStep.toFixed(1).padStart(5)} µs/step (target < 50)  parse+validate ${r.loadMs.toFixed(0)} ms (target < ${n === 10_000 ? 120 : 1000})  heap +${r.heapMb.toFixed(0)} MB`,
    );
  }
  console.log(`  ${shape.padEnd(5)} ratio 100k/10k run time: ${(large.runMs / small.runMs).toFixed(2)} (target < 12)`);
}
