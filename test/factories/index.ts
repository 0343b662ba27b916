/** Factories for test data, one file per module: each test makes the data it needs. */
export * from './catalog.js';
