/**
 * Materials (申请材料): every material the guide lists becomes an upload slot of the online
 * application. A form may collect a material in a file field of its own (its `material` names the
 * guide's material); the others get a slot of their own, PDF or images. A file field naming a
 * material the guide does not list is a mistake the catalogue's review should catch.
 */
import type { Problem } from '../../lib/validation.js';
import { type AnswerProblem, type FileRef, readAnswers } from './form-answers.js';
import { DEFAULTS, type FileKind, type FormDefinition } from './form-notation.js';
import { msg } from './messages.js';

/** What the guide says of a material (the catalogue's Material, the part that matters here). */
export interface GuideMaterial {
  name: string;
  required: boolean;
}

export interface MaterialSlot {
  /** the form field's key, or the material's name: what an upload is filed under */
  key: string;
  name: string;
  required: boolean;
  accept: FileKind[];
  maxFiles: number;
  maxSizeMb: number;
  /** the form's file field that collects it, if any */
  field?: string;
}

/** The upload slots of an application: the guide's materials, then the form's other file fields. */
export function materialSlots(guide: readonly GuideMaterial[], form: FormDefinition | null): MaterialSlot[] {
  const fileFields = (form?.fields ?? []).flatMap((f) => (f.type === 'file' ? [f] : []));
  const slots: MaterialSlot[] = guide.map((m) => {
    const field = fileFields.find((f) => f.material === m.name);
    return field
      ? {
          key: field.key,
          name: m.name,
          required: m.required || field.required === true,
          accept: field.accept,
          maxFiles: field.maxFiles ?? DEFAULTS.maxFiles,
          maxSizeMb: field.maxSizeMb ?? DEFAULTS.maxSizeMb,
          field: field.key,
        }
      : { key: m.name, name: m.name, required: m.required, accept: ['pdf', 'image'], maxFiles: DEFAULTS.maxFiles, maxSizeMb: DEFAULTS.maxSizeMb };
  });
  const named = new Set(guide.map((m) => m.name));
  for (const f of fileFields) {
    if (f.material && named.has(f.material)) continue;
    slots.push({
      key: f.key,
      name: f.label,
      required: f.required === true,
      accept: f.accept,
      maxFiles: f.maxFiles ?? DEFAULTS.maxFiles,
      maxSizeMb: f.maxSizeMb ?? DEFAULTS.maxSizeMb,
      field: f.key,
    });
  }
  return slots;
}

/** A form's file fields that name a material the guide does not list. */
export function checkFormAgainstGuide(form: FormDefinition, guide: readonly GuideMaterial[]): Problem[] {
  const named = new Set(guide.map((m) => m.name));
  return form.fields.flatMap((f) =>
    f.type === 'file' && f.material && !named.has(f.material) ? [{ where: '', field: f.label, message: msg('materials.notInGuide', { material: f.material }) }] : [],
  );
}

/**
 * Check the files filed under each slot: every required slot has one, no file under a slot that
 * does not exist, kinds, counts and sizes. The same rules and messages as a form's file field.
 */
export function checkMaterials(slots: readonly MaterialSlot[], files: Readonly<Record<string, FileRef[]>>): AnswerProblem[] {
  const keys = new Map<string, string>();
  const fields = slots.map((s, i) => {
    const key = `m${i}`;
    keys.set(key, s.key);
    return { key, type: 'file' as const, label: s.name, accept: s.accept, maxFiles: s.maxFiles, maxSizeMb: s.maxSizeMb, required: s.required };
  });
  const problems: AnswerProblem[] = [];
  const answers: Record<string, FileRef[]> = {};
  const byKey = new Map(slots.map((s, i) => [s.key, `m${i}`]));
  for (const [slot, list] of Object.entries(files)) {
    const key = byKey.get(slot);
    if (key) answers[key] = list;
    else problems.push({ where: '', field: slot, path: slot, message: msg('materials.unknownSlot', { slot }) });
  }
  if (fields.length === 0) return problems;
  const read = readAnswers({ fields }, answers);
  return [...problems, ...read.problems.map((p) => ({ ...p, path: keys.get(p.path) ?? p.path }))];
}
