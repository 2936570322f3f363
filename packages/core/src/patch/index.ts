export { diffToPatch, type DiffOptions } from './diff.js';
