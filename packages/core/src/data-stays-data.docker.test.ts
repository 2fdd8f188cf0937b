// "Data stays data" in the default containers: hostile values reach bash, python, node and ruby code byte-identical.
import { describe, it } from 'vitest';
import { expectValuesStayData } from './data-stays-data.suite.js';

describe('template values are data in sandboxed inline code', () => {
  it('every language prints every hostile value exactly and runs nothing else', { timeout: 600_000 }, async () => {
    await expectValuesStayData({
      native: false,
      only: [
        'bash bare word',
        'bash double quotes',
        'python f-string',
        'python code',
        'node template literal',
        'node code',
        'ruby double quotes',
        'ruby code',
      ],
    });
  });
});
