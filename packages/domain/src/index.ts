export * from './filing.js';
export * from './decision.js';
export * from './identifiers.js';
export * from './errors.js';
export * from './csv.js';
export * from './required-elements.js';
export * from './calendar-date.js';
