export * from './errors.js';
export * from './raw-archive.js';
export * from './local-disk-archive.js';
export * from './s3-archive.js';
export * from './create-archive.js';
