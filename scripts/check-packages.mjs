#!/usr/bin/env node
// Publishability check: every non-private package's exports, main and types point at files the build made
// and that `files` would ship.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const problems = [];
let checked = 0;
for (const name of readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  checked++;
  const targets = [pkg.main, pkg.types];
  for (const value of Object.values(pkg.exports ?? {})) {
    if (typeof value === 'string') targets.push(value);
    else targets.push(value.types, value.default);
  }
  for (const target of targets.filter(Boolean)) {
    if (!existsSync(path.join(dir, target))) problems.push(`${pkg.name}: ${target} does not exist (build first)`);
    const top = target.replace(/^\.\//, '').split('/')[0];
    if (!(pkg.files ?? []).includes(top)) problems.push(`${pkg.name}: ${target} is not in "files"`);
  }
  for (const field of ['description', 'license', 'engines']) {
    if (!pkg[field]) problems.push(`${pkg.name}: missing "${field}"`);
  }
}
if (problems.length) {
  console.error(`package check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`package check: ${checked} publishable packages point at built files`);
