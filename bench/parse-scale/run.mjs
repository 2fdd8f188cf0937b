#!/usr/bin/env node
import { createRequire } from 'node:module';
// bench/parse-scale: engine.load (parse + validate) of 10,000 and 100,000 steps (wide and chain), with smol-toml's parse of the same text as the in-run reference.
// Wall time is the figure; the CPU time of the process (all its threads, the collector's included) is printed beside
// it, as it moves less when other work shares the machine.
// Usage: node --expose-gc bench/parse-scale/run.mjs [--only=chain] [--rounds=3]
import { createEngine } from '@skill/workflow-core';
import { workflowText } from '../engine-overhead/workflow-text.mjs';

// smol-toml is the parser's dependency, not the bench's: resolve it from there.
const fromParser = createRequire(new URL('../../packages/parser/package.json', import.meta.url));
const { parse: parseToml } = await import(fromParser.resolve('smol-toml'));

const noop = { type: 'noop', run: async () => ({ output: null }) };
const targets = { 10000: 120, 100000: 1000 };
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const rounds = Number(args.rounds ?? 3);
const shapes = args.only ? [args.only] : ['wide', 'chain'];

/** Best of `rounds` timings of `fn`: wall and CPU time in ms (each the best of its own). */
async function best(fn) {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(cpuStarted);
    wall = Math.min(wall, performance.now() - started);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

const engine = createEngine({ executors: [noop] });
await engine.load(workflowText(2000, 'chain')); // warm-up
console.log(
  `parse-scale: engine.load of a TOML workflow, best of ${rounds}; reference = smol-toml parse of the same text`,
);
for (const shape of shapes) {
  for (const count of [10_000, 100_000]) {
    const text = workflowText(count, shape, 'parse');
    const toml = await best(() => parseToml(text));
    const load = await best(() => engine.load(text));
    const verdict = load.wall < targets[count] ? 'ok' : 'over';
    console.log(
      `  ${shape.padEnd(5)} ${String(count).padStart(7)} steps: parse+validate ${load.wall.toFixed(0).padStart(5)} ms (target < ${targets[count]}, ${verdict}; cpu ${load.cpu.toFixed(0)} ms)  toml alone ${toml.wall.toFixed(0).padStart(4)} ms (cpu ${toml.cpu.toFixed(0)})  ratio ${(load.wall / toml.wall).toFixed(2)}`,
    );
  }
}
