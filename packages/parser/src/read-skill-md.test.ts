// The SKILL.md reader: both parameter styles of the Skill Engine's native skills, category headings, code blocks
// left alone, and located errors for a malformed file.
import { describe, expect, it } from 'vitest';
import { parseSkillMd } from './read-skill-md.js';

// The kubectl-wrapper style: front matter, `### tool` headings, `(required)` parameters, bash examples.
const CLUSTER_STYLE = `---
name: cluster
description: "Cluster chores through a CLI"
allowed-tools: Bash
---

# Cluster Skill

## When to Use

- Looking at resources

## Tools Provided

### get
Get resources of a kind.

**Parameters**:
- \`resource\` (required): Resource kind (pods, nodes)
- \`namespace\` (optional): Namespace (default: default)

**Example**:
\`\`\`bash
skill run cluster get resource=pods namespace=kube-system
### not-a-tool (inside a code block)
\`\`\`

### cluster-info
Show where the cluster is.

## Configuration

### not-a-tool-either
`;

// The version-control style: `### category` headings over `#### tool` headings, typed parameters.
const CATEGORY_STYLE = `# VCS Skill

## Tools

### Reading

#### log
Show commit logs.

**Parameters:**
- \`count\` (number, optional): How many commits (default: 10)
- \`oneline\` (boolean, optional): One line each
- \`paths\` (array, optional, default: []): Paths to look at

#### blame
Show who changed each line.

**Parameters:**
- \`file\` (string, required): File to annotate
`;

describe('parseSkillMd', () => {
  it('reads the tools, descriptions and required parameters of the "### tool" style', () => {
    const { tools, description, diagnostics } = parseSkillMd(CLUSTER_STYLE, '/p/SKILL.md');
    expect(diagnostics).toEqual([]);
    expect(description).toBe('Cluster chores through a CLI');
    expect(tools).toEqual([
      {
        name: 'get',
        description: 'Get resources of a kind.',
        parameters: [
          { name: 'resource', type: 'string', required: true, description: 'Resource kind (pods, nodes)' },
          { name: 'namespace', type: 'string', required: false, description: 'Namespace (default: default)' },
        ],
      },
      { name: 'cluster-info', description: 'Show where the cluster is.', parameters: [] },
    ]);
  });

  it('treats "###" headings with "####" tools under them as categories, and reads parameter types', () => {
    const { tools, diagnostics } = parseSkillMd(CATEGORY_STYLE);
    expect(diagnostics).toEqual([]);
    expect(tools.map((t) => t.name)).toEqual(['log', 'blame']);
    expect(tools[0]?.parameters.map((p) => [p.name, p.type, p.required])).toEqual([
      ['count', 'number', false],
      ['oneline', 'boolean', false],
      ['paths', 'array', false],
    ]);
    expect(tools[1]?.parameters[0]).toMatchObject({ name: 'file', type: 'string', required: true });
  });

  it('reports malformed parameter lines, unknown attributes, duplicates and bad tool names at their line', () => {
    const text = [
      '## Tools', //                                   1
      '', //                                           2
      '### get', //                                    3
      '**Parameters**:', //                            4
      '- resource (required): no backticks', //        5
      '  - `kind` (required, text): bad type', //      6
      '- `x` (required, optional): both', //           7
      '- `y`: fine', //                                8
      '- `y`: twice', //                               9
      '', //                                          10
      '### get', //                                   11
      '### two words', //                             12
    ].join('\n');
    const { diagnostics, tools } = parseSkillMd(text, '/p/SKILL.md');
    expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [
        5,
        1,
        'tool "get": a parameter line reads - `name` (required|optional, type): description (got "- resource (required): no backticks")',
      ],
      [
        6,
        3,
        'parameter "kind": unknown attribute "text" (expected required, optional, default: ..., or a type: string, integer, number, boolean, array, object)',
      ],
      [7, 1, 'parameter "x" is marked both required and optional'],
      [9, 1, 'tool "get" documents parameter "y" twice'],
      [11, 5, 'tool "get" is documented twice'],
      [12, 5, 'tool heading "two words" is not a tool name (a letter, then letters, digits, "_", "-" or ".")'],
    ]);
    expect(diagnostics.every((d) => d.file === '/p/SKILL.md' && d.severity === 'error')).toBe(true);
    expect(tools.map((t) => t.name)).toEqual(['get']);
  });

  it('refuses an unclosed front matter and a file without tools, at line 1', () => {
    expect(parseSkillMd('---\nname: x\n## Tools\n### a\n').diagnostics[0]).toMatchObject({
      line: 1,
      column: 1,
      message: 'SKILL.md opens its front matter with "---" but never closes it',
    });
    expect(parseSkillMd('# Just docs\n\n## Usage\n\n### a\n').diagnostics[0]?.message).toBe(
      'SKILL.md documents no tools (a "## Tools" section with a "### <tool>" heading per tool)',
    );
  });
});
