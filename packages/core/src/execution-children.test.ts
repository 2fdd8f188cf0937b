// withChildren: children listed for a workflow whose steps (loops too) call sub-workflows, no store query otherwise.
import type { ExecutionFilter, ExecutionPage, NewExecution } from '@skill/workflow-model';
import { parseWorkflow } from '@skill/workflow-parser';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { withChildren } from './execution-children.js';

/** A store that counts its listExecutions calls. */
class CountingStore extends InMemoryExecutionStore {
  listed = 0;
  override listExecutions(filter?: ExecutionFilter): Promise<ExecutionPage> {
    this.listed += 1;
    return super.listExecutions(filter);
  }
}

function execution(id: string, toml: string, extra: Partial<NewExecution> = {}): NewExecution {
  const { definition } = parseWorkflow(`version = "1"\nname = "${id}"\n${toml}`);
  if (!definition) throw new Error(`fixture ${id} does not parse`);
  return { id, workflow_name: id, inputs: {}, definition, ...extra };
}

const commandsOnly = execution('plain', '[[steps]]\nid = "a"\ncommand = "echo a"\n');
const callInLoop = execution(
  'caller',
  '[[steps]]\nid = "each"\nitems = [1]\n[[steps.loop]]\nid = "call"\nworkflow = "plain"\n',
);

describe('withChildren', () => {
  it('lists the children of a workflow that calls one inside a loop', async () => {
    const store = new CountingStore();
    const parent = await store.createExecution(callInLoop);
    await store.createExecution({
      ...commandsOnly,
      id: 'child',
      parent: { execution_id: 'caller', step: 'each[0].call' },
    });
    const record = await withChildren(store, parent);
    expect(record.children).toEqual([
      { execution_id: 'child', step: 'each[0].call', workflow_name: 'plain', status: 'pending' },
    ]);
    expect(store.listed).toBe(1);
  });

  it('asks the store nothing for a workflow without workflow steps', async () => {
    const store = new CountingStore();
    const record = await withChildren(store, await store.createExecution(commandsOnly));
    expect(record.children).toBeUndefined();
    expect(store.listed).toBe(0);
  });

  it('asks the store when the record has no definition to tell', async () => {
    const store = new CountingStore();
    const { definition: _, ...bare } = await store.createExecution(commandsOnly);
    await withChildren(store, bare);
    expect(store.listed).toBe(1);
  });
});
