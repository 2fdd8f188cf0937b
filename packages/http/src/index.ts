// Public API of @skill/workflow-http: the REST API as a Hono app, the execution WebSocket, and a server.
export { checkAccess, isLoopbackHost, isOriginAllowed } from './access-control.js';
export { attachWebSocket, SocketCloseCode } from './execution-socket.js';
export { createHttpApp } from './http-app.js';
export { type ErrorBody, type ErrorStatus, HttpErrorCode, statusForCode, toErrorResponse } from './http-errors.js';
export { DEFAULT_BODY_LIMIT_BYTES, type HttpAppOptions, type MetricsSource } from './http-options.js';
export { openApiDocument } from './openapi.js';
export { type HttpServerHandle, type ServeHttpOptions, serveHttp } from './serve-http.js';
