#!/usr/bin/env node
// Enforces ARCHITECTURE.md's dependency arrows: each workspace package may depend only on the @skill/* packages
// listed here, source and test files import only packages their package.json declares, no app depends on another
// app, and the dashboard's own code takes only types from the model (its test files may use core and http).
// The private test kit is a devDependency any package above it may take, imported from test files only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** package name -> the @skill/* packages it may import */
const allowed = {
  '@skill/workflow-model': [],
  '@skill/workflow-parser': ['@skill/workflow-model'],
  '@skill/workflow-expr': ['@skill/workflow-model'],
  '@skill/workflow-scheduler': ['@skill/workflow-model'],
  '@skill/sandbox': ['@skill/workflow-model'],
  '@skill/workflow-store': ['@skill/workflow-model'],
  '@skill/workflow-telemetry': ['@skill/workflow-model'],
  '@skill/test-kit': ['@skill/workflow-model'],
  '@skill/workflow-executors': ['@skill/workflow-model', '@skill/workflow-expr', '@skill/sandbox'],
  '@skill/workflow-core': [
    '@skill/workflow-model',
    '@skill/workflow-parser',
    '@skill/workflow-expr',
    '@skill/workflow-scheduler',
    '@skill/workflow-executors',
    '@skill/sandbox',
    '@skill/workflow-store',
    '@skill/workflow-telemetry',
  ],
  '@skill/workflow-http': ['@skill/workflow-core', '@skill/workflow-model'],
  '@skill/workflow-queue': ['@skill/workflow-core', '@skill/workflow-model'],
  '@skill/workflow-mcp': ['@skill/workflow-core', '@skill/workflow-model'],
  '@skill/workflow-server': [
    '@skill/workflow-core',
    '@skill/workflow-http',
    '@skill/workflow-mcp',
    '@skill/workflow-model',
    '@skill/workflow-telemetry',
  ],
  '@skill/cli': [
    '@skill/workflow-core',
    '@skill/workflow-http',
    '@skill/workflow-mcp',
    '@skill/workflow-model',
    '@skill/workflow-queue',
    '@skill/workflow-server',
    '@skill/workflow-telemetry',
  ],
  '@skill/server': ['@skill/workflow-server', '@skill/workflow-core', '@skill/workflow-model'],
  // core, http and queue are devDependencies of the dashboard's browser tests (a real server): see TEST_ONLY below.
  '@skill/web': ['@skill/workflow-model', '@skill/workflow-core', '@skill/workflow-http', '@skill/workflow-queue'],
  '@skill/bench': [
    '@skill/workflow-core',
    '@skill/workflow-model',
    '@skill/workflow-queue',
    '@skill/workflow-telemetry',
  ],
  '@skill/examples': ['@skill/workflow-core', '@skill/workflow-model'],
};
/** Packages whose non-test files may take only types (`import type` / `export type`) from the listed packages. */
const TYPES_ONLY = { '@skill/web': ['@skill/workflow-model'] };
/** Packages whose listed imports are allowed in test files only (`*.test.ts` and files under `test/`). */
const TEST_ONLY = { '@skill/web': ['@skill/workflow-core', '@skill/workflow-http', '@skill/workflow-queue'] };

const TEST_KIT = '@skill/test-kit';
const problems = [];
const folders = ['packages', 'apps']
  .flatMap((dir) => readdirSync(path.join(root, dir)).map((name) => path.join(root, dir, name)))
  .concat([path.join(root, 'bench'), path.join(root, 'examples')]);
const appNames = new Set();
/** The subpaths (`/version`) each workspace package exports besides `.`: the only deep imports allowed. */
const exportedSubpaths = new Map();
for (const folder of folders) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (path.basename(path.dirname(folder)) === 'apps') appNames.add(manifest.name);
  const subpaths = Object.keys(manifest.exports ?? {}).filter((key) => key.startsWith('./'));
  exportedSubpaths.set(manifest.name, new Set(subpaths.map((key) => key.slice(1))));
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry)) yield full;
  }
}

/**
 * Whether `file` (inside `folder`) is test code: a `*.test.*`, `*.suite.*` or `*.contract.*` (a contract suite) file,
 * or a file under a `test/` folder.
 */
const isTestFile = (folder, file) =>
  /\.(test|suite|contract)\.[cm]?tsx?$/.test(file) || path.relative(folder, file).split(path.sep).includes('test');

/** Whether the import or export statement that ends at `index` in `text` is `import type` / `export type`. */
function isTypeOnlyStatement(text, index) {
  const start = [...text.slice(0, index).matchAll(/\b(?:import|export)\b/g)].at(-1)?.index;
  return start !== undefined && /^(import|export)\s+type\s/.test(text.slice(start, index));
}

for (const folder of folders) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  const rules = allowed[pkg.name];
  if (!rules) {
    problems.push(`${pkg.name}: not listed in scripts/check-architecture.mjs (add its allowed imports)`);
    continue;
  }
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  const kitRules = allowed[TEST_KIT];
  const mayUseKit = pkg.name !== TEST_KIT && !kitRules.includes(pkg.name);
  if (pkg.dependencies?.[TEST_KIT]) problems.push(`${pkg.name}: ${TEST_KIT} may only be a devDependency`);
  for (const dep of declared) {
    if (dep === TEST_KIT && mayUseKit) continue;
    if (appNames.has(dep))
      problems.push(`${pkg.name} depends on the app ${dep} (no app imports another; use a package)`);
    else if (dep.startsWith('@skill/') && !rules.includes(dep)) {
      problems.push(`${pkg.name} depends on ${dep}, which ARCHITECTURE.md does not allow`);
    }
  }
  const files = [];
  for (const dir of ['src', 'test']) {
    try {
      files.push(...sourceFiles(path.join(folder, dir)));
    } catch {}
  }
  const typesOnly = TYPES_ONLY[pkg.name] ?? [];
  const testOnly = TEST_ONLY[pkg.name] ?? [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .join('\n');
    const testFile = isTestFile(folder, file);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](@skill\/[^'"/]+)(\/[^'"]*)?['"]/g)) {
      const [, name, subpath] = match;
      const where = path.relative(root, file);
      const testKitImport = name === TEST_KIT && mayUseKit;
      if (testKitImport && !testFile) {
        problems.push(`${where}: imports ${TEST_KIT} outside a test file`);
      }
      if (testKitImport && !declared.has(TEST_KIT))
        problems.push(`${where}: imports ${TEST_KIT}, not in devDependencies`);
      if (name === pkg.name) problems.push(`${where}: imports its own package by name (use a relative import)`);
      else if (!testKitImport && !rules.includes(name)) {
        problems.push(`${where}: imports ${name}, which ${pkg.name} may not import`);
      } else if (subpath && !exportedSubpaths.get(name)?.has(subpath))
        problems.push(`${where}: deep import ${name}${subpath}`);
      else if (testFile) continue;
      else if (testOnly.includes(name)) problems.push(`${where}: imports ${name}, which ${pkg.name}'s tests alone may`);
      else if (typesOnly.includes(name) && !isTypeOnlyStatement(text, match.index)) {
        problems.push(`${where}: imports values from ${name}; ${pkg.name} may take only types (import type)`);
      }
    }
  }
}

if (problems.length) {
  console.error(`architecture check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`architecture check: ${folders.length} workspace folders follow ARCHITECTURE.md`);
