// Queue names: one BullMQ queue per set of required labels, so a job reaches only workers that have them all.
/** The queue of worker heartbeats and cancels. */
export const CONTROL_QUEUE = 'skill-control';
const STEP_QUEUE = 'skill-steps';
/** A worker listens to one queue per subset of its labels: 2^n queues. */
export const MAX_WORKER_LABELS = 5;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The problem with a label, or undefined when it is fine. */
export function labelProblem(label: string): string | undefined {
  if (LABEL.test(label)) return undefined;
  return `label "${label.slice(0, 80)}" must be 1 to 63 letters, digits, "_", "-" or ".", starting with a letter or digit`;
}

/** The labels sorted, each once. */
export function normaliseLabels(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort();
}

/** The queue of jobs that need exactly `labels`. */
export function queueNameFor(labels: readonly string[]): string {
  const sorted = normaliseLabels(labels);
  return sorted.length === 0 ? STEP_QUEUE : `${STEP_QUEUE}.${sorted.join('+')}`;
}

/** Every queue a worker with `labels` takes jobs from: one per subset of its labels (the empty one included). */
export function queuesServedBy(labels: readonly string[]): string[] {
  const sorted = normaliseLabels(labels);
  const names: string[] = [];
  for (let mask = 0; mask < 1 << sorted.length; mask++) {
    names.push(queueNameFor(sorted.filter((_, index) => (mask & (1 << index)) !== 0)));
  }
  return names;
}

/** True when a worker with `workerLabels` may take a job that needs `required`. */
export function labelsCover(workerLabels: readonly string[], required: readonly string[]): boolean {
  return required.every((label) => workerLabels.includes(label));
}

/**
 * The BullMQ job id of a step attempt: the same for the same execution, step (with its foreach iteration) and
 * attempt, so a coordinator taking an execution over finds the jobs the dead one added (ids may not hold ":").
 */
export function stepJobId(job: { execution_id: string; step_id: string; attempt: number }): string {
  return `${job.execution_id}/${job.step_id}/${job.attempt}`.replaceAll(':', '_');
}
