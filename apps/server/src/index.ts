// Public API of @skill/server: configure and start the deployable server (used by `skill serve` and main.ts).

export {
  assertStrongToken,
  configFromEnv,
  MIN_TOKEN_LENGTH,
  SERVER_DEFAULTS,
  type ServerConfig,
  type ServerFlags,
} from './server-config.js';
export { type RunningServer, startServer } from './start-server.js';
