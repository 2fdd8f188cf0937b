// The OpenTelemetry variables: which endpoint spans go to, under which service name, and when tracing is off.
import { describe, expect, it } from 'vitest';
import { tracingSettings } from './otlp-endpoint.js';

describe('tracingSettings', () => {
  it('is off without an endpoint, with blank ones, and with OTEL_SDK_DISABLED=true', () => {
    expect(tracingSettings({})).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ', OTEL_SERVICE_NAME: 'x' })).toBeUndefined();
    expect(
      tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'TRUE' }),
    ).toBeUndefined();
  });

  it('appends /v1/traces to the base endpoint and takes the traces endpoint as given (it wins)', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318//' })).toEqual({
      endpoint: 'http://127.0.0.1:4318/v1/traces',
      serviceName: 'skill-workflows',
    });
    const both = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9999/custom',
    };
    expect(tracingSettings(both)?.endpoint).toBe('http://127.0.0.1:9999/custom');
  });

  it('names the service OTEL_SERVICE_NAME, else the default given', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(tracingSettings(env, 'skill-server')?.serviceName).toBe('skill-server');
    expect(tracingSettings({ ...env, OTEL_SERVICE_NAME: 'etl' }, 'skill-server')?.serviceName).toBe('etl');
  });
});
