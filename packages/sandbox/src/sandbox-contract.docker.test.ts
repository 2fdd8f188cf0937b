// The Sandbox contract against DockerSandbox and a real engine (the native side runs in native-sandbox.test.ts).
import { DockerSandbox } from './docker-sandbox.js';
import { describeSandboxContract } from './sandbox.contract.js';

const dockerReady = await new DockerSandbox().ping().then(
  () => true,
  (error: Error) => {
    if (process.env.SKILL_REQUIRE_INTEGRATION === '1') throw error;
    console.warn(`[docker tests skipped] ${error.message}`);
    return false;
  },
);

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
