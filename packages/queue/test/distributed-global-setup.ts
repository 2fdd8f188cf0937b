// Vitest globalSetup of the `distributed` project: a throwaway redis-server (PostgreSQL comes from the store's setup).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findRedisServer, startRedis } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis:// URL of a server the tests may use; '' when none could be started. */
    redisUrl: string;
    /** Provided by packages/store/test/postgres-global-setup.ts, the project's other global setup. */
    postgresUrl: string;
  }
}

/** Starts redis-server (SKILL_TEST_REDIS_URL names an existing one instead); a missing binary fails under CI. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.SKILL_TEST_REDIS_URL;
  if (external) {
    project.provide('redisUrl', external);
    return async () => {};
  }
  const bin = findRedisServer();
  if (!bin) {
    if (process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error('redis-server is required but not installed');
    console.warn('\n[distributed] SKIPPING Redis tests: no redis-server (scripts/ci-services.sh installs it)\n');
    project.provide('redisUrl', '');
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'skill-redis-'));
  const redis = await startRedis(bin, dir);
  project.provide('redisUrl', redis.url);
  console.log(`[distributed] throwaway redis-server at ${redis.url}`);
  return async () => {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
