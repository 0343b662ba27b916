/**
 * A certificate's code: what its QR code carries and a person types to verify it. Twenty
 * characters from an alphabet without the look-alikes 0/O and 1/I (32 characters, so each byte's
 * low five bits pick one uniformly): 100 random bits, far beyond guessing even without the rate
 * limit. Shown and linked in four groups of five (K7M2Q-9XH4T-…); read back in any case, with
 * or without the dashes and spaces people add.
 */
import { randomBytes } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 20;
const CANONICAL = /^[2-9A-HJ-NP-Z]{20}$/;

/** A fresh code, canonical (no dashes). */
export function newCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b & 31];
  return code;
}

/** The canonical code of what someone typed or scanned, or undefined when it cannot be one. */
export function parseCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 64) return undefined;
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  return CANONICAL.test(s) ? s : undefined;
}

/** K7M2Q-9XH4T-3PVNA-8RWCE: how a code is shown, linked, audited and handed to other modules */
export const formatCode = (code: string) => code.replace(/-/g, '').match(/.{1,5}/g)?.join('-') ?? code;

/** Where the QR code leads: the public verification page on the portal's public address. */
export const verifyUrlOf = (publicUrl: string, code: string) => `${publicUrl}/verify/${formatCode(code)}`;
