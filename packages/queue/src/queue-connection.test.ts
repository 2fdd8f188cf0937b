// Queue URLs: Redis or PostgreSQL, anything else refused with a message that never shows the password.
import { describe, expect, it } from 'vitest';
import { openQueueConnection, redactQueueUrl } from './queue-connection.js';

describe('queue URLs', () => {
  it('binds redis:// and postgres:// to their backends', async () => {
    const redis = await openQueueConnection('redis://:pw@127.0.0.1:6390/3');
    expect(redis.kind).toBe('redis');
    expect(redis.connection).toMatchObject({ host: '127.0.0.1', port: 6390, password: 'pw', db: 3 });
    expect(redis.display).toBe('redis://:***@127.0.0.1:6390/3');
    const postgres = await openQueueConnection('postgres://u:secret@db/skill');
    expect(postgres.kind).toBe('postgres');
    expect(postgres.display).not.toContain('secret');
  });

  it('refuses other schemes and bad Redis databases without echoing the password', async () => {
    await expect(openQueueConnection('amqp://u:hunter2@mq')).rejects.toThrow(/redis:\/\/ or postgres:\/\//);
    await expect(openQueueConnection('amqp://u:hunter2@mq')).rejects.not.toThrow(/hunter2/);
    await expect(openQueueConnection('redis://:hunter2@h/../etc')).rejects.toThrow(/must be a number/);
    await expect(openQueueConnection('not a url')).rejects.toThrow(/--queue must be/);
    expect(redactQueueUrl('::')).toBe('<invalid queue URL>');
  });
});
