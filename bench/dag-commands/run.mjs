#!/usr/bin/env node
// bench/dag-commands: 1,000 `true` command steps (50 wide, 20 deep, each depending on 2 steps of the
// level above, seeded) run by `skill workflow run` with max_parallel 8, against `ninja -j 8` on the same
// graph and a plain Node loop spawning `/bin/sh -c true` 1,000 times at concurrency 8. It also prints the floors
// under the skill figure: Node's start-up, the CLI's start-up with parsing, and a warm engine's run of the DAG.
// Usage: node bench/dag-commands/run.mjs [--runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const out = path.join(here, 'out');
const WIDTH = 50;
const DEPTH = 20;
const PARALLEL = 8;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

/** mulberry32: a tiny seeded PRNG so every run builds the same graph. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildGraph() {
  const random = prng(42);
  const nodes = [];
  for (let level = 0; level < DEPTH; level++) {
    for (let i = 0; i < WIDTH; i++) {
      const deps = [];
      if (level > 0) {
        while (deps.length < 2) {
          const pick = `s${level - 1}_${Math.floor(random() * WIDTH)}`;
          if (!deps.includes(pick)) deps.push(pick);
        }
      }
      nodes.push({ id: `s${level}_${i}`, deps });
    }
  }
  return nodes;
}

function writeInputs(nodes) {
  mkdirSync(out, { recursive: true });
  const toml = [
    'version = "1"',
    'name = "dag-commands"',
    '[config]',
    `max_parallel = ${PARALLEL}`,
    'max_total_steps = 1000',
    ...nodes.flatMap((n) => [
      '[[steps]]',
      `id = "${n.id}"`,
      'step_type = "command"',
      'command = "true"',
      `depends_on = [${n.deps.map((d) => `"${d}"`).join(', ')}]`,
    ]),
  ].join('\n');
  writeFileSync(path.join(out, 'dag.toml'), `${toml}\n`);
  const ninja = [
    'rule run',
    '  command = true',
    ...nodes.map((n) => `build ${n.id}: run${n.deps.length ? ` | ${n.deps.join(' ')}` : ''}`),
  ].join('\n');
  writeFileSync(path.join(out, 'build.ninja'), `${ninja}\n`);
  writeFileSync(
    path.join(out, 'spawn-loop.mjs'),
    `import { spawn } from 'node:child_process';
let next = 0, done = 0;
await new Promise((resolve) => {
  const launch = () => {
    if (next >= ${nodes.length}) return;
    next++;
    spawn('/bin/sh', ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'] }).on('close', () => {
      done++;
      if (done === ${nodes.length}) resolve();
      else launch();
    });
  };
  for (let i = 0; i < ${PARALLEL}; i++) launch();
});
`,
  );
}

function time(label, command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${label} failed (${result.status}): ${result.stderr?.toString().slice(0, 2000)}`);
  }
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const nodes = buildGraph();
writeInputs(nodes);
let ninjaPath;
try {
  ninjaPath = execFileSync('sh', ['-c', 'command -v ninja'], { encoding: 'utf8' }).trim();
} catch {
  console.error('ninja not found: install Debian package ninja-build (apt-get install ninja-build)');
  process.exit(1);
}
const node = process.execPath;
const cli = path.join(root, 'apps/cli/dist/bin.js');
const results = { skill: [], ninja: [], spawnLoop: [], nodeBoot: [], validate: [], warmEngine: [] };
for (let run = 0; run < RUNS; run++) {
  // Floors under `skill workflow run`: starting Node, starting the CLI and parsing the file, spawning alone.
  results.nodeBoot.push(time('node -e 0', node, ['-e', '0']));
  results.validate.push(
    time('skill workflow validate', node, [cli, 'workflow', 'validate', path.join(out, 'dag.toml')]),
  );
  const warm = spawnSync(node, [path.join(here, 'warm-engine.mjs'), path.join(out, 'dag.toml')], {
    encoding: 'utf8',
  });
  if (warm.status !== 0) throw new Error(`warm engine run failed: ${warm.stderr}`);
  results.warmEngine.push(Number(warm.stdout.trim()));
  results.skill.push(
    time('skill', node, [cli, 'workflow', 'run', path.join(out, 'dag.toml'), '--quiet'], { cwd: out }),
  );
  results.ninja.push(time('ninja', ninjaPath, ['-C', out, '-j', String(PARALLEL), '-k', '0'], {}));
  results.spawnLoop.push(time('spawn loop', node, [path.join(out, 'spawn-loop.mjs')]));
}
const skill = median(results.skill);
const ninja = median(results.ninja);
const loop = median(results.spawnLoop);
console.log(
  `dag-commands: ${nodes.length} steps, ${WIDTH} wide x ${DEPTH} deep, concurrency ${PARALLEL}, median of ${RUNS} runs`,
);
console.log(
  `  skill workflow run : ${skill.toFixed(0)} ms   (runs: ${results.skill.map((v) => v.toFixed(0)).join(', ')})`,
);
console.log(
  `  ninja -j ${PARALLEL}         : ${ninja.toFixed(0)} ms   (runs: ${results.ninja.map((v) => v.toFixed(0)).join(', ')})`,
);
console.log(
  `  node spawn loop    : ${loop.toFixed(0)} ms   (runs: ${results.spawnLoop.map((v) => v.toFixed(0)).join(', ')})`,
);
console.log(`  ratio skill/ninja      : ${(skill / ninja).toFixed(2)}x (target <= 1.60)`);
console.log(`  ratio skill/spawn loop : ${(skill / loop).toFixed(2)}x (target <= 1.15)`);
const floors = [
  ['node -e 0 (Node start-up)', median(results.nodeBoot)],
  ['skill workflow validate (CLI start-up + parse)', median(results.validate)],
  ['warm engine, events in memory (library API)', median(results.warmEngine)],
];
console.log('  floors (each also as a multiple of ninja):');
for (const [label, ms] of floors) {
  console.log(`    ${label.padEnd(48)}: ${ms.toFixed(0).padStart(4)} ms  ${(ms / ninja).toFixed(2)}x`);
}
