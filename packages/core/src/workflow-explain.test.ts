// explainWorkflow: the secrets a workflow reads include those its webhook triggers are checked with.
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { explainWorkflow } from './workflow-explain.js';

describe('explainWorkflow', () => {
  it("lists a webhook trigger's secret with the secrets the steps read", async () => {
    const engine = createEngine();
    const { definition } = await engine.load(
      'version = "1"\nname = "h"\n[[triggers]]\ntype = "webhook"\ntoken = "{secrets.HOOK}"\n[[steps]]\nid = "a"\ncommand = "echo {secrets.OTHER}"\n',
    );
    expect(explainWorkflow(definition).secrets).toEqual(['HOOK', 'OTHER']);
  });
});
