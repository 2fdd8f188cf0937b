#!/usr/bin/env node
// Publishability check of every non-private package: publint over what `pnpm pack` would ship (exports, main,
// types, files, formats), the fields publint does not ask for, and that each built entry point loads in Node.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** Entry points only a test runner can load (they import vitest, an optional peer dependency). */
const testRunnerEntries = new Set(['@skill/workflow-store/contract']);
const problems = [];
const notes = [];

/** The `default` targets of a package's JavaScript exports, by subpath. */
function javascriptEntries(pkg) {
  const exports = typeof pkg.exports === 'string' ? { '.': pkg.exports } : (pkg.exports ?? {});
  return Object.entries(exports)
    .map(([subpath, value]) => [subpath, typeof value === 'string' ? value : value.default])
    .filter(([, target]) => typeof target === 'string' && /\.(c|m)?js$/.test(target));
}

let checked = 0;
for (const name of readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  checked++;
  const { messages } = await publint({ pkgDir: dir, pack: 'pnpm', strict: true });
  for (const message of messages) {
    const line = `${pkg.name}: ${message.type}: ${formatMessage(message, pkg, { color: false })}`;
    (message.type === 'suggestion' ? notes : problems).push(line);
  }
  for (const field of ['description', 'license', 'engines']) {
    if (!pkg[field]) problems.push(`${pkg.name}: missing "${field}"`);
  }
  for (const [subpath, target] of javascriptEntries(pkg)) {
    const entry = `${pkg.name}${subpath.slice(1)}`;
    if (testRunnerEntries.has(entry)) continue;
    try {
      await import(pathToFileURL(path.join(dir, target)).href);
    } catch (error) {
      problems.push(`${entry}: ${target} does not load: ${error instanceof Error ? error.message : error}`);
    }
  }
}
if (notes.length) console.log(`publint suggestions:\n  ${notes.join('\n  ')}`);
if (problems.length) {
  console.error(`package check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`package check: ${checked} publishable packages pass publint and load from their built files`);
