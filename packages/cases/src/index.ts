export * from './states.js';
export * from './events.js';
export * from './messages.js';
export * from './transition.js';
export * from './filer-status.js';
export * from './diagram.js';
