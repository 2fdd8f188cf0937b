// Skills from a project's skills/ folder and from createEngine({ skills }) run as `step_type = "skill"` steps.
import { defineSkill } from '@skill/workflow-executors';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';
import { SkillRegistry } from './skill-registry.js';

const workflow = (skill: string, tool: string, args: string) =>
  `version = "1"\nname = "w"\n[[steps]]\nid = "call"\nstep_type = "skill"\nskill = "${skill}"\ntool = "${tool}"\nargs = ${args}\n`;

const engines = useEngines('skill-folder-');

describe('skills', () => {
  it('loads modules from <project>/skills/ and runs their tools with validated args', async () => {
    const { engine } = await engines.project({
      'skills/greeter.mjs': `export default {
  name: 'greeter',
  tools: {
    hello: {
      description: 'Greets someone',
      inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
      async run(args, ctx) { return { output: 'hello ' + args.name + ' from ' + ctx.step_id, metadata: { greeted: 1 } }; },
    },
  },
};
`,
    });
    const record = await engine.run(workflow('greeter', 'hello', '{ name = "Ada" }'));
    expect(record.steps.call).toMatchObject({ status: 'completed', output: 'hello Ada from call' });
    expect(record.steps.call?.metadata.greeted).toBe(1);

    const unknownTool = await engine.validate(workflow('greeter', 'wave', '{}'));
    expect(unknownTool.ok).toBe(false);
    expect(unknownTool.diagnostics[0]?.message).toMatch(/wave.*hello/s);
    const badArgs = await engine.validate(workflow('greeter', 'hello', '{ nme = "Ada" }'));
    expect(badArgs.ok).toBe(false);
  });

  it('reports a skills/ module that exports no skill, naming the file', async () => {
    const { engine } = await engines.project({ 'skills/broken.mjs': 'export const nothing = 1;\n' });
    await expect(engine.listWorkflows()).rejects.toMatchObject({
      code: 'SKILL_LOAD_FAILED',
      message: expect.stringContaining('broken.mjs'),
    });
  });

  it('validates a workflow without skill steps without reading the skills folder, skills.toml or .skill-engine.toml', async () => {
    const { engine } = await engines.project({
      'skills/broken.mjs': 'export const nothing = 1;\n',
      'skills.toml': 'this is = not [valid toml\n',
      '.skill-engine.toml': 'neither = [is this\n',
    });
    const commandOnly = 'version = "1"\nname = "c"\n[[steps]]\nid = "a"\nstep_type = "command"\ncommand = "true"\n';
    expect(await engine.validate(commandOnly)).toMatchObject({ ok: true });
    // A skill step needs them: the broken files are reported as before.
    await expect(engine.validate(workflow('greeter', 'hello', '{}'))).rejects.toMatchObject({
      code: expect.stringMatching(/^(SKILL_LOAD_FAILED|SKILLS_CONFIG_INVALID|SKILL_MANIFEST_INVALID)$/),
    });
  });

  it('accepts skills defined through the library API', async () => {
    const upper = defineSkill({
      name: 'text',
      tools: {
        upper: {
          description: 'Upper-cases text',
          inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
          run: async (args) => ({ output: String(args.text).toUpperCase() }),
        },
      },
    });
    const engine = createEngine({ skills: [upper] });
    const record = await engine.run(workflow('text', 'upper', '{ text = "quiet" }'));
    expect(record.steps.call?.output).toBe('QUIET');
  });
});

describe('SkillRegistry precedence', () => {
  const named = (name: string, description: string) => ({ name, description, tools: {} });
  it('keeps a module over an MCP server over a manifest skill over a built-in, whatever the order of adds', () => {
    const registry = new SkillRegistry();
    expect(registry.add(named('x', 'builtin'), 'builtin')).toBe(true);
    expect(registry.add(named('x', 'module'), 'module')).toBe(true);
    expect(registry.add(named('x', 'mcp'), 'mcp')).toBe(false);
    expect(registry.add(named('x', 'manifest'), 'manifest')).toBe(false);
    expect(registry.get('x')?.description).toBe('module');
    registry.add(named('y', 'manifest'), 'manifest');
    registry.add(named('y', 'mcp'), 'mcp');
    expect(registry.add(named('y', 'manifest again'), 'manifest')).toBe(false);
    expect([registry.get('y')?.description, registry.originOf('y')]).toEqual(['mcp', 'mcp']);
    expect(registry.add(named('y', 'mcp reloaded'), 'mcp')).toBe(true);
    expect(registry.get('y')?.description).toBe('mcp reloaded');
  });
});
