/** Factories for test data, one file per module: each test makes the data it needs. */
export * from './catalog.js';
export * from './journeys.js';
export * from './applications.js';
export * from './letters.js';
export * from './accounts.js';
export * from './ratings.js';
export * from './disclosure.js';
export * from './appointments.js';
export * from './hospitals.js';
