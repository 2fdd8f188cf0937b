// GET /api/skills and /api/skills/:name: the catalogue with each tool's argument schema; unknown names are a 404.
import { defineSkill } from '@skill/workflow-core';
import { describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';

const greeter = defineSkill({
  name: 'greeter',
  description: 'Says hello',
  tools: {
    hello: {
      description: 'Greets someone',
      inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      run: async (args) => ({ output: `hello ${String(args.name)}` }),
    },
  },
});

describe('skill routes', () => {
  const fx = useHttpFixture({}, { engine: { skills: [greeter] } });

  it('lists built-in and module skills with their tools', async () => {
    const { status, body } = await fx().api('/api/skills');
    expect(status).toBe(200);
    const items = (body as { items: { name: string; origin: string }[] }).items;
    expect(items.find((skill) => skill.name === 'http')).toMatchObject({ origin: 'builtin' });
    expect(items.find((skill) => skill.name === 'greeter')).toEqual({
      name: 'greeter',
      origin: 'module',
      description: 'Says hello',
      tools: [
        {
          name: 'hello',
          description: 'Greets someone',
          input_schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        },
      ],
    });
  });

  it('describes one skill, and answers 404 for an unknown one', async () => {
    const found = await fx().api('/api/skills/greeter');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ name: 'greeter', tools: [{ name: 'hello' }] });
    const missing = await fx().api('/api/skills/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'SKILL_NOT_FOUND', message: 'no skill named "nope"' } });
  });
});
