// Public API of @skill/workflow-queue: steps dispatched through BullMQ (Redis or PostgreSQL) to `skill worker` processes.
/** The engine's `stepDispatcher` on a queue URL: `createEngine({ stepDispatcher: await createQueueDispatcher(url) })`. */

export { openQueueConnection, type QueueConnection, redactQueueUrl } from './queue-connection.js';
export { createQueueDispatcher, type QueueDispatcher } from './queue-dispatcher.js';
export { labelProblem, MAX_WORKER_LABELS } from './queue-names.js';
/** `skill worker`: a process that runs step jobs, with a health endpoint and metrics. */
export { type StepWorker, type StepWorkerOptions, startStepWorker } from './step-worker.js';
export { createWorkerMetrics, serveWorkerHealth, type WorkerMetrics } from './worker-health.js';
/** The live workers of a queue, from their heartbeats (`skill workers list`). */
export { type WorkerRegistry, watchWorkers } from './worker-registry.js';
