// Static checks of an inline_code step (no sandbox needed): language, code or script_file, network policy.
import { dockerPolicyViolations, type InlineCodeStep } from '@skill/workflow-model';
import { isInlineLanguage, LANGUAGE_NAMES } from './inline-languages.js';

/** Problems with an inline_code step's fields, as human messages (templates are not resolved yet). */
export function inlineCodeStepProblems(step: InlineCodeStep): string[] {
  const spec = step.inline_code;
  if (spec === undefined || spec === null || typeof spec !== 'object') return ['[steps.inline_code] is missing'];
  const problems: string[] = [];
  if (!isInlineLanguage(spec.language)) {
    problems.push(
      `inline_code.language must be one of ${LANGUAGE_NAMES.join(', ')} (got ${JSON.stringify(spec.language)})`,
    );
  }
  const hasCode = typeof spec.code === 'string';
  const hasFile = typeof spec.script_file === 'string';
  if (hasCode && hasFile) problems.push('inline_code has both code and script_file; set exactly one');
  else if (!hasCode && !hasFile) problems.push('inline_code needs code or script_file');
  else if (hasFile && spec.script_file?.trim() === '') problems.push('inline_code.script_file is empty');
  for (const violation of dockerPolicyViolations({ network: spec.network })) {
    problems.push(`inline_code.${violation.field}: ${violation.message}`);
  }
  return problems;
}
