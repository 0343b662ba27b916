/**
 * The secrets-handling parts of accounts: password hashing, one-time codes, sign-in throttling
 * and keyed hashes. Every check here takes the same path for people who exist and people who
 * do not, so no answer tells an outsider whether someone has an account.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Database, Runner } from '../../db/client.js';
import { BadRequestError, TooManyError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import * as repo from './repo.js';

let ARGON2: Parameters<typeof hash>[1] = { algorithm: 2 }; // argon2id with the library's OWASP-level defaults
let DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$/ljWPu1vvbCI7tEZOVF6RA$R6T7ZJvDStT30cddnoYAB70aeUtRIA88YdcfLcvFGYE';

/**
 * For the test suite only (test/helpers.ts and its global setup call it; nothing in src/ does):
 * argon2id at its cheapest (1 MiB, one pass), so the suite's thousands of sign-ins and accounts do
 * not each spend the 19 MiB and two passes that make a password costly to guess. Hashes still
 * verify either way (the parameters are in the hash), and the dummy hash for unknown accounts
 * takes the same parameters, so both paths stay alike.
 */
export function cheapPasswordHashingForTests(): void {
  ARGON2 = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };
  DUMMY_HASH = '$argon2id$v=19$m=1024,t=1,p=1$dGVzdHMtb25seS1zYWx0$vz6+rYNCNARpq/rV3bI6BDGgFLuGLnipZuezIWnOeoo';
}

export const CODE_MINUTES = 10;
const CODE_MAX_ATTEMPTS = 5;
const CODE_RESEND_SECONDS = 60;
const CODES_PER_DAY = 10;

export const LOCK_AFTER = 5;
const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_MINUTES = 15;

/** When failures lock an identifier: `after` failures within the window lock it for `lockSeconds`. */
export interface LockPolicy {
  after: number;
  windowSeconds: number;
  lockSeconds: number;
  /** the message while locked, given the minutes left; the sign-in's by default */
  message?: (minutes: number) => string;
}
const SIGN_IN: LockPolicy = { after: LOCK_AFTER, windowSeconds: FAILURE_WINDOW_SECONDS, lockSeconds: LOCK_MINUTES * 60 };

/**
 * Failures against one account from every address within an hour after which it is slowed down:
 * each address then gets one attempt per lock period instead of five (docs/decisions/0010-sign-in-lockout.md).
 */
export const SLOW_AFTER = 20;
const ACCOUNT_WINDOW_SECONDS = 60 * 60;
/** the account-wide count only slows sign-in down, it never locks: a threshold it cannot reach */
const ACCOUNT_WIDE: LockPolicy = { after: 2_147_483_647, windowSeconds: ACCOUNT_WINDOW_SECONDS, lockSeconds: 0 };

/**
 * Whose sign-in attempts are counted together: the account the identifier resolves to, however
 * it was typed, or else the normalised identifier itself (so an unknown one is counted the same
 * way and the answers tell nothing about who has an account).
 */
export const signInSubject = (account: { id: number } | undefined, normalised: string) => (account ? `account:${account.id}` : `id:${normalised.toLowerCase()}`);

/** signup, login, reset: accounts; letter: proving a phone number before writing to a mailbox */
export type CodePurpose = 'signup' | 'login' | 'reset' | 'letter';

/** A password good enough for a public service: 8 to 200 characters with letters and digits. */
export function checkPasswordRules(password: string): void {
  if (password.length < 8 || password.length > 200 || !/[A-Za-z]/.test(password) || !/\d/.test(password))
    throw new BadRequestError(t('account.weakPassword'), 'weak_password');
}

/** A random password that always meets the rules above (base64url alone may lack a digit or a letter). */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url');
    if (/[A-Za-z]/.test(candidate) && /\d/.test(candidate)) return candidate;
  }
}

export const hashPassword = (password: string) => hash(password, ARGON2);

