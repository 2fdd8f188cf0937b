import { describe, expect, it } from 'vitest';
import { daemonMessage, imageUnavailable, withDefaultTag } from './docker-image.js';

describe('image references', () => {
  it.each([
    ['alpine', 'alpine:latest'],
    ['python:3.11-slim', 'python:3.11-slim'],
    ['localhost:5000/team/tool', 'localhost:5000/team/tool:latest'],
    ['localhost:5000/team/tool:2', 'localhost:5000/team/tool:2'],
    ['alpine@sha256:abc', 'alpine@sha256:abc'],
  ])('adds :latest only when there is no tag or digest: %s -> %s', (reference, expected) => {
    expect(withDefaultTag(reference)).toBe(expected);
  });

  it('words IMAGE_UNAVAILABLE by pull policy, with the daemon reason unwrapped', () => {
    const reason = daemonMessage(new Error('(HTTP code 500) server error - Get "https://r/v2/": no such host'));
    expect(reason).toBe('Get "https://r/v2/": no such host');
    expect(imageUnavailable('x:1', reason, 'if-not-present').message).toBe(
      'image x:1 not found locally and could not be pulled: Get "https://r/v2/": no such host',
    );
    expect(imageUnavailable('x:1', 'gone', 'never')).toMatchObject({
      code: 'IMAGE_UNAVAILABLE',
      message: 'image x:1 not found locally and pull = "never": gone',
      details: { image: 'x:1', retryable: false },
    });
    expect(imageUnavailable('x:1', 'gone', 'always').message).toBe(
      'image x:1 could not be pulled (pull = "always"): gone',
    );
  });
});
