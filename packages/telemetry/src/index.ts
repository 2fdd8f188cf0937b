// Public API of @skill/workflow-telemetry: OpenTelemetry traces and Prometheus metrics of an engine's executions.

/** Where OTLP traces go, from OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_SERVICE_NAME. */
export {
  DEFAULT_SERVICE_NAME,
  type OtlpEnvironment,
  type TracingSettings,
  tracingSettings,
} from './otlp-endpoint.js';
/** Prometheus metrics of an engine (executions, steps, durations, running steps, queue, sandbox pool). */
export { createMetrics, type Metrics, STEP_DURATION_BUCKETS } from './prometheus-metrics.js';
/** OpenTelemetry traces over OTLP/HTTP; the SDK loads only when tracing starts. */
export { startTracing, type Tracing } from './tracing.js';
