// Static checks of an http step (no HTTP client needed): what validation reports before anything runs.
import type { HttpStep } from '@skill/workflow-model';

/** Problems with an http step's fields, as human messages (templates are not resolved yet). */
export function httpStepProblems(step: HttpStep): string[] {
  const spec = step.http;
  if (spec === undefined || spec === null || typeof spec !== 'object') return ['[steps.http] is missing'];
  const problems: string[] = [];
  if (typeof spec.url !== 'string' || spec.url === '') problems.push('http.url must be a non-empty string');
  else if (!spec.url.includes('{') && !URL.canParse(spec.url))
    problems.push(`http.url is not a valid URL: ${spec.url}`);
  if (spec.accept_status !== undefined && !spec.accept_status.every((s) => Number.isInteger(s))) {
    problems.push('http.accept_status must list integer status codes');
  }
  return problems;
}
