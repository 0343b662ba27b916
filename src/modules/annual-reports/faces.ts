/** Where annual reports meet the other modules: everything they use of them, through their faces. */
export { type Actor, recordAudit } from '../audit/index.js';
export type { ActiveDisclosureFigures, DisclosureService } from '../disclosure/index.js';
export { APPLICANT_COLUMNS, type ApplicantColumn, type FoiAnnualTable, type FoiService, TABLE_ROWS, type TableRow } from '../foi/index.js';
