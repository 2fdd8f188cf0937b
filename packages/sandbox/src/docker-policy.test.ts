// Tests of the sandbox's side of the Docker policy: the shared rules applied to resolved values, refusals as one error.
import { describe, expect, it } from 'vitest';
import { checkDockerPolicy, dockerPolicyError } from './docker-policy.js';

describe('checkDockerPolicy', () => {
  it('applies the shared rules to resolved values: relative or templated leftovers are refused too', () => {
    expect(checkDockerPolicy({ volumes: [{ host: '/srv/in', container: '/in', readOnly: true }] })).toEqual([]);
    expect(
      checkDockerPolicy({
        privileged: true,
        network: '{inputs.net}',
        volumes: [{ host: 'in', container: '/in', readOnly: false }],
      }),
    ).toEqual(['privileged containers are not allowed', 'volume host path "in" is not absolute']);
  });
});

describe('dockerPolicyError', () => {
  it('is a POLICY_VIOLATION that retrying cannot fix, listing every problem', () => {
    const error = dockerPolicyError(['a', 'b']);
    expect(error).toMatchObject({
      code: 'POLICY_VIOLATION',
      message: 'Docker policy: a; b',
      details: { problems: ['a', 'b'], retryable: false },
    });
  });
});
