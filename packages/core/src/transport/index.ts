export * from './types.js';
export * from './undici.js';
