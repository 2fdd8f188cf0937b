// graphText, graphMermaid and graphDot as exact expected strings.
import { describe, expect, it } from 'vitest';
import { type GraphShape, graphDot, graphMermaid, graphText } from './graph-formats.js';

const graph: GraphShape = {
  levels: [['fetch-data', 'gate'], ['process', 'notify'], ['regions']],
  nodes: [
    { id: 'fetch-data', step_type: 'http', depends_on: [], level: 0 },
    { id: 'gate', step_type: 'command', depends_on: [], when: '{inputs.go} == true', level: 0 },
    { id: 'process', step_type: 'command', depends_on: ['fetch-data'], level: 1 },
    {
      id: 'notify',
      step_type: 'http',
      depends_on: ['fetch-data', 'gate'],
      when: '{fetch-data.status} == "failed"',
      level: 1,
    },
    {
      id: 'regions',
      step_type: 'foreach',
      depends_on: ['process'],
      level: 2,
      loop: [
        { id: 'deploy', step_type: 'command', depends_on: [] },
        { id: 'verify', step_type: 'http', depends_on: ['deploy'], when: '{deploy.output.code} < 3' },
      ],
    },
  ],
};

describe('graphText', () => {
  it('lists levels with dependencies, conditions and loop bodies', () => {
    expect(graphText(graph)).toBe(
      [
        'level 0',
        '  fetch-data (http)',
        '  gate (command)  when {inputs.go} == true',
        'level 1',
        '  process (command) ← fetch-data',
        '  notify (http) ← fetch-data, gate  when {fetch-data.status} == "failed"',
        'level 2',
        '  regions (foreach) ← process',
        '    for each item:',
        '      deploy (command)',
        '      verify (http) ← deploy  when {deploy.output.code} < 3',
        '',
      ].join('\n'),
    );
  });
});

describe('graphMermaid', () => {
  it('draws a flowchart with safe ids, escaped labels, edge conditions and a loop subgraph', () => {
    expect(graphMermaid(graph)).toBe(
      [
        'flowchart TD',
        '  s_fetch_data["fetch-data<br/>http"]',
        '  s_gate["gate<br/>command<br/>when: {inputs.go} == true"]',
        '  s_process["process<br/>command"]',
        '  s_notify["notify<br/>http"]',
        '  s_regions["regions<br/>foreach"]',
        '  subgraph s_regions_loop["regions: for each item"]',
        '    direction TB',
        '    s_deploy["deploy<br/>command"]',
        '    s_verify["verify<br/>http"]',
        '    s_deploy -->|"when: {deploy.output.code} #lt; 3"| s_verify',
        '  end',
        '  s_fetch_data --> s_process',
        '  s_fetch_data -->|"when: {fetch-data.status} == #quot;failed#quot;"| s_notify',
        '  s_gate -->|"when: {fetch-data.status} == #quot;failed#quot;"| s_notify',
        '  s_process --> s_regions',
        '  s_regions -.-> s_deploy',
        '',
      ].join('\n'),
    );
  });

  it('keeps ids distinct when sanitising makes them equal', () => {
    const out = graphMermaid({
      levels: [['a-b', 'a_b']],
      nodes: [
        { id: 'a-b', step_type: 'command', depends_on: [], level: 0 },
        { id: 'a_b', step_type: 'command', depends_on: ['a-b'], level: 0 },
      ],
    });
    expect(out).toBe(
      ['flowchart TD', '  s_a_b["a-b<br/>command"]', '  s_a_b_2["a_b<br/>command"]', '  s_a_b --> s_a_b_2', ''].join(
        '\n',
      ),
    );
  });

  it('escapes #, | and > in conditions', () => {
    const out = graphMermaid({
      levels: [['x']],
      nodes: [{ id: 'x', step_type: 'command', depends_on: [], when: "'#a|b' in {inputs.s} || 2 > 1", level: 0 }],
    });
    expect(out).toBe(
      'flowchart TD\n  s_x["x<br/>command<br/>when: \'#35;a#124;b\' in {inputs.s} #124;#124; 2 #gt; 1"]\n',
    );
  });
});

describe('graphDot', () => {
  it('draws a digraph with quoted ids, dashed conditional edges and a loop cluster', () => {
    expect(graphDot(graph, 'my "flow"')).toBe(
      [
        'digraph "my \\"flow\\"" {',
        '  rankdir=TB;',
        '  node [shape=box];',
        '  "fetch-data" [label="fetch-data\\nhttp"];',
        '  "gate" [label="gate\\ncommand\\nwhen: {inputs.go} == true"];',
        '  "process" [label="process\\ncommand"];',
        '  "notify" [label="notify\\nhttp"];',
        '  "regions" [label="regions\\nforeach"];',
        '  subgraph "cluster_regions" {',
        '    label="regions: for each item";',
        '    style=dashed;',
        '    "deploy" [label="deploy\\ncommand"];',
        '    "verify" [label="verify\\nhttp"];',
        '    "deploy" -> "verify" [label="when: {deploy.output.code} < 3", style=dashed];',
        '  }',
        '  "fetch-data" -> "process";',
        '  "fetch-data" -> "notify" [label="when: {fetch-data.status} == \\"failed\\"", style=dashed];',
        '  "gate" -> "notify" [label="when: {fetch-data.status} == \\"failed\\"", style=dashed];',
        '  "process" -> "regions";',
        '  "regions" -> "deploy" [style=dotted];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes backslashes', () => {
    const out = graphDot(
      { levels: [['a\\b']], nodes: [{ id: 'a\\b', step_type: 'command', depends_on: [], level: 0 }] },
      'w',
    );
    expect(out).toContain('  "a\\\\b" [label="a\\\\b\\ncommand"];');
  });
});
