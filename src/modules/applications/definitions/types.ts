/**
 * The seam with the rest of the applications module: the shapes faces.ts declares, which this
 * folder implements (a DefinitionSource) and reads (the certificates a person holds, for 免证办).
 */
export type { DefinitionSource, HeldCertificate, ItemDefinition } from '../faces.js';
