// useExecution(): an execution record kept live over the WebSocket (reconnecting with ?since=<last seq>) by merging the
// record changes the server sends with each event, and its events.
import type { ExecutionRecord, ExecutionStreamMessage, WorkflowEvent } from '@skill/workflow-model';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api.js';
import { backfillLiveItems } from './live-items.js';
import { mergeStreamMessage } from './merge-message.js';

/** Where the live connection stands. */
export type Connection = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'lost';

/** A live execution. */
export interface LiveExecution {
  record: ExecutionRecord | undefined;
  error: ApiError | undefined;
  connection: Connection;
  /** Re-reads the record from the API (and reconnects if it is still running). */
  refresh: () => void;
  /** Calls `listener` with each new event streamed from now on; returns the unsubscribe function. */
  subscribe: SubscribeToEvents;
}

/** Subscribes to an execution's streamed events (see {@link LiveExecution.subscribe}). */
export type SubscribeToEvents = (listener: (event: WorkflowEvent) => void) => () => void;

const MAX_RECONNECTS = 30;
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Loads execution `id` and applies its events as they stream in. */
export function useExecution(id: string): LiveExecution {
  const [record, setRecord] = useState<ExecutionRecord>();
  const [error, setError] = useState<ApiError>();
  const [connection, setConnection] = useState<Connection>('idle');
  const [generation, setGeneration] = useState(0);
  const recordRef = useRef<ExecutionRecord | undefined>(undefined);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  const listeners = useRef(new Set<(event: WorkflowEvent) => void>());
  const subscribe = useCallback<SubscribeToEvents>((listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation restarts the load on purpose
  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const keep = (next: ExecutionRecord) => {
      recordRef.current = next;
      setRecord(next);
    };

    const connect = () => {
      const current = recordRef.current;
      if (stopped || !current) return;
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const url = `${scheme}//${location.host}/ws/executions/${encodeURIComponent(id)}?since=${current.last_seq}`;
      setConnection(failures === 0 ? 'connecting' : 'reconnecting');
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => {
        failures = 0;
        setConnection('live');
      };
      ws.onmessage = (message) => {
        let event: ExecutionStreamMessage | { type: 'command_result' };
        try {
          event = JSON.parse(String(message.data));
        } catch {
          return;
        }
        const latest = recordRef.current;
        if (event.type === 'command_result' || !latest || event.seq <= latest.last_seq) return;
        keep(mergeStreamMessage(latest, event));
        for (const listener of listeners.current) listener(event);
      };
      ws.onclose = (close) => {
        if (stopped || socket !== ws) return;
        const status = recordRef.current?.status;
        if (close.code === 1000 || close.code === 4404 || (status && TERMINAL.has(status))) {
          setConnection('ended');
          return;
        }
        failures += 1;
        if (failures > MAX_RECONNECTS) {
          setConnection('lost');
          return;
        }
        setConnection('reconnecting');
        timer = setTimeout(connect, Math.min(500 * failures, 5_000));
      };
    };

    setError(undefined);
    api.getExecution(id).then(
      (loaded) => {
        if (stopped) return;
        keep(loaded);
        if (TERMINAL.has(loaded.status)) {
          setConnection('ended');
          return;
        }
        connect();
        // Foreach items that finished before the load are only in the event log: fold them in once.
        if (Object.values(loaded.steps).some((step) => step.status === 'running' && step.progress)) {
          api.listEvents(id).then(
            ({ items }) => {
              const latest = recordRef.current;
              if (!stopped && latest) keep(backfillLiveItems(latest, items));
            },
            () => undefined,
          );
        }
      },
      (failure: unknown) => {
        if (stopped) return;
        setError(failure instanceof ApiError ? failure : new ApiError(0, 'UNKNOWN', String(failure)));
      },
    );
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      socket?.close(1000);
    };
  }, [id, generation]);

  return { record: record?.id === id ? record : undefined, error, connection, refresh, subscribe };
}
