// Reads [inputs] (and an approval's form `fields`, typed the same way) into InputDefinitions and checks that
// defaults and enum values match the declared type.
import {
  type InputDefinition,
  inputTypeWithArticle,
  isAllowedInputValue,
  isInputType,
  isJsonObject,
  matchesInputType,
  type SourceLocation,
} from '@skill/workflow-model';
import { type DiagnosticSink, describeValue } from './diagnostic-sink.js';
import { booleanField, type RawTable, stringField, subTable } from './field-readers.js';
import { formatPath } from './key-path.js';
import type { KeyPath } from './source-map.js';

/** Reads `raw.inputs`; `locate` gives the location recorded for each input. */
export function readInputs(
  root: RawTable,
  sink: DiagnosticSink,
  locate: (path: KeyPath) => SourceLocation | undefined,
): Record<string, InputDefinition> {
  return readInputDefinitions(subTable(root, 'inputs'), ['inputs'], sink, locate);
}

/** Reads a table of typed value declarations found at `at` (`[inputs]`, an approval's `fields`). */
export function readInputDefinitions(
  table: RawTable | undefined,
  at: KeyPath,
  sink: DiagnosticSink,
  locate: (path: KeyPath) => SourceLocation | undefined,
): Record<string, InputDefinition> {
  const inputs: Record<string, InputDefinition> = {};
  for (const [name, raw] of Object.entries(table ?? {})) {
    if (!isJsonObject(raw)) continue;
    const path = [...at, name];
    const type = stringField(raw, 'type');
    if (type === undefined || !isInputType(type)) continue;
    const allowed = Array.isArray(raw.enum) ? [...raw.enum] : undefined;
    allowed?.forEach((value, index) => {
      if (!matchesInputType(value, type)) {
        const at = [...path, 'enum', index];
        sink.error(
          'INVALID_VALUE',
          at,
          `${formatPath(at)} must be ${inputTypeWithArticle(type)}, got ${describeValue(value)}`,
        );
      }
    });
    const hasDefault = Object.hasOwn(raw, 'default');
    if (hasDefault && !matchesInputType(raw.default, type)) {
      const at = [...path, 'default'];
      sink.error(
        'INVALID_VALUE',
        at,
        `${formatPath(at)} must be ${inputTypeWithArticle(type)}, got ${describeValue(raw.default)}`,
      );
    } else if (hasDefault && allowed && !isAllowedInputValue(allowed, raw.default)) {
      const at = [...path, 'default'];
      sink.error(
        'INVALID_VALUE',
        at,
        `${formatPath(at)} ${describeValue(raw.default)} is not one of the allowed values (${allowed.map(describeValue).join(', ')})`,
      );
    }
    const description = stringField(raw, 'description');
    const location = locate(path);
    inputs[name] = {
      type,
      required: booleanField(raw, 'required') ?? false,
      ...(hasDefault ? { default: raw.default } : {}),
      ...(description === undefined ? {} : { description }),
      ...(allowed ? { enum: allowed } : {}),
      ...(location ? { location } : {}),
    };
  }
  return inputs;
}
