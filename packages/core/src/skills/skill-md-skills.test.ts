// Native manifest skills described by a SKILL.md: its tools run end to end as `<program> <tool> name=value...`,
// their parameters are checked at validation with the step's location, and hostile values stay argv data.
import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../../test/engine-fixture.js';

const engines = useEngines('skill-md-skills-');

// Prints its argv and instance as JSON, so the tests see exactly what reached it.
const PROGRAM = `#!/usr/bin/env node
console.log(JSON.stringify({ argv: process.argv.slice(2), instance: process.env.SKILL_INSTANCE ?? null }));
`;

const SKILL_MD = `---
name: inventory
description: Looks things up in the inventory
---

# Inventory Skill

## Tools Provided

### count
Counts items of a kind.

**Parameters**:
- \`kind\` (required): What to count
- \`limit\` (optional, integer): At most this many
- \`exact\` (optional, boolean): No estimates

**Example**:
\`\`\`bash
skill run inventory count kind=apples limit=3
\`\`\`

### show
Shows one item.

**Parameters**:
- \`id\` (string, required): The item
`;

const MANIFEST = `version = "1"

[skills.inventory]
source = "./inventory/inventory.mjs"
runtime = "native"

[skills.inventory.instances.default]
[skills.inventory.instances.staging]
`;

function workflow(tool: string, args: string, extra = ''): string {
  return `version = "1"\nname = "skill-md-call"\n${extra}\n[[steps]]\nid = "call"\nskill = "inventory"\ntool = "${tool}"\nargs = ${args}\n`;
}

async function project(skillMd = SKILL_MD) {
  const made = await engines.project({
    '.skill-engine.toml': MANIFEST,
    'inventory/inventory.mjs': PROGRAM,
    'inventory/SKILL.md': skillMd,
  });
  await chmod(`${made.dir}/inventory/inventory.mjs`, 0o755);
  return made;
}

describe('native skills with a SKILL.md', () => {
  it('runs each documented tool as <program> <tool> name=value, through the engine', async () => {
    const { engine } = await project();
    const count = await engine.run(
      workflow('count', '{ kind = "{inputs.kind}", limit = 3, exact = true }', '[inputs]\nkind = { type = "string" }'),
      { kind: 'red apples' },
    );
    expect(count.status).toBe('completed');
    expect(count.steps.call?.output).toEqual({
      argv: ['count', 'kind=red apples', 'limit=3', 'exact=true'],
      instance: 'default',
    });
    expect(count.steps.call?.metadata).toMatchObject({ exit_code: 0, skill_runtime: 'native' });
    const show = await engine.run(workflow('show', '{ id = "a-1", instance = "staging" }'));
    expect(show.steps.call?.output).toEqual({ argv: ['show', 'id=a-1'], instance: 'staging' });
  });

  it('shows the tools and their schemas in the catalogue, with the SKILL.md description', async () => {
    const { engine } = await project();
    const skill = (await engine.listSkills()).find((s) => s.name === 'inventory');
    expect(skill).toMatchObject({ origin: 'manifest', description: 'Looks things up in the inventory' });
    expect(skill?.tools.map((t) => t.name)).toEqual(['count', 'show']);
    expect(skill?.tools[0]).toMatchObject({
      description: 'Counts items of a kind.',
      input_schema: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string' }, limit: { type: 'integer' }, exact: { type: 'boolean' } },
        additionalProperties: false,
      },
    });
  });

  it('refuses a wrong tool, a missing required parameter, an unknown one and a wrong type, at the step', async () => {
    const { engine } = await project();
    const wrongTool = await engine.validate(workflow('cuont', '{ kind = "x" }'));
    expect(wrongTool.diagnostics[0]).toMatchObject({ line: 4, column: 1, step_id: 'call' });
    expect(wrongTool.diagnostics[0]?.message).toContain('skill "inventory" has no tool "cuont"; did you mean "count"?');
    const badArgs = await engine.validate(workflow('count', '{ limit = "3", colour = "red" }'));
    expect(badArgs.ok).toBe(false);
    expect(badArgs.diagnostics.every((d) => d.step_id === 'call' && d.line > 0)).toBe(true);
    expect(badArgs.diagnostics.map((d) => d.message)).toEqual([
      'inventory.count args: missing required "kind"',
      'inventory.count args.limit: expected integer, got string',
      'inventory.count args: unknown key "colour" (accepted: kind, limit, exact, instance)',
    ]);
    expect((await engine.validate(workflow('show', '{ id = "a" }'))).ok).toBe(true);
  });

  it('keeps `run` for a native skill without SKILL.md, and reports a malformed SKILL.md with its line', async () => {
    const { engine, dir } = await project('## Tools\n\n### count\n**Parameters**:\n- kind (required): no backticks\n');
    const error = await engine.validate(workflow('count', '{}')).catch((caught: Error) => caught);
    expect((error as Error).message).toContain(
      `${dir}/inventory/SKILL.md:5:1: error INVALID_VALUE: tool "count": a parameter line reads`,
    );
    const { engine: plain } = await engines.project({
      '.skill-engine.toml': MANIFEST,
      'inventory/inventory.mjs': PROGRAM,
    });
    const skill = (await plain.listSkills()).find((s) => s.name === 'inventory');
    expect(skill?.tools.map((t) => t.name)).toEqual(['run']);
  });
});

describe('attacks on SKILL.md tools', () => {
  it('gives hostile parameter values to the program as single argv entries: no shell, no extra options', async () => {
    const { engine, dir } = await project();
    const hostile = '$(touch pwned); `touch pwned` | touch pwned --help \' " \\ * \n id=evil';
    const record = await engine.run(workflow('show', '{ id = "{inputs.id}" }', '[inputs]\nid = { type = "string" }'), {
      id: hostile,
    });
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toEqual({ argv: ['show', `id=${hostile}`], instance: 'default' });
    const optionLike = await engine.run(workflow('show', '{ id = "--exec=/bin/sh" }'));
    expect(optionLike.steps.call?.output).toMatchObject({ argv: ['show', 'id=--exec=/bin/sh'] });
    expect(existsSync(`${dir}/pwned`)).toBe(false);
  });

  it('refuses a templated value whose declared type breaks the schema, before the program starts', async () => {
    const { engine } = await project();
    const refused = await engine
      .run(workflow('count', '{ kind = "x", limit = "{inputs.n}" }', '[inputs]\nn = { type = "string" }'), {
        n: '3; rm -rf /',
      })
      .catch((error: Error) => error);
    expect((refused as Error).message).toContain(
      'inventory.count args.limit: expected integer, got string ({inputs.n})',
    );
  });
});