/** Verify against the stored hash, or against a dummy one so unknown accounts take as long. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const ok = await verify(stored ?? DUMMY_HASH, password).catch(() => false);
  return ok && !!stored;
}

export function keyedHash(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url');
}

export function createCredentials(database: Database, secret: string) {
  const { db } = database;
  const codeHash = (target: string, code: string) => keyedHash(secret, 'code', `${target}|${code}`);

  return {
    /**
     * Throw while the identifier is locked after too many failures. The default policy is the
     * sign-in's (5 failures in 15 minutes lock for 15 minutes); other guessable secrets pass their
     * own, with the message a person should see while it lasts.
     */
    async assertNotLocked(identifier: string, policy: LockPolicy = SIGN_IN) {
      const until = await repo.lockedUntil(db, `login:${identifier.toLowerCase()}`);
      if (until) {
        const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
        throw new TooManyError(policy.message ? policy.message(minutes) : t('auth.locked', { minutes }));
      }
    },
    async failed(identifier: string, policy: LockPolicy = SIGN_IN) {
      await repo.recordFailure(db, `login:${identifier.toLowerCase()}`, policy.after, policy.windowSeconds, policy.lockSeconds);
    },
    async succeeded(identifier: string) {
      await repo.clearFailures(db, `login:${identifier.toLowerCase()}`);
    },

    /**
     * Sign-in lock-outs (docs/decisions/0010-sign-in-lockout.md): five failures against one account from one client
     * address lock that address out of that account for 15 minutes; other addresses, the owner's
     * among them, keep trying. Twenty failures against the account from all addresses within an
     * hour slow every address down to one attempt per 15 minutes, never shutting the owner out.
     */
    async assertMaySignIn(subject: string, from: string) {
      const here = `${subject}@${from}`;
      await this.assertNotLocked(here);
      if ((await repo.failuresOf(db, `login:${subject}`, ACCOUNT_WINDOW_SECONDS)) >= SLOW_AFTER && (await repo.failuresOf(db, `login:${here}`, FAILURE_WINDOW_SECONDS)) >= 1)
        throw new TooManyError(t('auth.slowed', { minutes: LOCK_MINUTES }));
    },
    async signInFailed(subject: string, from: string) {
      await this.failed(`${subject}@${from}`);
      await this.failed(subject, ACCOUNT_WIDE);
    },
    async signInSucceeded(subject: string, from: string) {
      await this.succeeded(`${subject}@${from}`);
      await this.succeeded(subject);
    },

    /**
     * Make a code for the target, paced (one a minute, ten a day). The caller decides whether
     * to send it — it is made either way, so the pace is the same for every target.
     */
    async issueCode(tx: Runner, purpose: CodePurpose, target: string): Promise<string> {
      const now = Date.now();
      const recent = await repo.codesSince(tx, target, purpose, new Date(now - 86_400_000));
      if (recent[0] && now - recent[0].getTime() < CODE_RESEND_SECONDS * 1000)
        throw new TooManyError(t('auth.codeTooSoon', { seconds: CODE_RESEND_SECONDS }));
      if (recent.length >= CODES_PER_DAY) throw new TooManyError(t('auth.codeTooMany'));
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await repo.insertCode(tx, {
        purpose,
        target,
        codeHash: codeHash(target, code),
        expiresAt: new Date(now + CODE_MINUTES * 60_000),
      });
      return code;
    },

    /** Use up the code if it is right; a wrong one counts, and five wrong ones spend it. */
    async consumeCode(tx: Runner, purpose: CodePurpose, target: string, code: string): Promise<boolean> {
      const row = await repo.liveCode(tx, target, purpose);
      if (!row || row.attempts >= CODE_MAX_ATTEMPTS || !/^\d{6}$/.test(code)) {
        if (row) await repo.countCodeAttempt(tx, row.id);
        return false;
      }
      const expected = Buffer.from(row.codeHash);
      const given = Buffer.from(codeHash(target, code));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        await repo.countCodeAttempt(tx, row.id);
        return false;
      }
      await repo.consumeCode(tx, row.id);
      return true;
    },
  };
}

export type Credentials = ReturnType<typeof createCredentials>;
