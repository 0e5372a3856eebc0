export { app, type AppDeps } from './app.js';
export { createServer, type Server } from './server.js';
export { ERROR_STATUS, ERROR_EXAMPLES } from './http-errors.js';
