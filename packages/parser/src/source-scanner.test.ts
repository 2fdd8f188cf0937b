// The table scan against the key scan on every workflow of the examples and fixtures (and tricky documents):
// each table it records is where the key scan has it, and its nesting count is never below the exact depth.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { PathNode } from './path-node.js';
import type { KeyPath } from './source-map.js';
import { Scanner } from './source-scanner.js';
import { LineIndex } from './text-position.js';
import { tooDeepPath } from './workflow-limits.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function tomlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.toml'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const TRICKY = [
  '[[steps]]\nid = "a"\nloop = [{ id = "b", args = { deep = { deeper = [1, [2, { x = 3 }]] } } }]\n',
  'a.b.c = 1\n[x.y]\nz = { "quoted key".k = [ { m = 1 }, 2 ] }\n[[x.list]]\n[x.list.inner]\nq = """\n[[steps]]\n"""\n',
  "steps = [\n  { id = 'a' }, # comment ]\n  { id = 'b', depends_on = ['a'] },\n]\n",
  '[[steps]]\nid = "a"\n[[steps.loop]]\nid = "b"\n[[steps.loop.loop]]\nid = "c"\n[steps.loop.loop.retry]\nbackoff = "none"\n',
];

/** Every key path of a parsed value (tables, arrays and what they hold). */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: KeyPath[] = []): KeyPath[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(item, [...prefix, key], out);
    }
  }
  return out;
}

function scan(text: string, everyKey: boolean): { root: PathNode; scanner: Scanner } {
  const root = new PathNode();
  const scanner = new Scanner(text, root, new LineIndex(text), everyKey);
  scanner.run();
  return { root, scanner };
}

/** The exact nesting depth of a parsed value (0 for a scalar), by the limit check itself. */
function exactDepth(value: unknown): number {
  let depth = 0;
  while (tooDeepPath(value, depth) !== undefined) depth++;
  return depth;
}

const documents = [
  ...tomlFiles(path.join(ROOT, 'examples')).map((file) => [path.relative(ROOT, file), readFileSync(file, 'utf8')]),
  ...tomlFiles(path.join(ROOT, 'packages/parser/test')).map((file) => [
    path.relative(ROOT, file),
    readFileSync(file, 'utf8'),
  ]),
  ...TRICKY.map((text, i) => [`tricky document ${i}`, text]),
].flatMap(([name, text]) => {
  try {
    return [{ name: name as string, text: text as string, raw: parse(text as string) as unknown }];
  } catch {
    return []; // fixtures of syntax errors: the scanners only read valid TOML
  }
});

describe('the table scan', () => {
  it('reads enough documents to mean something', () => {
    expect(documents.length).toBeGreaterThan(40);
  });

  it.each(documents.map((d) => [d.name, d] as const))('%s: tables where the key scan has them', (_name, doc) => {
    const tables = scan(doc.text, false).root;
    const keys = scan(doc.text, true).root;
    for (const path of pathsOf(doc.raw)) {
      const offset = tables.offsetOf(path);
      if (offset !== undefined) expect([path, offset]).toEqual([path, keys.offsetOf(path)]);
    }
    const steps = (doc.raw as { steps?: unknown }).steps;
    if (Array.isArray(steps)) {
      steps.forEach((_step, i) => {
        expect(tables.offsetOf(['steps', i])).toBe(keys.offsetOf(['steps', i]));
      });
    }
  });

  it.each(documents.map((d) => [d.name, d] as const))('%s: nesting counted at least as deep as it is', (_name, doc) => {
    expect(scan(doc.text, false).scanner.deepest).toBeGreaterThanOrEqual(exactDepth(doc.raw));
  });
});
