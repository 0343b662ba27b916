/**
 * Every module's tables, for the database client and drizzle-kit. A module's code imports its own
 * file here (`db/schema/<module>.ts`), never this index and never another module's tables: what it
 * needs of another module it asks that module's face (docs/decisions/0015-module-shape.md).
 */
export * from './core.js';
export * from './jobs.js';
export * from './catalog.js';
export * from './accounts.js';
export * from './search.js';
export * from './notify.js';
export * from './audit.js';
export * from './letters.js';
export * from './journeys.js';
export * from './applications.js';
export * from './certificates.js';
export * from './ratings.js';
export * from './application-definitions.js';
export * from './disclosure.js';
export * from './appointments.js';
export * from './foi.js';
export * from './proposals.js';
export * from './annual-reports.js';
export * from './hospitals.js';
