// `runs_on`: worker labels on a step or as the [config] default; checked by the schema, refused on foreach steps.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

const workflow = (body: string) => `name = "labels"\nversion = "1"\n${body}`;

describe('runs_on', () => {
  it('reads one label or a list, and the [config] default for steps without their own', () => {
    const { definition, diagnostics } = parseWorkflow(
      workflow(`[config]
runs_on = ["linux"]
[[steps]]
id = "a"
command = "true"
runs_on = "gpu"
[[steps]]
id = "b"
command = "true"
[[steps]]
id = "c"
command = "true"
runs_on = ["gpu", "big-mem"]
`),
    );
    expect(diagnostics).toEqual([]);
    expect(definition?.steps.map((step) => step.runs_on)).toEqual([['gpu'], ['linux'], ['gpu', 'big-mem']]);
  });

  it('leaves steps without labels when neither the step nor [config] sets any', () => {
    const { definition } = parseWorkflow(workflow('[[steps]]\nid = "a"\ncommand = "true"\n'));
    expect(definition?.steps[0]?.runs_on).toBeUndefined();
  });

  it('refuses a label with a brace or a space, and more than 5 labels, at the line of the key', () => {
    const { diagnostics } = parseWorkflow(
      workflow('[[steps]]\nid = "a"\ncommand = "true"\nruns_on = "{inputs.x} gpu"\n'),
    );
    expect(diagnostics[0]).toMatchObject({ severity: 'error', step_id: 'a', line: 6 });
    const many = parseWorkflow(
      workflow('[[steps]]\nid = "a"\ncommand = "true"\nruns_on = ["a", "b", "c", "d", "e", "f"]\n'),
    );
    expect(many.diagnostics.length).toBeGreaterThan(0);
  });

  it('refuses runs_on on a foreach step and says to set it on its loop steps', () => {
    const { diagnostics } = parseWorkflow(
      workflow(`[[steps]]
id = "each"
items = [1, 2]
runs_on = "gpu"
[[steps.loop]]
id = "one"
command = "true"
`),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', hint: 'set runs_on on its [[steps.loop]] steps instead' }),
    ]);
  });
});
