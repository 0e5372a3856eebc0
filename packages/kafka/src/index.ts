export * from './errors.js';
export * from './logger.js';
export * from './topics.js';
export * from './producer.js';
export * from './consumer.js';
export * from './admin.js';
