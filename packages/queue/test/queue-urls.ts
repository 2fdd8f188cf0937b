// A queue URL of its own for each test: a fresh Redis database number, or a fresh PostgreSQL database.
import { Redis } from 'ioredis';
import pg from 'pg';

let redisDatabase = 0;
let postgresDatabase = 0;

/** A URL on `base` no other test of this run uses (Redis has 16 databases; PostgreSQL gets a new one). */
export async function freshQueueUrl(backend: 'redis' | 'postgres', base: string): Promise<string> {
  if (backend === 'redis') {
    redisDatabase = (redisDatabase + 1) % 16;
    const url = `${base}/${redisDatabase}`;
    const client = new Redis(url);
    await client.flushdb();
    client.disconnect();
    return url;
  }
  postgresDatabase += 1;
  const name = `skill_queue_${process.pid}_${postgresDatabase}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
