// The `.skill-engine.toml` reader: the documented format read into declarations, every mistake located.
import { describe, expect, it } from 'vitest';
import { parseSkillManifest } from './read-skill-manifest.js';

const FILE = '/project/.skill-engine.toml';

function read(text: string) {
  return parseSkillManifest(text, '/project', FILE);
}

function problems(text: string) {
  return read(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
}

describe('parseSkillManifest', () => {
  it('reads native and docker skills with their instances and docker settings', () => {
    const { skills, diagnostics } = read(`version = "1"

[defaults]
timeout_ms = 30000

[skills.hello]
source = "./bin/hello.sh"
runtime = "native"
description = "Says hello"
default_instance = "dev"

[skills.hello.instances.dev]
config.greeting = "hi"
env.LOUD = "1"
capabilities.max_concurrent_requests = 5

[skills.redis]
source = "docker:redis:7-alpine"
runtime = "docker"

[skills.redis.docker]
image = "redis:7-alpine"
entrypoint = "redis-cli"
network = "bridge"
memory = "128m"
cpus = "0.5"
volumes = ["./data:/data:ro", "cache:/cache"]
rm = true
cap_drop = ["ALL"]
`);
    expect(diagnostics).toEqual([]);
    expect(skills).toEqual([
      {
        name: 'hello',
        runtime: 'native',
        source: './bin/hello.sh',
        description: 'Says hello',
        default_instance: 'dev',
        instances: { dev: { config: { greeting: 'hi' }, env: { LOUD: '1' } } },
        program: '/project/bin/hello.sh',
        base_dir: '/project',
        location: { file: FILE, line: 6, column: 1 },
      },
      {
        name: 'redis',
        runtime: 'docker',
        source: 'docker:redis:7-alpine',
        default_instance: 'default',
        instances: {},
        docker: {
          image: 'redis:7-alpine',
          entrypoint: 'redis-cli',
          network: 'bridge',
          memory_limit_bytes: 128 * 1024 * 1024,
          cpu_limit: 0.5,
          volumes: ['/project/data:/data:ro', 'cache:/cache'],
        },
        base_dir: '/project',
        location: { file: FILE, line: 17, column: 1 },
      },
    ]);
  });

  it('reads a wasm skill (the default runtime) for the engine to refuse where a step uses it', () => {
    const { skills, diagnostics } = read('[skills.github]\nsource = "./github-skill"\n');
    expect(diagnostics).toEqual([]);
    expect(skills[0]).toMatchObject({ name: 'github', runtime: 'wasm', location: { line: 1, column: 1 } });
  });

  it('locates unknown keys with "did you mean" at every level', () => {
    expect(
      problems(`versoin = "1"
[skills.a]
source = "./a"
runtim = "native"
[skills.a.instances.default]
confg.x = "1"
[skills.b]
source = "docker:x"
runtime = "docker"
[skills.b.docker]
image = "x"
entrypiont = "y"
`),
    ).toEqual([
      '1:1 unknown key "versoin" (did you mean "version"?)',
      '4:1 unknown key "runtim" (did you mean "runtime"?)',
      '6:1 unknown key "confg" (did you mean "config"?)',
      '12:1 unknown key "entrypiont" (did you mean "entrypoint"?)',
    ]);
  });

  it('locates missing and wrong values, and leaves the skills that have them out', () => {
    const text = `version = "2"
[skills.nosource]
runtime = "native"
[skills.badruntime]
source = "./x"
runtime = "jvm"
[skills.nodocker]
source = "docker:x"
runtime = "docker"
[skills.relative]
source = "bin/tool"
runtime = "native"
[skills.sized]
source = "docker:x"
runtime = "docker"
docker = { image = "x", memory = "lots", privileged = true, network = "host" }
[skills."bad name"]
source = "./x"
[skills.inst]
source = "./x"
runtime = "native"
default_instance = "prod"
[skills.inst.instances.dev]
env.TOKEN = "\${TOKEN}"
`;
    const { skills } = read(text);
    expect(skills).toEqual([]);
    expect(problems(text)).toEqual([
      '1:1 version must be "1" (got "2")',
      '2:1 [skills.nosource] needs source',
      '6:1 runtime must be "docker", "native" or "wasm" (got "jvm")',
      '7:1 runtime "docker" needs a [skills.nodocker.docker] table with image',
      `11:1 a native skill's source is the path of its program, starting with "./", "../" or "/" (got "bin/tool")`,
      expect.stringMatching(/^16:\d+ memory must be like "512m" \(got "lots"\)$/),
      expect.stringMatching(/^16:\d+ privileged containers are not allowed$/),
      expect.stringMatching(/^16:\d+ the host network is not allowed/),
      expect.stringMatching(/^17:1 skill name "bad name" must start with a letter/),
      '22:1 default_instance "prod" is not one of [skills.inst.instances]',
      `24:1 "\${TOKEN}": \${VAR} expansion is not supported in .skill-engine.toml (write the value itself)`,
    ]);
  });

  it('reports a syntax error with its line and refuses an oversized manifest', () => {
    expect(read('[skills.a\nsource = 1').diagnostics[0]).toMatchObject({ code: 'TOML_SYNTAX', line: 1, file: FILE });
    const huge = `# ${'x'.repeat(300 * 1024)}\n`;
    expect(read(huge).diagnostics[0]?.message).toContain('larger than');
  });
});
