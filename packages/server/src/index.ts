// Public API of @skill/workflow-server: configure and start the server (used by `skill serve` and apps/server).

export {
  assertStrongToken,
  configFromEnv,
  MIN_TOKEN_LENGTH,
  SERVER_DEFAULTS,
  type ServerConfig,
  type ServerFlags,
} from './server-config.js';
export { type RunningServer, startServer } from './start-server.js';
