/**
 * Where applications meets the other modules: what it uses of them, through their faces
 * (index.ts), and — as interfaces — what it needs of the modules built beside it for issue 14
 * (the published definitions of apps-auto, certificates, ratings). Those come into the context as
 * optional members, null when not wired: an item without a definition is not online, a grant
 * without the certificates face issues no certificate, a conclusion without the ratings face
 * opens no rating (see /work/tools/apps-contracts.md).
 */
import type { Tx } from '../../db/client.js';
import type { FormDefinition } from './form-notation.js';
import type { RouteDefinition } from './approval.js';

export type { AccountService } from '../accounts/index.js';
export { type Actor, recordAudit } from '../audit/index.js';
export type { CatalogService, DepartmentName } from '../catalog/index.js';
export type { JourneyService } from '../journeys/index.js';
export type { NotifyService, Template } from '../notify/index.js';
export type { Tx };

/** filled by definitions/ (apps-auto) at merge; until then tests pass an in-memory one */
export interface DefinitionSource {
  /** the published online form and approval route of an item, or null (not online) */
  definitionOf(itemId: number): Promise<ItemDefinition | null>;
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

/** What a certificate (电子证照) or approval letter certifies, as the certificates module issues it. */
export interface CertificateInput {
  kind: 'certificate' | 'approval_letter' | 'decision_letter';
  title: string;
  holder: { userId: number; enterpriseId: number | null; name: string; idNumber: string | null; creditCode: string | null };
  itemId: number;
  itemName: string;
  departmentId: number;
  departmentName: string;
  /** the 受理编号 */
  sourceNo: string;
  facts: { label: string; value: string }[];
  /** YYYY-MM-DD */
  validFrom: string;
  validUntil: string | null;
}
export interface HeldCertificate {
  code: string;
  kind: string;
  title: string;
  itemId: number;
  validUntil: string | null;
  status: 'valid' | 'revoked' | 'expired';
  issuedAt: string;
}
/** the certificates module's face (certificates helper) */
export interface CertificatesFace {
  issue(tx: Tx, input: CertificateInput): Promise<{ code: string; verifyUrl: string }>;
  heldBy(holder: { userId: number; enterpriseId: number | null }): Promise<HeldCertificate[]>;
}

export interface RatableSubject {
  kind: 'application' | 'booking';
  /** the 受理编号 / booking code */
  subjectRef: string;
  title: string;
  itemId: number | null;
  itemName: string | null;
  departmentId: number;
  /** who may rate */
  raterUserId: number;
  /** where the rater sees the case (/me/applications/<no>) */
  detailUrl: string;
  concludedAt: Date;
}
/** the ratings module's face (ratings helper) */
export interface RatingsFace {
  openRatable(tx: Tx, subject: RatableSubject): Promise<void>;
}
