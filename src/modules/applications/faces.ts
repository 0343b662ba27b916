/**
 * Where applications meets the other modules: what it uses of them, through their faces
 * (index.ts). The published definitions, the certificates and the ratings faces come into the
 * context as optional members, null when not wired: an item without a definition is not online, a
 * grant without the certificates face issues no certificate, a conclusion without the ratings face
 * opens no rating. Their input shapes are the certificates' and ratings' own types.
 */
import type { Tx } from '../../db/client.js';
import type { CertificateInput, HeldCertificate } from '../certificates/index.js';
import type { RatableSubject } from '../ratings/index.js';
import type { FormDefinition } from './form-notation.js';
import type { RouteDefinition } from './approval.js';

export type { AccountService } from '../accounts/index.js';
export { type Actor, recordAudit } from '../audit/index.js';
export type { CatalogService, DepartmentName } from '../catalog/index.js';
export type { JourneyService } from '../journeys/index.js';
export type { NotifyService, Template } from '../notify/index.js';
export type { CertificateInput, HeldCertificate, RatableSubject, Tx };

/** filled by definitions/ (apps-auto) at merge; until then tests pass an in-memory one */
export interface DefinitionSource {
  /** the published online form and approval route of an item, or null (not online) */
  definitionOf(itemId: number): Promise<ItemDefinition | null>;
  /** every online item's latest definition that has automation rules (the 免申即享 job); absent: none */
  automated?(): Promise<ItemDefinition[]>;
}
export interface ItemDefinition {
  itemId: number;
  /** published version; a submitted case keeps the one it used */
  version: number;
  form: FormDefinition;
  route: RouteDefinition;
  /** 秒批 rules (automation/ of apps-auto), opaque here */
  automation: unknown | null;
}

/** the certificates module's face (certificates helper) */
export interface CertificatesFace {
  issue(tx: Tx, input: CertificateInput): Promise<{ code: string; verifyUrl: string }>;
  heldBy(holder: { userId: number; enterpriseId: number | null }): Promise<HeldCertificate[]>;
}

/** the ratings module's face (ratings helper) */
export interface RatingsFace {
  openRatable(tx: Tx, subject: RatableSubject): Promise<void>;
}
