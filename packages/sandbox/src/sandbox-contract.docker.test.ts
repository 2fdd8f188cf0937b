// The Sandbox contract against DockerSandbox and a real engine (the native side runs in native-sandbox.test.ts).
import { serviceReady } from '@skill/test-kit';
import { DockerSandbox } from './docker-sandbox.js';
import { describeSandboxContract } from './sandbox.contract.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const sandbox = new DockerSandbox({ stopGraceMs: 300 });

describeSandboxContract(
  'docker',
  () => ({
    sandbox,
    select: { image: 'skill-test/tiny:1' },
    filePath: (name) => `/tmp/contract/${name}`,
    capabilities: { memoryLimit: true, networkIsolation: true },
  }),
  dockerReady,
);
