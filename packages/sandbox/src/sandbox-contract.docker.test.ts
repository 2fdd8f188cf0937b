// The Sandbox contract against DockerSandbox and a real engine, cold and from the warm pool (the native side runs in native-sandbox.test.ts).
import { serviceReady } from '@skill/test-kit';
import { afterAll, expect } from 'vitest';
import { DockerSandbox } from './docker-sandbox.js';
import { describeSandboxContract } from './sandbox.contract.js';
import type { Sandbox } from './sandbox.js';
import { WarmDockerSandbox } from './warm-pool/warm-sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const sandbox = new DockerSandbox({ stopGraceMs: 300 });
const pool = new WarmDockerSandbox({ cold: sandbox, size: 1 });

/** Every run of the contract goes to a warm container: the pool is filled first, and the hit is checked. */
const warm: Sandbox = {
  async run(spec) {
    await pool.prepare(spec, 1);
    const before = pool.stats().hits;
    const result = await pool.run(spec);
    if (!spec.signal.aborted || result.exitCode !== -1) expect(pool.stats().hits).toBe(before + 1);
    return result;
  },
};

afterAll(() => pool.close());

const capabilities = { memoryLimit: true, networkIsolation: true };
describeSandboxContract(
  'docker',
  () => ({
    sandbox,
    select: { image: 'skill-test/tiny:1' },
    filePath: (name) => `/tmp/contract/${name}`,
    capabilities,
  }),
  dockerReady,
);
describeSandboxContract(
  'docker, warm pool',
  () => ({
    sandbox: warm,
    select: { image: 'skill-test/tiny:1' },
    filePath: (name) => `/tmp/contract/${name}`,
    capabilities,
  }),
  dockerReady,
);
