#!/usr/bin/env node
// Build step: compiles schema/workflow.schema.json with ajv into dist/schema-validator.cjs (ajv standalone
// code), so the CLI does not pay ajv's schema compilation on every start; its functions are compiled eagerly so
// the compile cache keeps them (scripts/eager-functions.mjs). src/schema.ts falls back to compiling at run time
// when the file is absent (tests run from src).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseAst } from 'rolldown/parseAst';
import { eagerFunctions } from '../../../scripts/eager-functions.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { ajvOptions } = await import('../dist/schema-options.js');

const schema = JSON.parse(readFileSync(new URL('../schema/workflow.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ ...ajvOptions, code: { source: true } });
const standalone = standaloneCode(ajv, ajv.compile(schema));
const { code } = eagerFunctions(standalone, parseAst(standalone));
mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/schema-validator.cjs', import.meta.url), code);
console.log(`schema validator: ${code.length} bytes of standalone code`);
