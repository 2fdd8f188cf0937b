// `skill workflow graph`: print a workflow's step graph as text, Mermaid, Graphviz DOT or JSON.
import { workflowGraph } from '@skill/workflow-core';
import type { CliIo } from '../cli-io.js';
import type { GraphFormat } from '../command-line.js';
import { withWorkflowEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { graphDot, graphMermaid, graphText } from '../render/graph-formats.js';
import { terminalJson, terminalSafeDeep } from '../render/terminal-safe.js';

/** Loads the workflow (throws `WorkflowError` when invalid) and prints its graph. */
export async function graphCommand(cmd: { workflow: string; format: GraphFormat }, io: CliIo): Promise<ExitCode> {
  const loaded = await withWorkflowEngine(io.cwd, (engine) => engine.load(cmd.workflow));
  const definition = terminalSafeDeep(loaded.definition);
  const graph = workflowGraph(definition);
  switch (cmd.format) {
    case 'text':
      io.stdout.write(graphText(graph));
      break;
    case 'mermaid':
      io.stdout.write(graphMermaid(graph));
      break;
    case 'dot':
      io.stdout.write(graphDot(graph, definition.name));
      break;
    case 'json':
      io.stdout.write(`${terminalJson(graph, 2)}\n`);
      break;
  }
  return ExitCode.Completed;
}
