// Ten processes opening the same new SQLite store at once all succeed (the migrations take turns).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDir } from '@skill/test-kit';
import { describe, expect, it, onTestFinished } from 'vitest';

const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const PROCESSES = 10;

/** Opens the store in a new Node process; resolves with its exit code and stderr. */
function openInProcess(file: string): Promise<{ code: number | null; stderr: string }> {
  const script = `const { openSqliteStore } = await import(${JSON.stringify(entry)});
const store = await openSqliteStore(${JSON.stringify(file)});
await store.close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe.skipIf(!existsSync(entry))('opening a new SQLite store from many processes', () => {
  it('migrates once and every process opens it', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { dir, cleanup } = await createTempDir('skill-store-race-');
      onTestFinished(cleanup);
      const file = path.join(dir, '.skill', 'executions.db');
      const results = await Promise.all(Array.from({ length: PROCESSES }, () => openInProcess(file)));
      const failures = results.filter((result) => result.code !== 0).map((result) => result.stderr);
      expect(failures).toEqual([]);
    }
  }, 60_000);
});
