#!/usr/bin/env node
// The runnable server: `node apps/server/dist/main.js`, configured by SKILL_* variables, stopped by SIGINT/SIGTERM.
import { isWorkflowError } from '@skill/workflow-model';
import { configFromEnv, startServer } from '@skill/workflow-server';

function fail(error: unknown): never {
  const text = isWorkflowError(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
  process.stderr.write(`skill server: error ${text}\n`);
  process.exit(1);
}

try {
  const config = configFromEnv(process.env);
  const server = await startServer(config);
  process.stdout.write(`skill server listening on ${server.url}\n`);
  if (server.resumed.length > 0) {
    process.stderr.write(`skill server: resumed ${server.resumed.length} unfinished execution(s)\n`);
  }
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stderr.write(`skill server: ${signal}, shutting down (grace ${config.shutdownGraceMs}ms)\n`);
    server.close().then(() => process.exit(0), fail);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  fail(error);
}
