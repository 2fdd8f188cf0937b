// Test fixture: a temporary project with .workflows/*.toml using command steps, for the MCP suites.
import path from 'node:path';
import { createTempDir, type TempDir, writeFiles } from '@skill/test-kit';

/** A project folder (removed by `cleanup`) and the marker file the fails-once workflow waits for. */
export interface TestProject extends TempDir {
  marker: string;
}

const step = (id: string, command: string, deps: string[] = []) =>
  `[[steps]]\nid = "${id}"\nstep_type = "command"\ncommand = '''${command} '''\n${deps.length ? `depends_on = ${JSON.stringify(deps)}\n` : ''}`;

const workflow = (name: string, description: string, steps: string[], extra = '') =>
  `version = "1"\nname = "${name}"\ndescription = "${description}"\n${extra}${steps.join('')}`;

/** Creates the project: hello-workflow, three-steps, slow, greet-input, fails-once, two pipelines, a broken one. */
export async function createTestProject(): Promise<TestProject> {
  const project = await createTempDir('skill-mcp-');
  const dir = project.dir;
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
    '.workflows/gated-release.toml': workflow('gated-release', 'asks before releasing', [
      '[[steps]]\nid = "ask"\nstep_type = "approval"\nmessage = "Release?"\n[steps.fields]\nnote = { type = "string", required = true }\n',
      step('release', 'echo {ask.output.fields.note}', ['ask']),
    ]),
    '.workflows/broken.toml': `version = "1"\nname = "broken"\n[[steps]]\nid = "x"\nstep_type = "command"\ncommand = "echo"\ndepends = []\n`,
    'other/outside-workflows.toml': workflow('outside-workflows', 'a file outside .workflows', [
      step('run', 'echo ran'),
    ]),
  };
  await writeFiles(dir, files);
  return { ...project, marker };
}
