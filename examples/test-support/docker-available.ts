// Test support: is a Docker daemon reachable (DOCKER_HOST or /var/run/docker.sock)? Skips loudly, or fails
// when SKILL_REQUIRE_INTEGRATION=1 (as CI sets it).
import { request } from 'node:http';

function ping(): Promise<void> {
  const host = process.env.DOCKER_HOST;
  const target = host?.startsWith('tcp://')
    ? {
        host: new URL(host.replace('tcp://', 'http://')).hostname,
        port: Number(new URL(host.replace('tcp://', 'http://')).port),
      }
    : { socketPath: host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock' };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path: '/_ping', timeout: 3000 }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`Docker answered /_ping with ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error('Docker did not answer /_ping within 3 s')));
    req.on('error', reject);
    req.end();
  });
}

/** True when Docker answers; otherwise prints a notice (or throws under SKILL_REQUIRE_INTEGRATION=1). */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await ping();
    return true;
  } catch (error) {
    const message = `no Docker daemon reachable (${(error as Error).message})`;
    if (process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error(message);
    console.warn(`[docker tests skipped] ${message}`);
    return false;
  }
}
