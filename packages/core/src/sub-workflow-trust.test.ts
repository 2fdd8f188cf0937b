// A sub-workflow runs inside its parent's trust boundary: a trusted workflow called by a `community` one runs as
// community (its HTTP to loopback is refused), and as trusted when a trusted workflow calls it.
import { useHttpServer } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { useEngines, workflowFile } from '../test/engine-fixture.js';

const engines = useEngines('skill-subflow-trust-');
const local = useHttpServer((_req, res) => res.end('{"ok": true}'));

describe('sub-workflow trust', () => {
  it("never runs the child above its parent's level", async () => {
    const fetcher = workflowFile(
      'fetcher',
      `[inputs]\nurl = { type = "string", required = true }\n[[steps]]\nid = "get"\nstep_type = "http"\n[steps.http]\nurl = "{inputs.url}"\n`,
    );
    const call = '[[steps]]\nid = "call"\nworkflow = "fetcher"\ninputs = { url = "{inputs.url}" }\n';
    const head = '[inputs]\nurl = { type = "string", required = true }\n';
    const { engine } = await engines.project({
      ...fetcher,
      ...workflowFile('lowered', `trust = "community"\n${head}${call}`),
      ...workflowFile('trusted-caller', `${head}${call}`),
    });
    const url = `${local().url}/data`;

    const trusted = await engine.run('trusted-caller', { url });
    expect(trusted.steps.call?.output).toEqual({ get: { ok: true } });

    const lowered = await engine.run('lowered', { url });
    expect(lowered.steps.call).toMatchObject({ status: 'failed', error_code: 'SUB_WORKFLOW_FAILED' });
    const childId = lowered.steps.call?.metadata.child_execution_id as string;
    const child = await engine.requireExecution(childId);
    expect(child.definition?.trust).toBe('community');
    expect(child.steps.get?.error_code).toBe('EGRESS_REFUSED');
  });
});
