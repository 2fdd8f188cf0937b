// Tests of the shipped JSON Schema: where it is, that it is draft 2020-12, documented on every
// property, closed everywhere, and that it accepts the guide's workflows.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Backoff, BUILTIN_STEP_TYPES, INPUT_TYPES, TRUST_LEVELS } from '@skill/workflow-model';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { schemaErrors, workflowSchema, workflowSchemaPath } from './schema.js';

type Node = Record<string, unknown>;

function walk(node: unknown, at: string, visit: (node: Node, at: string) => void): void {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) walk(n, `${at}/${i}`, visit);
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Node, at);
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`, visit);
  }
}

describe('workflow.schema.json', () => {
  it('is the file under packages/parser/schema, loaded as is', () => {
    expect(path.isAbsolute(workflowSchemaPath)).toBe(true);
    expect(workflowSchemaPath.endsWith(path.join('packages', 'parser', 'schema', 'workflow.schema.json'))).toBe(true);
    expect(existsSync(workflowSchemaPath)).toBe(true);
    expect(workflowSchema).toStrictEqual(JSON.parse(readFileSync(workflowSchemaPath, 'utf8')));
    expect(workflowSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('lists the step types, input types, trust levels and backoffs that model defines', () => {
    const at = (pointer: string): Node =>
      pointer
        .split('/')
        .slice(1)
        .reduce<Node>((node, key) => node[key] as Node, workflowSchema as unknown as Node);
    expect(at('/$defs/step/properties/step_type').examples).toEqual(BUILTIN_STEP_TYPES);
    expect(at('/$defs/input/properties/type').enum).toEqual(INPUT_TYPES);
    expect(at('/properties/trust').enum).toEqual(TRUST_LEVELS);
    expect(at('/$defs/retry/properties/backoff').enum).toEqual(Object.values(Backoff));
    expect(at('/$defs/config/properties/retry_policy').enum).toEqual(Object.values(Backoff));
  });

  it('documents every property and closes every object with fixed keys', () => {
    const undocumented: string[] = [];
    const open: string[] = [];
    walk(workflowSchema, '#', (node, at) => {
      const properties = node.properties as Record<string, Node> | undefined;
      if (!properties) return;
      if (node.additionalProperties !== false) open.push(at);
      for (const [key, prop] of Object.entries(properties)) {
        if (typeof prop.title !== 'string' || typeof prop.description !== 'string') undocumented.push(`${at}/${key}`);
      }
    });
    expect(undocumented).toEqual([]);
    expect(open).toEqual([]);
  });

  it('accepts the guide video pipeline and rejects an unknown key', () => {
    const url = new URL('../test/fixtures/guide/video-processing-pipeline.toml', import.meta.url);
    const raw = parse(readFileSync(url, 'utf8'));
    expect(schemaErrors(raw)).toEqual([]);
    const errors = schemaErrors({ ...raw, colour: 'blue' });
    expect(errors.map((e) => [e.keyword, e.params])).toEqual([
      ['additionalProperties', { additionalProperty: 'colour' }],
    ]);
  });
});
