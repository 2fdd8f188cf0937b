// A docker-runtime skill of .skill-engine.toml in a real container: the sandbox's secure defaults, args as argv
// (hostile values verbatim), the instance env, and workflows below trusted allowed because the skill is contained.
import { DockerSandbox } from '@skill/sandbox';
import { serviceReady } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../../test/engine-fixture.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());
const engines = useEngines('manifest-docker-');

const MANIFEST = `version = "1"

[skills.py]
source = "docker:skill-test/tiny:1"
runtime = "docker"
description = "Python in a container"

[skills.py.docker]
image = "skill-test/tiny:1"
entrypoint = "python3"
memory = "128m"
cpus = "0.5"
rm = true

[skills.py.instances.default]
env.GREETING = "hello"
`;

// Prints its argv, its uid, the instance env and whether it can open a socket to the outside.
const REPORT = [
  'import json, os, socket, sys',
  'try:',
  '    socket.create_connection(("1.1.1.1", 53), timeout=1); net = True',
  'except OSError:',
  '    net = False',
  'print(json.dumps({"argv": sys.argv[1:], "uid": os.getuid(), "greeting": os.environ.get("GREETING"), "net": net}))',
].join('\n');

function workflow(extra = ''): string {
  return `version = "1"\nname = "docker-skill"\n${extra}\n[inputs]\nhostile = { type = "string" }\n\n[[steps]]\nid = "call"\nskill = "py"\ntool = "run"\nargs = { args = ["-c", ${JSON.stringify(REPORT)}, "{inputs.hostile}", "plain"] }\n`;
}

describe.skipIf(!dockerReady)('docker manifest skills', () => {
  it('runs in the sandbox with its defaults; hostile args reach the program verbatim', {
    timeout: 120_000,
  }, async () => {
    const { engine } = await engines.project({ '.skill-engine.toml': MANIFEST });
    const hostile = `$(touch /tmp/pwned); \`id\` | rm -rf / ' " \\ *`;
    const record = await engine.run(workflow(), { hostile });
    expect(record.status, JSON.stringify(record.steps.call?.error)).toBe('completed');
    expect(record.steps.call?.output).toEqual({ argv: [hostile, 'plain'], uid: 65534, greeting: 'hello', net: false });
    expect(record.steps.call?.metadata).toMatchObject({
      exit_code: 0,
      image: 'skill-test/tiny:1',
      skill_runtime: 'docker',
    });
  });

  it('is callable by a workflow below trusted (contained), unlike a native skill', { timeout: 120_000 }, async () => {
    const { engine } = await engines.project({ '.skill-engine.toml': MANIFEST });
    const saved = await engine.saveWorkflow(workflow().replace('name = "docker-skill"', 'name = "api-made"'));
    expect(saved.ok, JSON.stringify(saved.diagnostics)).toBe(true);
    const record = await engine.run('api-made', { hostile: 'x' });
    expect(record.status, JSON.stringify(record.steps.call?.error)).toBe('completed');
    expect(record.steps.call?.output).toMatchObject({ argv: ['x', 'plain'], net: false });
  });
});
