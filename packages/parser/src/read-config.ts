// Reads [config] into a WorkflowConfig with defaults, and remembers what the retry defaults were
// derived from (steps apply the same rules when they override part of the policy).
import { type Backoff, isBackoff, type OnFailure, type WorkflowConfig } from '@skill/workflow-model';
import { defaultConfig } from './defaults.js';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { durationField, memoryField, numberField, type RawTable, stringField, subTable } from './field-readers.js';

/** What steps need to know to merge their `[steps.retry]` with the workflow defaults. */
export interface RetryDefaults {
  /** `config.retry_policy` when written. */
  policy?: Backoff;
  /** True when `config.max_retries` was written. */
  countGiven: boolean;
}

/** The effective config plus the facts steps need for retry merging. */
export interface ConfigReading {
  config: WorkflowConfig;
  retryDefaults: RetryDefaults;
}

function positiveInteger(table: RawTable, key: string): number | undefined {
  const value = numberField(table, key);
  return value !== undefined && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** `runs_on = "gpu"` or a list of labels, as a list (the schema checks the labels). */
export function labelsOf(value: unknown): { runs_on?: string[] } {
  if (typeof value === 'string') return { runs_on: [value] };
  if (Array.isArray(value) && value.every((label) => typeof label === 'string')) return { runs_on: [...value] };
  return {};
}

/** Reads `raw.config`, reporting bad durations, sizes and contradicting settings. */
export function readConfig(root: RawTable, sink: DiagnosticSink): ConfigReading {
  const table = subTable(root, 'config') ?? {};
  const path = ['config'];
  const maxParallel = positiveInteger(table, 'max_parallel');
  const maxConcurrent = positiveInteger(table, 'max_concurrent_steps');
  if (maxParallel !== undefined && maxConcurrent !== undefined && maxParallel !== maxConcurrent) {
    sink.error(
      'INVALID_VALUE',
      [...path, 'max_concurrent_steps'],
      `config.max_concurrent_steps = ${maxConcurrent} contradicts config.max_parallel = ${maxParallel}; they are the same setting`,
      'keep only one of max_parallel and max_concurrent_steps',
    );
  }
  const policyText = stringField(table, 'retry_policy');
  const policy = policyText !== undefined && isBackoff(policyText) ? policyText : undefined;
  const retries = numberField(table, 'max_retries');
  const maxRetries = retries !== undefined && Number.isInteger(retries) && retries >= 0 ? retries : undefined;
  const onFailure = stringField(table, 'on_failure');
  const maxExecution = durationField(table, 'max_execution_time', path, sink, true);
  const defaults = defaultConfig;
  const config: WorkflowConfig = {
    ...(maxExecution === undefined ? {} : { max_execution_time_ms: maxExecution }),
    max_parallel: maxParallel ?? maxConcurrent ?? defaults.max_parallel,
    on_failure: onFailure === 'continue' || onFailure === 'stop' ? (onFailure as OnFailure) : defaults.on_failure,
    retry: {
      ...defaults.retry,
      max_attempts: (maxRetries ?? 0) + 1,
      backoff: policy ?? (maxRetries !== undefined ? 'exponential' : 'none'),
    },
    max_total_steps: positiveInteger(table, 'max_total_steps') ?? defaults.max_total_steps,
    max_loop_iterations: positiveInteger(table, 'max_loop_iterations') ?? defaults.max_loop_iterations,
    output_limit_bytes: memoryField(table, 'output_limit', path, sink) ?? defaults.output_limit_bytes,
    ...labelsOf(table.runs_on),
  };
  return { config, retryDefaults: { ...(policy ? { policy } : {}), countGiven: maxRetries !== undefined } };
}
