import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SandboxLabel } from './docker-container-config.js';
import { isOrphan } from './docker-orphans.js';

const now = 1_700_000_000_000;
const created = (ageMs: number) => (now - ageMs) / 1000;
const labels = (pid: number, host = hostname()) => ({
  [SandboxLabel.EnginePid]: String(pid),
  [SandboxLabel.EngineHost]: host,
});

describe('isOrphan', () => {
  it('keeps our own containers and those of live engines on this host', () => {
    expect(isOrphan({ Labels: labels(process.pid), Created: created(10 * 86_400_000) }, 0, now)).toBe(false);
    expect(isOrphan({ Labels: labels(1), Created: created(10 * 86_400_000) }, 0, now)).toBe(false);
  });

  it('removes containers whose engine process is gone', () => {
    expect(isOrphan({ Labels: labels(4_194_305), Created: created(1000) }, undefined, now)).toBe(true);
  });

  it('removes containers of other hosts only past olderThanMs', () => {
    const other = labels(123, 'some-other-host');
    expect(isOrphan({ Labels: other, Created: created(60_000) }, undefined, now)).toBe(false);
    expect(isOrphan({ Labels: other, Created: created(60_000) }, 120_000, now)).toBe(false);
    expect(isOrphan({ Labels: other, Created: created(180_000) }, 120_000, now)).toBe(true);
  });
});
