/**
 * What a submission (and a resubmission after 补正) must satisfy, in one place: the answers read
 * against the form the case uses (a field of another item, a missing required field, a wrong
 * format are each a problem with its Chinese message), the form's file fields filled from the
 * case's uploaded materials, and every required material of the guide uploaded, reused, or
 * 免提交 (fetched by the department). Also how uploads are recognised: by their first bytes.
 */
import type { Received } from '../../lib/files/index.js';
import { cleanText } from '../../lib/text.js';
import type { ItemFacts } from './context.js';
import { type AnswerProblem, type Answers, type FileRef, readAnswers } from './form-answers.js';
import { FILE_CONTENT_TYPES, type FileKind, type FormDefinition } from './form-notation.js';
import { checkMaterials, type MaterialSlot, materialSlots } from './materials.js';
import { msg } from './messages.js';
import type * as repo from './repo.js';

export type Slot = MaterialSlot & { exempt: boolean };

/** The case's upload slots: the guide's materials (免提交 ones marked) and the form's other file fields. */
export function slotsFor(item: ItemFacts, form: FormDefinition | null): Slot[] {
  const exempt = new Set(item.materials.filter((m) => m.exempt).map((m) => m.name));
  return materialSlots(item.materials, form).map((s) => ({ ...s, exempt: !s.field && exempt.has(s.name) }));
}

const refOf = (m: repo.MaterialRow): FileRef => ({ id: String(m.id), name: m.filename, contentType: m.contentType, size: m.size });

/** Check answers and materials together; the answers come back cleaned. */
export function checkSubmission(
  form: FormDefinition,
  slots: readonly Slot[],
  raw: unknown,
  materials: readonly repo.MaterialRow[],
  today: string,
): { answers: Answers; problems: AnswerProblem[] } {
  // 免证办: a slot a certificate the portal issued is filed in needs no upload (operations/automation.ts)
  const certified = new Set(materials.filter((m) => m.source === 'certificate').map((m) => m.slot));
  if (certified.size) form = { ...form, fields: form.fields.map((f) => (f.type === 'file' && certified.has(f.key) ? { ...f, required: false, requiredWhen: undefined } : f)) };
  const fileFields = new Set(form.fields.filter((f) => f.type === 'file').map((f) => f.key));
  const given = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : raw;
  if (given && typeof given === 'object') {
    // a file field's answer is what was uploaded into its slot, whatever the client sent for it
    for (const key of fileFields) {
      const files = materials.filter((m) => m.slot === key && m.source !== 'fetched' && m.source !== 'certificate').map(refOf);
      if (files.length) (given as Record<string, unknown>)[key] = files;
      else delete (given as Record<string, unknown>)[key];
    }
  }
  const read = readAnswers(form, given, { today });
  const guideSlots = slots.filter((s) => !s.field).map((s) => (s.exempt || certified.has(s.key) ? { ...s, required: false } : s));
  const bySlot: Record<string, FileRef[]> = {};
  for (const m of materials) {
    if (fileFields.has(m.slot)) continue;
    if (m.source === 'fetched' || m.source === 'certificate') continue;
    const list = bySlot[m.slot] ?? [];
    list.push(refOf(m));
    bySlot[m.slot] = list;
  }
  return { answers: read.answers, problems: [...read.problems, ...checkMaterials(guideSlots, bySlot)] };
}

/** Uploads are PDF and images, recognised by their first bytes whatever their name says. */
const SIGNATURES: { type: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/gif', ext: 'gif', test: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', ext: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** An upload as a route hands it over: bytes in memory, or a file streamed into the store. */
export interface UploadInput {
  filename: string;
  data?: Buffer;
  received?: Received;
}
export interface CheckedUpload extends UploadInput {
  filename: string;
  contentType: string;
  size: number;
}

/** Check uploads for one slot: kind by content, size, count (with what is already in the slot). */
/** what a file's first bytes say it is (its name and declared type do not count), or undefined */
export const sniffKind = (file: UploadInput): { type: string; ext: string } | undefined => {
  const head = file.data ?? file.received?.head ?? Buffer.alloc(0);
  return SIGNATURES.find((s) => s.test(head));
};

export function checkUploads(slot: Slot, files: readonly UploadInput[], already: number): { uploads: CheckedUpload[]; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const uploads: CheckedUpload[] = [];
  const report = (message: string) => problems.push({ where: '', field: slot.name, path: slot.key, message });
  if (already + files.length > slot.maxFiles) report(msg('error.fileCount', { slot: slot.name, max: slot.maxFiles }));
  const accepted = new Set(slot.accept.flatMap((k: FileKind) => FILE_CONTENT_TYPES[k]));
  const kinds = slot.accept.map((k) => msg(`form.fileKind.${k}`)).join('、');
  for (const f of files) {
    const name = cleanText(f.filename || '', { max: 100 }) || slot.name;
    const size = f.data?.length ?? f.received?.size ?? 0;
    const head = f.data ?? f.received?.head ?? Buffer.alloc(0);
    const kind = SIGNATURES.find((s) => s.test(head));
    if (f.received?.truncated || size > slot.maxSizeMb * 1024 * 1024) report(msg('error.fileSize', { name, max: slot.maxSizeMb }));
    else if (size === 0) report(msg('error.fileEmpty', { name }));
    else if (!kind || !accepted.has(kind.type)) report(msg('error.fileType', { slot: slot.name, kinds, name }));
    else uploads.push({ ...f, filename: `${name.replace(/\.[^.]*$/, '')}.${kind.ext}`, contentType: kind.type, size });
  }
  return { uploads, problems };
}
