// The handler worker's entry when the pipeline runs from its TypeScript source (tests, tsx): the
// TypeScript entry through tsx's loader. Built, the pool starts `handler-worker.js` instead.
import { register } from 'tsx/esm/api';

register();
await import('./handler-worker.ts');
