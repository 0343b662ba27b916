/**
 * The seam with the rest of the applications module (tools/apps-contracts.md): the shapes
 * apps-core declares in faces.ts, declared here with exactly the same shape until the merge
 * (the lead keeps one copy).
 */
import type { RouteDefinition } from '../approval.js';
import type { FormDefinition } from '../form-notation.js';

/** filled by definitions/ (this folder); until merge apps-core's tests pass an in-memory one */
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
  /** 秒批 rules (automation/), opaque to apps-core */
  automation: unknown | null;
}

/** A certificate the portal issued and a person or enterprise holds (the certificates module's face). */
export interface HeldCertificate {
  code: string;
  kind: string;
  title: string;
  itemId: number;
  validUntil: string | null;
  status: 'valid' | 'revoked' | 'expired';
  issuedAt: string;
}
