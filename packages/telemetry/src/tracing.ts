// startTracing(): OpenTelemetry traces of executions; the SDK is loaded only when tracing starts.
import type { EngineTelemetry } from '@skill/workflow-model';
import type { TracingSettings } from './otlp-endpoint.js';

/** Running tracing: the engine hook, and the shutdown that sends what is still buffered. */
export interface Tracing {
  /** Give it to `createEngine({ telemetry: [tracing.telemetry] })`. */
  readonly telemetry: EngineTelemetry;
  /** Where spans are posted. */
  readonly endpoint: string;
  /** Sends the buffered spans (waiting at most `timeoutMs`, default 5 s) and stops; later spans are dropped. */
  shutdown(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Starts tracing to `settings.endpoint` (see `tracingSettings`): a root span per execution and a child span per
 * step attempt, exported in batches over OTLP/HTTP (JSON). Export failures are dropped silently.
 *
 * @example
 * const settings = tracingSettings(process.env);
 * const tracing = settings ? await startTracing(settings) : undefined;
 * const engine = createEngine({ telemetry: tracing ? [tracing.telemetry] : [] });
 * await engine.run('hello');
 * await tracing?.shutdown();
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing> {
  const { createOtelTracing } = await import('./otel-tracing.js');
  return createOtelTracing(settings);
}
