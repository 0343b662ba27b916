/**
 * Where appointments meets the other modules: everything it uses of them, through their faces
 * (index.ts), in one list. Appointments' own files import these names from here.
 */
export type { AccountService, StartedProvider } from '../accounts/index.js';
export { type Actor, SYSTEM, actorOf, recordAudit } from '../audit/index.js';
export type { CatalogService, DirectoryHall, GuideAside } from '../catalog/index.js';
export type { NotifyService } from '../notify/index.js';
export type { RatableSubject, RatingsService } from '../ratings/index.js';
