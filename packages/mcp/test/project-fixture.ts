// Test fixture: a temporary project with .workflows/*.toml using command steps, and result-reading shortcuts.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/** A project folder and the marker file the fails-once workflow waits for. */
export interface TestProject {
  dir: string;
  marker: string;
}

const step = (id: string, command: string, deps: string[] = []) =>
  `[[steps]]\nid = "${id}"\nstep_type = "command"\ncommand = '''${command} '''\n${deps.length ? `depends_on = ${JSON.stringify(deps)}\n` : ''}`;

const workflow = (name: string, description: string, steps: string[], extra = '') =>
  `version = "1"\nname = "${name}"\ndescription = "${description}"\n${extra}${steps.join('')}`;

/** Creates the project: hello-workflow, three-steps, slow, greet-input, fails-once, two pipelines, a broken one. */
export async function createTestProject(): Promise<TestProject> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skill-mcp-'));
  const marker = path.join(dir, 'ready.txt');
  const files: Record<string, string> = {
    '.workflows/hello-workflow.toml': workflow('hello-workflow', 'My first workflow', [
      step('greet', `echo 'Hello, Workflow!'`),
    ]),
    '.workflows/three-steps.toml': workflow('three-steps', 'a then b then c', [
      step('a', 'echo 1'),
      step('b', 'echo 2', ['a']),
      step('c', `echo '{"done": true}'`, ['b']),
    ]),
    '.workflows/slow.toml': workflow('slow', 'sleeps', [step('nap', 'sleep 30')]),
    '.workflows/short-nap.toml': workflow('short-nap', 'sleeps a second', [step('nap', 'sleep 1; echo rested')]),
    '.workflows/greet-input.toml': workflow(
      'greet-input',
      'greets someone',
      [step('hi', 'echo "hi {inputs.who}"')],
      '[inputs]\nwho = { type = "string", required = true }\n',
    ),
    '.workflows/fails-once.toml': workflow('fails-once', 'fails until ready.txt exists', [
      step('prepare', 'echo prepared'),
      step('check', `cat '${marker}'`, ['prepare']),
    ]),
    '.workflows/data-pipeline.toml': workflow('data-pipeline', 'ETL', [step('extract', 'echo rows')]),
    '.workflows/ml-pipeline.toml': workflow('ml-pipeline', 'training', [step('train', 'echo model')]),
    '.workflows/broken.toml': `version = "1"\nname = "broken"\n[[steps]]\nid = "x"\nstep_type = "command"\ncommand = "echo"\ndepends = []\n`,
    'other/outside-workflows.toml': workflow('outside-workflows', 'a file outside .workflows', [
      step('run', 'echo ran'),
    ]),
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return { dir, marker };
}

/** The first text block of a tool result. */
export function resultText(result: Awaited<ReturnType<Client['callTool']>>): string {
  const first = (result.content as { type: string; text?: string }[])[0];
  return first?.type === 'text' ? (first.text ?? '') : '';
}

/** Calls a tool, checks that text and structuredContent agree, and returns the structured value. */
export async function callJson(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${resultText(result)}`);
  const structured = result.structuredContent as Record<string, unknown>;
  if (JSON.stringify(structured) !== resultText(result)) throw new Error(`${name}: text and structuredContent differ`);
  return structured;
}

/** Polls get_workflow_status until the status is one of `statuses` (at most `timeoutMs`). */
export async function waitForStatus(client: Client, id: string, statuses: string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; Date.now() < deadline && i < 10_000; i++) {
    const record = await callJson(client, 'get_workflow_status', { execution_id: id });
    if (statuses.includes(record.status as string)) return record;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`execution ${id} did not reach ${statuses.join('|')} within ${timeoutMs} ms`);
}
