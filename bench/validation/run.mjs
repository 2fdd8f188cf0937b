#!/usr/bin/env node
// bench/validation: time to validate workflows built to be expensive: N steps each depending on an
// unknown id (1,000 / 5,000 / 20,000), the 120 KB file (a 60,000-character id depending on an unknown
// 60,000-character id), and 5,000-step graphs full of cycles or of references. Prints milliseconds and
// the growth ratio per size (near 1 = linear).
// Usage: node bench/validation/run.mjs   (after `pnpm run build`)
import { createEngine } from '@skill/workflow-core';

function unknownDependencies(count) {
  const lines = ['version = "1"', `name = "unknown-deps-${count}"`, '[config]', `max_total_steps = ${count}`];
  for (let i = 0; i < count; i++) {
    lines.push('[[steps]]', `id = "step${i}"`, 'command = "true"', `depends_on = ["missing${i}"]`);
  }
  return `${lines.join('\n')}\n`;
}

/** A chain whose last step depends on every other one: thousands of cycles. */
function cycles(count) {
  const lines = ['version = "1"', 'name = "cycles"', '[config]', `max_total_steps = ${count}`];
  const all = Array.from({ length: count - 1 }, (_, k) => `"s${k}"`).join(',');
  for (let i = 0; i < count; i++) {
    lines.push(
      '[[steps]]',
      `id = "s${i}"`,
      'command = "true"',
      `depends_on = [${i === count - 1 ? all : `"s${i + 1}"`}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A chain where each step references the first and the previous step's output. */
function references(count) {
  const lines = ['version = "1"', 'name = "refs"', '[config]', `max_total_steps = ${count}`];
  lines.push('[[steps]]', 'id = "s0"', 'command = "true"');
  for (let i = 1; i < count; i++) {
    lines.push(
      '[[steps]]',
      `id = "s${i}"`,
      `command = "echo {s0.output} {s${i - 1}.output}"`,
      `depends_on = ["s${i - 1}"]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function longIds(length) {
  const id = 'a'.repeat(length);
  const dep = 'b'.repeat(length);
  return `version = "1"\nname = "long-ids"\n[[steps]]\nid = "${id}"\ncommand = "true"\ndepends_on = ["${dep}"]\n`;
}

async function time(text) {
  const engine = createEngine({});
  const started = performance.now();
  const report = await engine.validate(text);
  const ms = performance.now() - started;
  return { ms, errors: report.diagnostics.filter((d) => d.severity === 'error').length };
}

console.log('validation: steps with unknown dependencies, and the 120 KB long-id file');
await time(unknownDependencies(200)); // warm-up
let previous;
for (const count of [1000, 5000, 20000]) {
  const { ms, errors } = await time(unknownDependencies(count));
  const perStep = (ms * 1000) / count;
  const ratio = previous === undefined ? '' : `  µs/step ratio vs previous size ${(perStep / previous).toFixed(2)}`;
  console.log(
    `${String(count).padStart(6)} steps: ${ms.toFixed(0).padStart(6)} ms (${perStep.toFixed(1)} µs/step, ${errors} errors)${ratio}`,
  );
  previous = perStep;
}
for (const [name, text] of [
  ['5,000 steps, one depending on all others (cycles)', cycles(5000)],
  ['5,000 steps referencing upstream outputs', references(5000)],
]) {
  const { ms, errors } = await time(text);
  console.log(`${name}: ${ms.toFixed(0)} ms, ${errors} errors`);
}
const rssBefore = process.memoryUsage().rss;
for (const length of [20000, 60000]) {
  const { ms, errors } = await time(longIds(length));
  console.log(
    `${length}-character ids (${((length * 2) / 1024).toFixed(0)} KB): ${ms.toFixed(0)} ms, ${errors} errors`,
  );
}
console.log(`rss growth over the long-id files: ${((process.memoryUsage().rss - rssBefore) / 1048576).toFixed(0)} MB`);
