export * from './outbox-relay.js';
export * from './polling-loop.js';
export * from './apply-inspection-response.js';
export * from './inspection-response-consumer.js';
export * from './escalation-sweep.js';
export * from './webhook-signature.js';
export * from './webhook-secret.js';
export * from './webhook-dispatcher.js';
