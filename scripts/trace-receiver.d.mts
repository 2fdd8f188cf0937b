// Types of trace-receiver.mjs, for the tests that use it.

/** One received span, flattened. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, string | number | boolean | undefined>;
  /** 0 unset, 1 OK, 2 ERROR. */
  status: { code: number; message?: string };
  service?: string;
  durationMs: number;
}

/** The spans of one OTLP JSON export. */
export function spansOf(body: unknown): ReceivedSpan[];

/** A listening receiver. */
export interface TraceReceiver {
  url: string;
  close(): Promise<void>;
}

/** Starts the receiver on `host:port` (port 0: a free one); `onSpans` gets the spans of each export. */
export function startTraceReceiver(options: {
  port?: number;
  host?: string;
  onSpans(spans: ReceivedSpan[]): void;
}): Promise<TraceReceiver>;
