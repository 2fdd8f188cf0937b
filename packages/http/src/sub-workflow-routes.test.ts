// GET /api/executions/:id links sub-workflows both ways: a parent lists its children, a child names its parent.
import { describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';

describe('sub-workflow links in the API', () => {
  const fx = useHttpFixture({
    child:
      'version = "1"\nname = "child"\n[outputs]\nsaid = "{say.output}"\n[[steps]]\nid = "say"\ncommand = "echo hi"\n',
    parent: 'version = "1"\nname = "parent"\n[[steps]]\nid = "call"\nworkflow = "child"\n',
  });

  it('lists the children of a parent and the parent of a child', async () => {
    const run = await fx().api('/api/workflows/parent/execute', { body: {} });
    expect(run.body).toMatchObject({ status: 'completed' });
    const parent = await fx().api(`/api/executions/${run.body.id}`);
    expect(parent.body.steps.call).toMatchObject({ status: 'completed', output: { said: 'hi' } });
    const childId = parent.body.steps.call.metadata.child_execution_id;
    expect(parent.body.children).toEqual([
      { execution_id: childId, step: 'call', workflow_name: 'child', status: 'completed' },
    ]);
    const child = await fx().api(`/api/executions/${childId}`);
    expect(child.body).toMatchObject({ workflow_name: 'child', parent: { execution_id: run.body.id, step: 'call' } });
    expect(child.body.children).toBeUndefined();
  });
});
