// Bounded work per workflow: hard caps on file size, nesting depth and step count, checked before the
// expensive checks run (one located diagnostic, then stop), with tighter caps for untrusted workflows.
import { type Diagnostic, isJsonObject, walkStepTree } from '@skill/workflow-model';
import { RAW_STEP_TREE } from './key-path.js';
import type { KeyPath } from './source-map.js';

/** The size limits a workflow is validated against. */
export interface WorkflowLimits {
  /** Largest file, in UTF-8 bytes. */
  maxFileBytes: number;
  /** Deepest nesting of tables and arrays (a foreach loop step is 4 levels below the top). */
  maxNestingDepth: number;
  /** Most steps (loop steps included), whatever `max_total_steps` says. */
  maxTotalSteps: number;
}

/** Longest step id (the schema's `maxLength`); ids are shown in messages, logs and URLs. */
export const MAX_STEP_ID_LENGTH = 128;

/** The caps of every workflow, trusted or not. */
export const WORKFLOW_LIMITS: Readonly<WorkflowLimits> = Object.freeze({
  maxFileBytes: 16 * 1024 * 1024,
  maxNestingDepth: 32,
  maxTotalSteps: 100_000,
});

/** The caps of workflows created through the API or MCP (untrusted). */
export const UNTRUSTED_WORKFLOW_LIMITS: Readonly<WorkflowLimits> = Object.freeze({
  maxFileBytes: 1024 * 1024,
  maxNestingDepth: 16,
  maxTotalSteps: 5_000,
});

/** UTF-8 length of `text` without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A WORKFLOW_TOO_LARGE diagnostic when `text` is over the size limit. */
export function fileSizeDiagnostic(text: string, limits: WorkflowLimits, file?: string): Diagnostic | undefined {
  if (text.length <= limits.maxFileBytes / 3) return undefined; // cannot be over: at most 3 bytes per UTF-16 unit
  // Node's native count is never below utf8Length's (a lone surrogate counts 3 there, and its neighbour too)
  if (Buffer.byteLength(text, 'utf8') <= limits.maxFileBytes) return undefined;
  const bytes = utf8Length(text);
  if (bytes <= limits.maxFileBytes) return undefined;
  return {
    code: 'WORKFLOW_TOO_LARGE',
    severity: 'error',
    message: `the workflow is ${bytes} bytes, more than the limit of ${limits.maxFileBytes} bytes`,
    ...(file === undefined ? {} : { file }),
    line: 1,
    column: 1,
    hint: 'split the workflow, or move large data into a file the steps read',
  };
}

/** A table or array being walked by {@link tooDeepPath}: its keys (indexes for an array), walked last first. */
interface DepthFrame {
  value: Record<string, unknown> | readonly unknown[];
  keys: readonly string[] | undefined;
  next: number;
  /** The key of this value in its parent (unused for the root). */
  key: string | number;
}

function depthFrame(value: unknown, key: string | number): DepthFrame | undefined {
  if (Array.isArray(value)) return { value, keys: undefined, next: value.length - 1, key };
  if (!isJsonObject(value)) return undefined;
  const keys = Object.keys(value);
  return { value, keys, next: keys.length - 1, key };
}

/**
 * The path of the first value nested deeper than `maxDepth`, if any (iterative: no stack to overflow).
 * Children are visited last first, each with its subtree before its previous sibling; paths are built
 * only for the value reported.
 */
export function tooDeepPath(root: unknown, maxDepth: number): KeyPath | undefined {
  if (maxDepth < 0) return [];
  const first = depthFrame(root, 0);
  const frames: DepthFrame[] = first ? [first] : [];
  while (frames.length > 0) {
    const top = frames[frames.length - 1] as DepthFrame;
    if (top.next < 0) {
      frames.pop();
      continue;
    }
    const index = top.next--;
    const key = top.keys ? (top.keys[index] as string) : index;
    const child = top.keys ? (top.value as Record<string, unknown>)[key] : (top.value as readonly unknown[])[index];
    if (frames.length > maxDepth) return [...frames.slice(1).map((f) => f.key), key];
    const frame = depthFrame(child, key);
    if (frame) frames.push(frame);
  }
  return undefined;
}

/** The number of steps (loop steps included), walked as {@link RAW_STEP_TREE} does but without building paths. */
function countSteps(steps: unknown): number {
  let count = 0;
  const lists: unknown[] = [steps];
  while (lists.length > 0) {
    const list = lists.pop();
    if (!Array.isArray(list)) continue;
    for (const value of list) {
      if (!isJsonObject(value)) continue;
      count++;
      if (value.loop !== undefined) lists.push(value.loop);
    }
  }
  return count;
}

/** The number of steps (loop steps included) and the path of the step at `index` in file order, if any. */
export function stepCensus(root: unknown, index: number): { count: number; at?: KeyPath } {
  const steps = isJsonObject(root) ? root.steps : undefined;
  const count = countSteps(steps);
  if (count <= index) return { count };
  let seen = 0;
  for (const { path } of walkStepTree(steps, RAW_STEP_TREE)) {
    if (seen++ === index) return { count, at: path };
  }
  return { count };
}
