// The repository's .taplo.toml: the real `taplo lint` (what Even Better TOML runs) checks every example workflow
// against the engine's JSON Schema and finds no problem, so the schema editors use accepts what the engine runs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const taploBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@taplo/cli/package.json')),
  'dist/cli.js',
);

describe('the example workflows in an editor', () => {
  it('pass taplo lint against the JSON Schema named by .taplo.toml', () => {
    const r = spawnSync(process.execPath, [taploBin, 'lint'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', RUST_LOG: 'info' },
      timeout: 60_000,
    });
    const output = `${r.stdout}${r.stderr}`;
    const found = output.match(/found files total=(\d+) excluded=(\d+)/);
    expect(found, output).not.toBeNull();
    // examples/.workflows (and examples/.workflows/examples), guide/, docker/ and skills.toml
    expect(Number(found?.[1]) - Number(found?.[2])).toBeGreaterThanOrEqual(13);
    expect(r.status, output).toBe(0);
  });
});
