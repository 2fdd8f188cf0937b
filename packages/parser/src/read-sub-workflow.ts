// Reads the parts of a sub-workflow that the file alone decides: a `workflow` step's literal name and `[outputs]`.
import { quoteText } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import type { RawTable } from './field-readers.js';
import type { KeyPath } from './source-map.js';

/** A workflow name: what `name` may hold, so never a path (no `/`, no `\`, no leading `.`). */
const WORKFLOW_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/**
 * True for a name a `workflow` step may call: letters, digits, `.`, `_` and `-`, starting with a letter or digit,
 * so never a template or a path.
 *
 * @example
 * isWorkflowName('build'); // true
 * isWorkflowName('../x'); // false
 */
export function isWorkflowName(name: string): boolean {
  return WORKFLOW_NAME.test(name);
}

/**
 * The `workflow` key of a `workflow` step. It must be a literal name: a template would let data choose which
 * workflow runs, and a path (`../x`) would reach files outside the workflows folder; both are errors.
 */
export function readSubWorkflowName(raw: RawTable, path: KeyPath, sink: DiagnosticSink): string {
  const name = raw.workflow;
  if (typeof name !== 'string') return ''; // missing or of the wrong type: reported by the schema
  const at = [...path, 'workflow'];
  if (name.includes('{')) {
    sink.error(
      'INVALID_VALUE',
      at,
      `workflow = ${quoteText(name)} is a template; the workflow a step runs must be named literally`,
      'name the workflow, e.g. workflow = "build"; pass data to it through inputs = { ... }',
    );
  } else if (!isWorkflowName(name)) {
    sink.error(
      'INVALID_VALUE',
      at,
      `workflow = ${quoteText(name)} is not a workflow name (letters, digits, ".", "_" and "-", no path)`,
      'name a workflow of the workflows folder by its name, e.g. workflow = "build"',
    );
  }
  return name;
}

/** `[outputs]`: name -> template text (values of other types are reported by the schema); checked by core. */
export function readOutputs(root: RawTable): Record<string, string> | undefined {
  const table = root.outputs;
  if (table === undefined || table === null || typeof table !== 'object' || Array.isArray(table)) return undefined;
  // Object.fromEntries defines own properties: an output named "__proto__" stays a plain key.
  return Object.fromEntries(
    Object.entries(table).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
