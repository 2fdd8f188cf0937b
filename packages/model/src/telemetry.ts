// The telemetry hooks of an engine: what tracing and metrics see of executions and step attempts.

/** How a step attempt ended: `failed` carries the (masked) error. */
export interface AttemptEnd {
  status: 'completed' | 'failed' | 'cancelled';
  /** The error of a failed attempt; its message has secrets masked. */
  error?: { code: string; message: string };
}

/** How an execution ended here; `interrupted` when the engine shut down and left it to resume later. */
export interface ExecutionEnd {
  status: 'completed' | 'failed' | 'cancelled' | 'interrupted';
  /** The error of a failed execution; its message has secrets masked. */
  error?: { code: string; message: string };
}

/** One attempt of one leaf step (top-level or inside a foreach iteration). */
export interface StepAttemptInfo {
  /** The step's id; `loop[2].fetch` inside a foreach iteration. */
  step_id: string;
  step_type: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Set inside a foreach iteration: the foreach step and the item's index. */
  iteration?: { foreach_id: string; index: number };
}

/** What a telemetry hook gives back for a started step attempt. */
export interface StepAttemptTelemetry {
  /** The W3C trace context (`00-<trace id>-<span id>-<flags>`) of the attempt, handed to its processes and requests. */
  readonly traceparent?: string | undefined;
  /** Called once when the attempt ends. */
  end(result: AttemptEnd): void;
}

/** What a telemetry hook gives back for a started execution. */
export interface ExecutionTelemetry {
  /** Called when a step attempt starts, before its executor runs. */
  stepAttempt(info: StepAttemptInfo): StepAttemptTelemetry;
  /** Called once when the execution ends in this engine. */
  end(result: ExecutionEnd): void;
}

/** Figures an engine reports when asked (a metrics scrape). */
export interface EngineGauges {
  /** Executions recorded as `pending` in the store: accepted and waiting for a process to run them. */
  queuedExecutions(): Promise<number>;
  /** Pre-started sandbox containers waiting for a step (0 without a warm pool). */
  sandboxPoolSize(): number;
}

/**
 * A telemetry hook of an engine (tracing, metrics): told of every execution and step attempt it runs, with secrets
 * already masked. Calls are synchronous and must not throw.
 *
 * @example
 * const counting: EngineTelemetry = {
 *   execution: () => ({ stepAttempt: () => ({ end() {} }), end() {} }),
 * };
 */
export interface EngineTelemetry {
  /** Called when an execution starts (or resumes) in the engine. */
  execution(info: { execution_id: string; workflow_name: string; resumed: boolean }): ExecutionTelemetry;
  /** Called once by `createEngine` with the engine's gauges. */
  attach?(gauges: EngineGauges): void;
}
