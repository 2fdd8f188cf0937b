// Whether a service the gated suites need (Docker, PostgreSQL...) answers: skip with a notice, or fail in CI.

/**
 * Runs `check`; true when it resolves. When it throws, the suite is skipped with a visible notice, unless
 * SKILL_REQUIRE_INTEGRATION=1 (CI), where the error is thrown.
 *
 * @example
 * const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());
 * describe.skipIf(!dockerReady)('DockerSandbox', () => { ... });
 */
export async function serviceReady(name: string, check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (process.env.SKILL_REQUIRE_INTEGRATION === '1') throw error;
    console.warn(`[${name} tests skipped] ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
