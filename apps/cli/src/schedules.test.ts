// `skill schedules list|pause|resume` on a project's SQLite store: the listing, a pause kept in the store, the
// errors for an unknown trigger or a bad index; `skill workflow run` never fires a schedule.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../test/project.js';
import { main } from './main.js';

const temp = useTempDir('cli-schedules-');
const NIGHTLY = `version = "1"
name = "nightly"
[[triggers]]
cron = "0 3 * * *"
timezone = "Europe/Paris"
[[triggers]]
cron = "* * * * * *"
overlap = "allow"
[[steps]]
id = "a"
command = "true"
`;

async function project(): Promise<string> {
  const dir = temp();
  await mkdir(path.join(dir, '.workflows'), { recursive: true });
  await writeFile(path.join(dir, '.workflows/nightly.toml'), NIGHTLY);
  return dir;
}

describe('skill schedules', () => {
  it('lists, pauses and resumes schedules through the store', async () => {
    const dir = await project();
    const list = memoryIo(dir);
    expect(await main(['schedules', 'list'], list.io)).toBe(0);
    expect(list.out.stdout).toMatch(/SCHEDULE\s+CRON\s+NEXT\s+LAST TICK/);
    expect(list.out.stdout).toMatch(
      /nightly#0\s+0 3 \* \* \* \(Europe\/Paris\)\s+\d{4}-\d\d-\d\dT0[12]:00:00\.000Z\s+-/,
    );

    const pause = memoryIo(dir);
    expect(await main(['schedules', 'pause', 'nightly', '1'], pause.io)).toBe(0);
    expect(pause.out.stdout).toBe('schedule nightly#1 paused\n');
    const json = memoryIo(dir);
    expect(await main(['schedules', 'list', '--json'], json.io)).toBe(0);
    const listed = JSON.parse(json.out.stdout) as { trigger_index: number; paused: boolean }[];
    expect(listed.map((s) => [s.trigger_index, s.paused])).toEqual([
      [0, false],
      [1, true],
    ]);
    const resume = memoryIo(dir);
    expect(await main(['schedules', 'resume', 'nightly', '1', '--json'], resume.io)).toBe(0);
    expect(JSON.parse(resume.out.stdout)).toMatchObject({ trigger_index: 1, paused: false });
  });

  it('exits 2 for an unknown trigger, a bad index or no workflow', async () => {
    const dir = await project();
    const unknown = memoryIo(dir);
    expect(await main(['schedules', 'pause', 'nightly', '5'], unknown.io)).toBe(2);
    expect(unknown.out.stderr).toContain('no schedule 5 in workflow "nightly"');
    const bad = memoryIo(dir);
    expect(await main(['schedules', 'pause', 'nightly', 'x'], bad.io)).toBe(2);
    const missing = memoryIo(dir);
    expect(await main(['schedules', 'pause'], missing.io)).toBe(2);
    expect(missing.out.stderr).toContain('missing workflow name');
  });

  it('workflow run never fires the schedules', async () => {
    const dir = await project();
    const run = memoryIo(dir);
    expect(await main(['workflow', 'run', 'nightly', '--json'], run.io)).toBe(0);
    const list = memoryIo(dir);
    expect(await main(['schedules', 'list', '--json'], list.io)).toBe(0);
    const listed = JSON.parse(list.out.stdout) as { last_ticks: unknown[] }[];
    expect(listed.every((s) => s.last_ticks.length === 0)).toBe(true);
  });
});
