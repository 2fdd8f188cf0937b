// Built-in executors as the engine registers them: their checks load with the engine, their runtime (sandbox,
// Docker, HTTP client) is imported when the first step of their type runs, so validating loads none of it.
import type { ProcessRunner } from '@skill/sandbox';
import type { StepDefinition, StepExecutor } from '@skill/workflow-model';

/** A process runner, or a function that gives one when the first step needing it runs. */
export type ProcessRunnerSource = ProcessRunner | (() => Promise<ProcessRunner>);

/**
 * The runner `source` gives, made once: the runner itself, the function's, or (without a source)
 * createProcessRunner's choice, imported and created at the first call.
 */
export function processRunnerOf(source: ProcessRunnerSource | undefined): () => Promise<ProcessRunner> {
  let runner: Promise<ProcessRunner> | undefined;
  return () => {
    runner ??=
      typeof source === 'function'
        ? source()
        : source !== undefined
          ? Promise.resolve(source)
          : import('@skill/sandbox').then((sandbox) => sandbox.createProcessRunner());
    return runner;
  };
}

/**
 * An executor of `type` that checks steps with `validate` and runs them with the executor `load` gives,
 * loaded at the first run (a failed load is tried again at the next).
 */
export function lazyExecutor<S extends StepDefinition>(
  type: string,
  validate: (step: S) => string[],
  load: () => Promise<StepExecutor<S>>,
): StepExecutor<S> {
  let loaded: Promise<StepExecutor<S>> | undefined;
  return {
    type,
    validate,
    async run(step, ctx) {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return (await loaded).run(step, ctx);
    },
  };
}
