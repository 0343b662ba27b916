/** Factories for test data, one file per module: each test makes the data it needs. */
export * from './accounts.js';
export * from './catalog.js';
