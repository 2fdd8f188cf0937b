// Where OTLP/HTTP traces go and under which service name, read from the standard OpenTelemetry variables.

/** The variables tracing reads (the OpenTelemetry standard ones). */
export interface OtlpEnvironment {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_SDK_DISABLED?: string | undefined;
}

/** Where spans go and as which service. */
export interface TracingSettings {
  /** The URL spans are posted to (OTLP/HTTP, JSON). */
  endpoint: string;
  /** The `service.name` resource attribute of the spans. */
  serviceName: string;
  /**
   * How long one export may take, retries included (default: OTEL_EXPORTER_OTLP_TIMEOUT, else 10 s). A short-lived
   * process keeps it short: it waits for the last export before it exits, even with the collector down.
   */
  exportTimeoutMs?: number;
}

/** Default `service.name` of the spans when `OTEL_SERVICE_NAME` is not set. */
export const DEFAULT_SERVICE_NAME = 'skill-workflows';

/**
 * The tracing settings of `env`: spans go to `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as given, else to
 * `OTEL_EXPORTER_OTLP_ENDPOINT` plus `/v1/traces`, as `OTEL_SERVICE_NAME` (default `defaultServiceName`).
 * Undefined when neither endpoint is set, or `OTEL_SDK_DISABLED=true`: tracing is then off.
 *
 * @example
 * tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })?.endpoint; // 'http://127.0.0.1:4318/v1/traces'
 */
export function tracingSettings(
  env: OtlpEnvironment,
  defaultServiceName: string = DEFAULT_SERVICE_NAME,
): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return { endpoint: traces, serviceName };
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  return { endpoint: `${base.replace(/\/+$/, '')}/v1/traces`, serviceName };
}
