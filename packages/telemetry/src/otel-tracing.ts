// The OpenTelemetry SDK side of tracing: a root span per execution, a child span per step attempt, OTLP/HTTP export.
import { type Context, ROOT_CONTEXT, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { EngineTelemetry, ExecutionTelemetry, StepAttemptTelemetry } from '@skill/workflow-model';
import type { TracingSettings } from './otlp-endpoint.js';
import type { Tracing } from './tracing.js';

/** Longest attribute value or status message sent (an error message can be long). */
const MAX_ATTRIBUTE_LENGTH = 4096;
const propagator = new W3CTraceContextPropagator();

/** The W3C `traceparent` of `span`. */
function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, {
    set: (target, key, value) => {
      target[key] = value;
    },
  });
  return carrier.traceparent;
}

/** Ends `span` with `status`, and as ERROR with the (already masked) message when there is an error. */
function endSpan(span: Span, key: string, status: string, error?: { code: string; message: string }): void {
  span.setAttribute(key, status);
  if (error) {
    span.setAttribute('error.type', error.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message.slice(0, MAX_ATTRIBUTE_LENGTH) });
  } else if (status === 'completed') {
    span.setStatus({ code: SpanStatusCode.OK });
  }
  span.end();
}

/** Tracing that posts spans to `settings.endpoint` as `settings.serviceName`. */
export function createOtelTracing(settings: TracingSettings): Tracing {
  const { endpoint } = settings;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanLimits: { attributeValueLengthLimit: MAX_ATTRIBUTE_LENGTH },
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          url: endpoint,
          ...(settings.exportTimeoutMs ? { timeoutMillis: settings.exportTimeoutMs } : {}),
        }),
      }),
    ],
  });
  const tracer = provider.getTracer('skill-workflows');

  const telemetry: EngineTelemetry = {
    execution(info): ExecutionTelemetry {
      // Every span of the execution names it: a step span can be found without its parent.
      const execution = { 'workflow.name': info.workflow_name, 'workflow.execution.id': info.execution_id };
      const root = tracer.startSpan(
        `workflow ${info.workflow_name}`,
        { attributes: { ...execution, 'workflow.resumed': info.resumed } },
        ROOT_CONTEXT,
      );
      const parent: Context = trace.setSpan(ROOT_CONTEXT, root);
      return {
        stepAttempt(attempt): StepAttemptTelemetry {
          const span = tracer.startSpan(
            `step ${attempt.step_id}`,
            {
              attributes: {
                ...execution,
                'workflow.step.id': attempt.step_id,
                'workflow.step.type': attempt.step_type,
                'workflow.step.attempt': attempt.attempt,
                ...(attempt.iteration
                  ? {
                      'workflow.foreach.id': attempt.iteration.foreach_id,
                      'workflow.foreach.index': attempt.iteration.index,
                    }
                  : {}),
              },
            },
            parent,
          );
          return {
            traceparent: traceparentOf(span),
            end: (result) => endSpan(span, 'workflow.step.status', result.status, result.error),
          };
        },
        end: (result) => endSpan(root, 'workflow.status', result.status, result.error),
      };
    },
  };

  let stopping: Promise<void> | undefined;
  return {
    telemetry,
    endpoint,
    shutdown(options = {}) {
      stopping ??= (async () => {
        const timeoutMs = options.timeoutMs ?? 5_000;
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        });
        // An endpoint that does not answer must not hold the process: the spans are dropped after the timeout.
        await Promise.race([provider.shutdown().catch(() => undefined), late]);
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
