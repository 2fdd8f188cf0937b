// The build's precompiled validator (dist/schema-validator.cjs) must judge exactly like run-time compilation.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { workflowSchema } from './schema.js';
import { ajvOptions } from './schema-options.js';

const compiledPath = fileURLToPath(new URL('../dist/schema-validator.cjs', import.meta.url));
const fixtures = ['guide', 'invalid'].flatMap((dir) => {
  const folder = fileURLToPath(new URL(`../test/fixtures/${dir}/`, import.meta.url));
  return readdirSync(folder)
    .filter((f) => f.endsWith('.toml'))
    .map((f) => `${folder}${f}`);
});

describe('precompiled schema validator', () => {
  it('matches run-time compilation on every fixture', () => {
    expect(existsSync(compiledPath), `${compiledPath} is missing: run pnpm build first`).toBe(true);
    const precompiled = createRequire(import.meta.url)(compiledPath) as ValidateFunction;
    const runtime = new Ajv2020.default(ajvOptions).compile(workflowSchema);
    let compared = 0;
    for (const file of fixtures) {
      let raw: unknown;
      try {
        raw = parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // TOML syntax fixtures never reach the schema
      }
      expect(precompiled(raw), file).toBe(runtime(raw));
      expect(precompiled.errors ?? null, file).toEqual(runtime.errors ?? null);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
