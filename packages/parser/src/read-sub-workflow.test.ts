// Reading workflow steps and [outputs]: the step type is inferred from `workflow`, names are literal, outputs are text.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';
import { isWorkflowName } from './read-sub-workflow.js';

const head = 'version = "1"\nname = "parent"\n';

describe('workflow steps and [outputs]', () => {
  it('reads a workflow step (type inferred from `workflow`) and the [outputs] table', () => {
    const text = `${head}[outputs]\nimage = "{call.output.image}"\n\n[[steps]]\nid = "call"\nworkflow = "build"\ninputs = { ref = "main", n = 2 }\n`;
    const { definition, diagnostics } = parseWorkflow(text, { file: 'parent.toml' });
    expect(diagnostics).toEqual([]);
    expect(definition?.outputs).toEqual({ image: '{call.output.image}' });
    expect(definition?.steps[0]).toMatchObject({
      step_type: 'workflow',
      workflow: 'build',
      inputs: { ref: 'main', n: 2 },
    });
  });

  it('refuses keys of other step types, a missing name, and outputs that are not text', () => {
    const text = `${head}[outputs]\nn = 3\n\n[[steps]]\nid = "call"\nstep_type = "workflow"\ncommand = "x"\n`;
    const codes = parseWorkflow(text).diagnostics.map((d) => [d.code, d.line]);
    expect(codes).toEqual([
      ['SCHEMA_VIOLATION', 4],
      ['SCHEMA_VIOLATION', 6],
      ['UNKNOWN_KEY', 9],
    ]);
  });

  it('names are literal workflow names: no template, no path', () => {
    expect(['build', 'deploy-prod', 'v1.2_x'].every(isWorkflowName)).toBe(true);
    expect(
      ['', '../x', '..', '.x', 'a/b', 'a\\b', '{inputs.x}', '/etc/passwd', 'x'.repeat(129)].some(isWorkflowName),
    ).toBe(false);
  });
});
