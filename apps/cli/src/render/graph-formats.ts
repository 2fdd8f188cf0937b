// `skill workflow graph` output: the step graph as indented text, a Mermaid flowchart or a Graphviz digraph.
import type { GraphStep, WorkflowGraph } from '@skill/workflow-model';

function isInferred(step: GraphStep, dep: string): boolean {
  return step.inferred_depends_on?.includes(dep) ?? false;
}

/** The part of core's `workflowGraph()` result that the formats need. */
export type GraphShape = Pick<WorkflowGraph, 'levels' | 'nodes'>;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function roots(steps: GraphStep[]): GraphStep[] {
  const ids = new Set(steps.map((s) => s.id));
  return steps.filter((s) => !s.depends_on.some((d) => ids.has(d)));
}

function textLine(step: GraphStep, indent: string): string {
  const listed = step.depends_on.filter((d) => !isInferred(step, d));
  const inferred = step.inferred_depends_on ?? [];
  const parts = [...listed, ...(inferred.length ? [`${inferred.join(', ')} (inferred)`] : [])];
  const deps = parts.length ? ` ← ${parts.join(', ')}` : '';
  const when = step.when ? `  when ${oneLine(step.when)}` : '';
  const type = step.workflow === undefined ? step.step_type : `${step.step_type} ${step.workflow}`;
  return `${indent}${step.id} (${type})${deps}${when}`;
}

/** Levels, one step per line with its dependencies (`←`) and condition; loop bodies indented below. */
export function graphText(graph: GraphShape): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  graph.levels.forEach((ids, level) => {
    lines.push(`level ${level}`);
    for (const id of ids) {
      const node = byId.get(id);
      if (!node) continue;
      lines.push(textLine(node, '  '));
      if (node.loop) {
        lines.push('    for each item:');
        for (const step of node.loop) lines.push(textLine(step, '      '));
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Gives every step id a distinct identifier made of letters, digits and `_`. */
function safeIds(steps: GraphStep[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const { id } of steps) {
    if (out.has(id)) continue;
    const base = `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    out.set(id, candidate);
  }
  return out;
}

function allSteps(graph: GraphShape): GraphStep[] {
  return graph.nodes.flatMap((n) => [n, ...(n.loop ?? [])]);
}

/** Text safe inside a quoted Mermaid label (entity codes for `"`, `<`, `>`, `|`, `#`). */
function mermaidText(text: string): string {
  return oneLine(text)
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;');
}

function mermaidNode(step: GraphStep, ids: Map<string, string>): string {
  const when = step.when && step.depends_on.length === 0 ? `<br/>when: ${mermaidText(step.when)}` : '';
  return `${ids.get(step.id)}["${mermaidText(step.id)}<br/>${mermaidText(step.step_type)}${when}"]`;
}

function mermaidEdges(step: GraphStep, ids: Map<string, string>, indent: string): string[] {
  const label = step.when ? `|"when: ${mermaidText(step.when)}"|` : '';
  return step.depends_on.map((dep) =>
    isInferred(step, dep)
      ? `${indent}${ids.get(dep) ?? dep} -.->|"inferred${step.when ? `, when: ${mermaidText(step.when)}` : ''}"| ${ids.get(step.id)}`
      : `${indent}${ids.get(dep) ?? dep} -->${label} ${ids.get(step.id)}`,
  );
}

/** A Mermaid `flowchart TD`: nodes `id<br/>type`, `when` on incoming edges, loop bodies as subgraphs. */
export function graphMermaid(graph: GraphShape): string {
  const ids = safeIds(allSteps(graph));
  const lines = ['flowchart TD'];
  const edges: string[] = [];
  for (const node of graph.nodes) {
    lines.push(`  ${mermaidNode(node, ids)}`);
    edges.push(...mermaidEdges(node, ids, '  '));
    if (!node.loop) continue;
    lines.push(`  subgraph ${ids.get(node.id)}_loop["${mermaidText(node.id)}: for each item"]`);
    lines.push('    direction TB');
    for (const step of node.loop) lines.push(`    ${mermaidNode(step, ids)}`);
    for (const step of node.loop) lines.push(...mermaidEdges(step, ids, '    '));
    lines.push('  end');
    for (const root of roots(node.loop)) edges.push(`  ${ids.get(node.id)} -.-> ${ids.get(root.id)}`);
  }
  return `${[...lines, ...edges].join('\n')}\n`;
}

/** A double-quoted DOT string. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function dotNode(step: GraphStep, indent: string): string {
  const when = step.when && step.depends_on.length === 0 ? `\nwhen: ${oneLine(step.when)}` : '';
  return `${indent}${dotString(step.id)} [label=${dotString(`${step.id}\n${step.step_type}${when}`)}];`;
}

function dotEdges(step: GraphStep, indent: string): string[] {
  const attrs = step.when ? ` [label=${dotString(`when: ${oneLine(step.when)}`)}, style=dashed]` : '';
  const inferredAttrs = ` [label=${dotString(`inferred${step.when ? `, when: ${oneLine(step.when)}` : ''}`)}, style=dashed, color=gray40]`;
  return step.depends_on.map(
    (dep) => `${indent}${dotString(dep)} -> ${dotString(step.id)}${isInferred(step, dep) ? inferredAttrs : attrs};`,
  );
}

/** A Graphviz `digraph`: the same nodes and edges, loop bodies as dashed clusters. */
export function graphDot(graph: GraphShape, name: string): string {
  const lines = [`digraph ${dotString(name)} {`, '  rankdir=TB;', '  node [shape=box];'];
  const edges: string[] = [];
  for (const node of graph.nodes) {
    lines.push(dotNode(node, '  '));
    edges.push(...dotEdges(node, '  '));
    if (!node.loop) continue;
    lines.push(`  subgraph ${dotString(`cluster_${node.id}`)} {`);
    lines.push(`    label=${dotString(`${node.id}: for each item`)};`);
    lines.push('    style=dashed;');
    for (const step of node.loop) lines.push(dotNode(step, '    '));
    for (const step of node.loop) lines.push(...dotEdges(step, '    '));
    lines.push('  }');
    for (const root of roots(node.loop)) edges.push(`  ${dotString(node.id)} -> ${dotString(root.id)} [style=dotted];`);
  }
  return `${[...lines, ...edges, '}'].join('\n')}\n`;
}
