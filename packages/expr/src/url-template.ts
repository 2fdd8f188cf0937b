// Resolves a URL template: values in the path, query or fragment are percent-encoded as one component.
import { WorkflowError } from '@skill/workflow-model';
import { lookupReference, type TemplateScope } from './path-lookup.js';
import type { Reference } from './reference.js';
import { parseTemplate } from './template-parse.js';
import { valueToText } from './template-resolve.js';

/** Characters a value may have where it lands in a URL's host or port. */
const AUTHORITY_VALUE = /^[A-Za-z0-9._~%:[\]-]*$/;

type UrlPart = 'start' | 'authority' | 'component';

/** Where the text written so far ends: at the start, inside `scheme://host:port`, or past it. */
function partAfter(prefix: string): UrlPart {
  if (prefix === '') return 'start';
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(prefix);
  if (!scheme) return 'component';
  return /[/?#]/.test(prefix.slice(scheme[0].length)) ? 'component' : 'authority';
}

function textOf(ref: Reference, scope: TemplateScope): string {
  const result = lookupReference(ref, scope);
  if (!result.found) {
    throw new WorkflowError('TEMPLATE_REF_MISSING', result.message, { reference: ref.raw, retryable: false });
  }
  return valueToText(result.value, ref);
}

/**
 * Resolves the references in a URL. A template that starts the URL goes in as it is (it may be a
 * whole base URL); one inside the host or port must hold only characters valid there; one in the
 * path, query or fragment is percent-encoded as a single component, so `/`, `?`, `&`, `#` in a value
 * cannot change the URL's structure. Refs whose root is not in the scope stay as written.
 *
 * @example
 * renderUrlTemplate('https://api/users/{inputs.id}?q={inputs.q}', scope) // 'https://api/users/a%2Fb?q=x%26y%3D1'
 */
export function renderUrlTemplate(url: string, scope: TemplateScope): string {
  let out = '';
  for (const part of parseTemplate(url).parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const { ref } = part;
    if (!scope.has(ref.root)) {
      out += ref.raw;
      continue;
    }
    const text = textOf(ref, scope);
    const where = ref.verbatim ? 'start' : partAfter(out);
    if (where === 'start') out += text;
    else if (where === 'component') out += encodeURIComponent(text);
    else if (AUTHORITY_VALUE.test(text)) out += text;
    else {
      throw new WorkflowError(
        'INVALID_TEMPLATE',
        `${ref.raw}: the value holds characters that cannot stand in a URL's host or port`,
        { reference: ref.raw, retryable: false },
      );
    }
  }
  return out;
}
