/**
 * Automation of online applications: pure engines with explanations, no I/O. 秒批 (instant.ts),
 * 免证办 (exemptions.ts), 免申即享 (proactive.ts), 一件事一次办 (bundles.ts), over the facts the
 * portal holds (facts.ts), in the notation published with an item's definition (notation.ts).
 */
export { BundleDefinition, checkBundle, combinedStatus, planBundle, readOrder, readyParts } from './bundles.js';
export type { BundlePart, CombinedStatus, KnownItems, PartStatus, PlannedPart } from './bundles.js';
export { exemptSlots, materialsOnFile } from './exemptions.js';
export type { OnFile } from './exemptions.js';
export { ageOn, anniversary, birthDateOf, sexOf } from './facts.js';
export type { ApplicantFacts, EnterpriseFacts } from './facts.js';
export { checkCondition, decideInstantly, sampledForReview } from './instant.js';
export type { Check, InstantDecision } from './instant.js';
export { Automation, automationOf, checkAutomation } from './notation.js';
export type { Condition, Exemption, InstantRule, ProactiveRule, Trigger } from './notation.js';
export { eligibleOn, proactiveOpenings } from './proactive.js';
export type { Eligible, Opening, Person } from './proactive.js';
