#!/usr/bin/env node
// 1,000 `true` command steps at concurrency 8 through the command executor and its spawner alone (no parsing,
// scheduling or persistence): the floor under `skill workflow run`. Prints the elapsed milliseconds after warm-up.
import { commandExecutor } from '@skill/workflow-executors';

const STEPS = 1000;
const PARALLEL = 8;
const step = { id: 'noop', step_type: 'command', command: 'true', depends_on: [] };
const context = (n) => ({
  execution_id: 'bench',
  workflow_name: 'bench',
  step_id: `s${n}`,
  attempt: 1,
  base_dir: process.cwd(),
  output_limit_bytes: 1024 * 1024,
  signal: new AbortController().signal,
});

await commandExecutor.run(step, context(-1)); // starts the spawner
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < STEPS) await commandExecutor.run(step, context(next++));
  }),
);
console.log((performance.now() - started).toFixed(1));
