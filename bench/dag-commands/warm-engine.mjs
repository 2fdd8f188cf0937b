#!/usr/bin/env node
// The same DAG run through the library API by an engine that is already up (modules loaded, workflow parsed,
// spawner started) and keeps events in memory: the floor under `skill workflow run` once start-up, parsing
// and SQLite are taken away. Usage: node warm-engine.mjs <dag.toml>; prints the second run's milliseconds.
import { createEngine } from '@skill/workflow-core';

const file = process.argv[2];
const engine = createEngine({ cwd: process.cwd() });
const { definition } = await engine.load(file);
const warmUp = await engine.run(definition);
if (warmUp.status !== 'completed') throw new Error(`warm-up run ${warmUp.status}`);
const started = performance.now();
const timed = await engine.run(definition);
if (timed.status !== 'completed') throw new Error(`timed run ${timed.status}`);
console.log((performance.now() - started).toFixed(1));
