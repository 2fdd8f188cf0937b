#!/usr/bin/env node
// bench/docker-steps: 20 sequential docker_container steps running `true` against 20 `docker run --rm` of the
// same image by the docker CLI, and 20 python inline_code steps against 20 `docker run --rm -i python:3.11-slim
// python3 -` with the same code: cold (no pool), and warm (engine warm pool: one-step runs with a ready
// container, and a back-to-back chain where refills race the steps). Prints per-step latencies and ratios.
// Needs a Docker daemon and the local images of scripts/build-test-images.sh.
// Usage: node bench/docker-steps/run.mjs [--count 20]
import { spawnSync } from 'node:child_process';
import { createEngine } from '@skill/workflow-core';

const countArg = process.argv.indexOf('--count');
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 20;
const TINY = 'skill-test/tiny:1';
const PYTHON = 'python:3.11-slim';
const CODE = 'import json\nprint(json.dumps({"sum": sum(range(1000))}))';

function chain(kind, count = COUNT) {
  const lines = ['version = "1"', `name = "docker-bench-${kind}"`];
  for (let i = 0; i < count; i++) {
    lines.push('[[steps]]', `id = "s${i}"`);
    if (i > 0) lines.push(`depends_on = ["s${i - 1}"]`);
    if (kind === 'container') {
      lines.push('step_type = "docker_container"', '[steps.docker]', `image = "${TINY}"`, 'command = ["true"]');
    } else {
      lines.push(
        'step_type = "inline_code"',
        '[steps.inline_code]',
        'language = "python"',
        `code = ${JSON.stringify(CODE)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function check(kind, record) {
  if (record.status !== 'completed') {
    const failed = Object.values(record.steps).find((s) => s.status === 'failed');
    throw new Error(`${kind} run ${record.status}: ${failed?.error}`);
  }
}

async function engineRun(kind, engine = createEngine()) {
  const { definition } = await engine.load(chain(kind));
  const started = performance.now();
  const record = await engine.run(definition);
  const ms = performance.now() - started;
  check(kind, record);
  return ms / COUNT;
}

const POOL_SIZE = 2;

/** Polls the pool until `size` containers are idle (a bench may poll; bounded to 60 s). */
async function poolFull(engine) {
  for (let i = 0; i < 1200 && engine.warmPoolStats()?.idle !== POOL_SIZE; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Warm inline python: one-step runs, each started once the pool is full again (the step a ready container
 * serves), each paired with one `docker run --rm -i` of the same code just before it, so both see the same load.
 */
async function warmReady(engine) {
  const { definition } = await engine.load(chain('inline', 1));
  check('warm', await engine.run(definition)); // learns the key; fills the pool
  let warm = 0;
  let cli = 0;
  for (let i = 0; i < COUNT; i++) {
    await poolFull(engine); // the pool idle: neither run competes with a refill or a removal
    const before = performance.now();
    const result = spawnSync('docker', ['run', '--rm', '-i', PYTHON, 'python3', '-'], { input: CODE });
    if (result.status !== 0) throw new Error(`docker run: ${result.stderr}`);
    cli += performance.now() - before;
    const started = performance.now();
    const record = await engine.run(definition);
    warm += performance.now() - started;
    check('warm', record);
  }
  return { warm: warm / COUNT, cli: cli / COUNT };
}

function cliRun(args, input) {
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const result = spawnSync('docker', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
    if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`);
  }
  return (performance.now() - started) / COUNT;
}

const cliTrue = () => cliRun(['run', '--rm', TINY, 'true']);
const cliTrueNoNetwork = () => cliRun(['run', '--rm', '--network', 'none', TINY, 'true']);
const cliPython = () => cliRun(['run', '--rm', '-i', PYTHON, 'python3', '-'], CODE);

// Warm both paths once (image metadata, page cache), then measure.
cliRun(['run', '--rm', TINY, 'true']);
await engineRun('container');
const container = await engineRun('container');
const containerCli = cliTrue();
const containerCliNoNetwork = cliTrueNoNetwork();
const inline = await engineRun('inline');
const inlineCli = cliPython();
const pooled = createEngine({ warmPool: { size: POOL_SIZE } });
const { warm, cli: pairedCli } = await warmReady(pooled);
const hitsBefore = pooled.warmPoolStats()?.hits ?? 0;
await poolFull(pooled);
const warmChain = await engineRun('inline', pooled);
const chainHits = (pooled.warmPoolStats()?.hits ?? 0) - hitsBefore;
await pooled.shutdown({ graceMs: 0 });
console.log(`docker-steps: ${COUNT} sequential steps each`);
console.log(
  `  docker_container true : ${container.toFixed(0)} ms/step   docker run --rm : ${containerCli.toFixed(0)} ms/step   ratio ${(container / containerCli).toFixed(2)}x (target <= 1.00)`,
);
console.log(
  `    same isolation        : docker run --rm --network none : ${containerCliNoNetwork.toFixed(0)} ms/step   ratio ${(container / containerCliNoNetwork).toFixed(2)}x`,
);
console.log(
  `  inline_code python    : ${inline.toFixed(0)} ms/step   docker run -i   : ${inlineCli.toFixed(0)} ms/step   ratio ${(inline / inlineCli).toFixed(2)}x (target <= 1.00)`,
);
console.log(
  `  warm python (ready)   : ${warm.toFixed(0)} ms/step   docker run -i   : ${pairedCli.toFixed(0)} ms/step   ratio ${(warm / pairedCli).toFixed(2)}x (target <= 0.20; runs paired)   vs cold step ${(warm / inline).toFixed(2)}x`,
);
console.log(
  `  warm python (chain)   : ${warmChain.toFixed(0)} ms/step   docker run -i   : ${inlineCli.toFixed(0)} ms/step   ratio ${(warmChain / inlineCli).toFixed(2)}x   (${chainHits}/${COUNT} steps warm, pool size ${POOL_SIZE}, back to back)`,
);
