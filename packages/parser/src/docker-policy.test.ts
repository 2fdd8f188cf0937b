// Tests that validation refuses every container the run-time Docker policy refuses, located at the offending key.
import { type DockerPolicySettings, dockerPolicyViolations, FORBIDDEN_HOST_ROOTS } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from './diagnostic-sink.js';
import { checkDockerPolicy } from './docker-policy.js';
import { parseWorkflow } from './parse-workflow.js';

/** A `[steps.docker]` line and the same setting as the sandbox sees it at run time (templates resolved). */
interface RefusedCase {
  toml: string;
  runtime: DockerPolicySettings;
  path: string;
}

const mount = (host: string, container = '/m'): RefusedCase => ({
  toml: `volumes = ["${host}:${container}"]`,
  runtime: { volumes: [{ host, container }] },
  path: 'steps[0].docker.volumes[0]',
});

const REFUSED: RefusedCase[] = [
  { toml: 'privileged = true', runtime: { privileged: true }, path: 'steps[0].docker.privileged' },
  { toml: 'network = "host"', runtime: { network: 'host' }, path: 'steps[0].docker.network' },
  { toml: 'network = "container:db"', runtime: { network: 'container:db' }, path: 'steps[0].docker.network' },
  { toml: 'cap_add = ["NET_ADMIN"]', runtime: { capAdd: ['NET_ADMIN'] }, path: 'steps[0].docker.cap_add' },
  { toml: 'devices = ["/dev/kvm"]', runtime: { devices: ['/dev/kvm'] }, path: 'steps[0].docker.devices' },
  { toml: 'user = "root; id"', runtime: { user: 'root; id' }, path: 'steps[0].docker.user' },
  mount('/'),
  mount('/var/run/docker.sock'),
  mount('/srv/docker.sock'),
  mount('/tmp/../etc'),
  mount('/data', 'relative'),
  mount('/var/lib'),
  mount('/var'),
  mount('/home'),
  mount('/home/alice'),
  mount('/tmp'),
  mount('/usr'),
  mount('/usr/local/bin'),
  ...FORBIDDEN_HOST_ROOTS.flatMap((root) => [mount(root), mount(`${root}/below`)]),
];

function workflow(dockerLine: string): string {
  return `version = "1"\nname = "p"\n[[steps]]\nid = "box"\n[steps.docker]\nimage = "alpine"\n${dockerLine}\n`;
}

describe('the Docker policy at validation', () => {
  it.each(REFUSED.map((c) => [c.toml, c] as const))('refuses %s, as the run time does', (_, refused) => {
    expect(dockerPolicyViolations(refused.runtime, { resolved: true })).not.toEqual([]);
    const { definition, diagnostics } = parseWorkflow(workflow(refused.toml));
    expect(definition).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'POLICY_VIOLATION', severity: 'error', step_id: 'box', path: refused.path }),
    ]);
    expect(diagnostics[0]).toMatchObject({ line: 7, message: expect.stringContaining(`${refused.path}: `) });
  });

  it('locates each refused volume at its own entry and reports all of them', () => {
    const { diagnostics } = parseWorkflow(workflow('volumes = [\n  "/data:/d",\n  "/etc:/e",\n  "/proc:/p",\n]'));
    expect(diagnostics.map((d) => [d.path, d.line, d.column, d.hint])).toEqual([
      ['steps[0].docker.volumes[1]', 9, 3, 'mount only the project folders the step needs'],
      ['steps[0].docker.volumes[2]', 10, 3, 'mount only the project folders the step needs'],
    ]);
  });

  it('applies to inline_code and leaves templated values and relative host paths to run time', () => {
    const inline = parseWorkflow(
      'version = "1"\nname = "p"\n[[steps]]\nid = "c"\n[steps.inline_code]\nlanguage = "bash"\ncode = "true"\nnetwork = "container:db"\n',
    );
    expect(inline.diagnostics).toMatchObject([{ code: 'POLICY_VIOLATION', path: 'steps[0].inline_code.network' }]);
    const later = parseWorkflow(workflow('volumes = ["{inputs.dir}:/in", "./data:/data"]\nuser = "{inputs.uid}"'));
    expect(later.diagnostics).toEqual([]);
  });
});

describe('the Docker policy at validation with a trust boundary', () => {
  const table = {
    image: 'alpine',
    user: '0',
    network: 'bridge',
    volumes: ['/srv/in:/in'],
    memory_limit: '4g',
  };
  const codes = (boundary?: Parameters<typeof checkDockerPolicy>[3]) => {
    const sink = new DiagnosticSink({ steps: [{ id: 'box', docker: table }] }, undefined, undefined);
    checkDockerPolicy(table, ['steps', 0, 'docker'], sink, boundary);
    return sink.sorted().map((d) => d.path);
  };

  it("applies the level rules only when the boundary is given (today's behaviour otherwise)", () => {
    expect(codes()).toEqual([]);
    expect(codes({ level: 'user-provided', allowedNetworks: [], allowedHttpTargets: [] })).toEqual([
      'steps[0].docker.volumes[0]',
      'steps[0].docker.user',
      'steps[0].docker.network',
      'steps[0].docker.memory_limit',
    ]);
  });
});
