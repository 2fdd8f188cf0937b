// Admission: the one path by which an execution of this engine gets to run: first a slot of its concurrency key
// (store-wide, see concurrency/concurrency-gate.ts), then a run slot of this engine (RunQueue).
import type { ExecutionRecord } from '@skill/workflow-model';
import { createConcurrencyGate, type GateContext, type GateJob } from './concurrency/concurrency-gate.js';
import { RunQueue } from './run-queue.js';

/** Run it, then call `release` (both slots); or it ended before it ran (skipped, cancelled while queued). */
export type Admitted = { run: true; release(): Promise<void> } | { run: false; record: ExecutionRecord };

/** An execution asking to run; `skipRunQueue`: a sub-workflow, whose parent already holds a run slot. */
export interface AdmissionJob extends GateJob {
  skipRunQueue?: boolean;
}

/** Admits executions: `admit` resolves once the execution may run, or has ended without running. */
export interface Admission {
  admit(job: AdmissionJob): Promise<Admitted>;
}

/** The admission of an engine whose run queue has `limit` slots. */
export function createAdmission(ctx: GateContext, limit: number): Admission {
  const gate = createConcurrencyGate(ctx);
  const runQueue = new RunQueue(limit);
  return {
    async admit(job) {
      const byKey = await gate.admit(job);
      if (!byKey.run) return byKey;
      let releaseRun: () => void;
      try {
        // A sub-workflow skips the run queue: its parent holds a slot while it waits for it (else both would wait).
        releaseRun = job.skipRunQueue ? () => {} : await runQueue.turn();
      } catch (error) {
        await byKey.release();
        throw error;
      }
      return {
        run: true,
        async release() {
          releaseRun();
          await byKey.release();
        },
      };
    },
  };
}
