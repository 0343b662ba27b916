/** The shapes of catalogue rows as repo.ts reads them; present.ts turns them into views. */
import type { departments, forms, halls, items, specialGroups, themes } from '../../db/schema/catalog.js';

export type DepartmentRow = typeof departments.$inferSelect;
export type HallRow = typeof halls.$inferSelect;
export type ThemeRow = typeof themes.$inferSelect;
export type SpecialGroupRow = typeof specialGroups.$inferSelect;
export type FormRow = typeof forms.$inferSelect;
export type ItemRow = typeof items.$inferSelect;

export type ItemSummaryRow = Pick<ItemRow, 'id' | 'code' | 'implCode' | 'name' | 'aliases' | 'type' | 'targets' | 'summary' | 'status' | 'onlineDepth' | 'visits' | 'promisedLimitDays' | 'limitKind' | 'parentId'> & {
  departmentId: number;
  departmentName: string;
};

/** An item with what the search index needs of it. */
export interface ItemSearchRow {
  id: number;
  name: string;
  aliases: string[];
  type: string;
  targets: string[];
  summary: string;
  conditions: string[];
  materials: { name: string }[];
  results: { name: string };
  faq: { q: string; a: string }[];
  status: string;
  departmentId: number;
  departmentName: string;
  departmentShortName: string;
  parentName: string | null;
  themes: { slug: string; name: string }[];
}
