/**
 * The certificates module's public face (电子证照库): the only file other modules, app.ts and the
 * CLI import (docs/decisions/0015-module-shape.md).
 *   service.ts        createCertificates: issue (inside applications' transaction), heldBy (免证办),
 *                     verify, the holder's PDFs, the department's list and revocation
 *   code.ts           the unguessable code and the verification address the QR code carries
 *   policy.ts         who may download and revoke (deny by default) and the one transition
 *   forms.ts present.ts repo.ts   inputs, views, SQL on src/db/schema/certificates.ts
 *   routes.ts api.ts views/ desk.ts   pages, JSON API, the work desk's card
 */
export { certificateApiRoutes } from './api.js';
export { formatCode, parseCode, verifyUrlOf } from './code.js';
export type { CertificatesContext, CertificatesDeps } from './context.js';
export { certificateDesk } from './desk.js';
export type { CertificateInput, CertificateKind } from './forms.js';
export type { Issued } from './operations/issue.js';
export { coveredMaterials } from './on-file.js';
export type { DemoCertificate, DemoResolvers } from './operations/seed.js';
export type { HeldCertificate, PublicCertificate } from './present.js';
export { certificateRoutes } from './routes.js';
export { createCertificates } from './service.js';
export type { CertificatesService } from './service.js';
