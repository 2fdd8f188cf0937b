#!/usr/bin/env node
// Compiles native/skill-spawner.c (with step-cgroup.c) to dist/native/skill-spawner with the system C compiler, when there is one.
// Without a compiler (or off Linux) it says so and stops: the engine then uses the Node spawner, same behaviour.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = ['skill-spawner.c', 'step-cgroup.c'].map((file) =>
  fileURLToPath(new URL(`../native/${file}`, import.meta.url)),
);
const outDir = fileURLToPath(new URL('../dist/native/', import.meta.url));
const output = `${outDir}skill-spawner`;

if (process.platform !== 'linux') {
  console.log(`native spawner: skipped on ${process.platform} (Linux only); commands use the Node spawner`);
  process.exit(0);
}
const compiler = [process.env.CC, 'cc', 'gcc', 'clang'].find(
  (candidate) => candidate && spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0,
);
if (compiler === undefined) {
  console.log('native spawner: no C compiler (cc) found; commands use the Node spawner (slower to start them)');
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
rmSync(output, { force: true });
const flags = ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-o', output, ...sources];
const result = spawnSync(compiler, flags, { stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`native spawner: ${compiler} failed; fix native/skill-spawner.c`);
  process.exit(1);
}
