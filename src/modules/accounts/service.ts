/**
 * Accounts: citizens and enterprises sign up with a mobile number or an e-mail address proven by
 * a one-time code, sign in with a password or a code, reset a forgotten password, and may sign
 * in through the city's identity platform; staff accounts are managed in `staff.ts`. Answers to
 * sign-up, sign-in and reset never reveal whether an account exists.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Runner } from '../../db/client.js';
import {
  type Contact,
  maskContact,
  maskEmail,
  maskIdNumber,
  maskPhone,
  normalizeCreditCode,
  normalizeIdNumber,
  parseContact,
} from '../../lib/identity.js';
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { t } from '../../web/i18n/index.js';
import { recordAudit } from '../audit/index.js';
import type { Channel, NotifyService, Template } from '../notify/index.js';
import { type CodePurpose, CODE_MINUTES, checkPasswordRules, createCredentials, hashPassword, keyedHash, signInSubject, verifyPassword } from './credentials.js';
import type { OidcClaims } from './oidc.js';
import type { Principal, StaffRole } from '../../lib/principal.js';
import * as repo from './repo.js';
import { type NewToken, createSessions, principalOf } from './sessions.js';
import { actorOf, createStaffAdmin } from './staff.js';

export { STAFF_ROLES, type StaffRole } from '../../lib/principal.js';

export interface SignUp {
  contact: string;
  code: string;
  name: string;
  password: string;
  kind: 'citizen' | 'enterprise';
  enterpriseName?: string;
  creditCode?: string;
}

export function parseContactOrThrow(raw: string): Contact {
  const contact = parseContact(raw ?? '');
  if (!contact) throw new BadRequestError(t('auth.badContact'), 'bad_contact');
  return contact;
}

function cleanName(raw: string, max = 40): string {
  const name = cleanText(raw ?? '').trim();
  if (!name || [...name].length > max) throw new BadRequestError(t('account.badDisplayName'));
  return name;
}

const contactColumns = (c: Contact) => ({ phone: c.kind === 'phone' ? c.value : null, email: c.kind === 'email' ? c.value : null });

export function presentAccount(u: repo.UserRow, enterprise?: repo.EnterpriseRow) {
  return {
    id: u.id,
    kind: u.kind,
    displayName: u.displayName,
    phone: u.phone ? maskPhone(u.phone) : null,
    email: u.email ? maskEmail(u.email) : null,
    idNumber: u.idNumberMasked,
    notifyChannels: u.notifyChannels,
    hasPassword: !!u.passwordHash,
    enterprise: enterprise ? { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode, role: u.enterpriseRole } : null,
  };
}

export function createAccountService(database: Database, deps: { notify: NotifyService; secret: string }) {
  const { db } = database;
  const credentials = createCredentials(database, deps.secret);
  const sessions = createSessions(database);
  const staff = createStaffAdmin(database);
  const { notify } = deps;

  const channelOf = (c: Contact): Channel => (c.kind === 'phone' ? 'sms' : 'email');
  const toOf = (c: Contact) => (c.kind === 'phone' ? { phone: c.value } : { email: c.value });

  /** Send a one-time code — or, where a code would reveal or do nothing, a notice or nothing at all. */
  async function sendCode(purpose: CodePurpose, raw: string) {
    const contact = parseContactOrThrow(raw);
    await db.transaction(async (tx) => {
      const code = await credentials.issueCode(tx, purpose, contact.value);
      const existing = await repo.findUserByContact(tx, contact.kind, contact.value);
      const send = (template: Template, vars: Record<string, string | number>) =>
        notify.enqueue(tx, { template, vars, to: toOf(contact), channels: [channelOf(contact)] });
      if (purpose === 'letter') {
        await send('verification-code', { code, minutes: CODE_MINUTES });
      } else if (purpose === 'signup') {
        if (existing) await send('account-exists', { contact: maskContact(contact) });
        else await send('verification-code', { code, minutes: CODE_MINUTES });
      } else if (existing && existing.status === 'active' && existing.kind !== 'staff') {
        await send('verification-code', { code, minutes: CODE_MINUTES });
      }
    });
    return { contact: contact.value, sentTo: maskContact(contact) };
  }

  /** Check a code in its own transaction, so a wrong guess is counted even though the caller fails. */
  async function useCode(purpose: CodePurpose, contact: Contact, code: string) {
    return db.transaction((tx) => credentials.consumeCode(tx, purpose, contact.value, (code ?? '').trim()));
  }

  const service = {
    sessions,
    staff,
    credentials,
    sendCode,

    /** Whether the code proves the contact (a wrong one is counted); for other modules, e.g. letters. */
    async checkCode(purpose: CodePurpose, rawContact: string, code: string) {
      return useCode(purpose, parseContactOrThrow(rawContact), code);
    },

    /**
     * How to reach people, for modules that notify many at once: the message box plus the
     * channels each person chose (`notifyAccount` does the same for one person).
     */
    async contactsFor(tx: Runner, where: { ids: number[] } | { departmentIds: (number | null)[]; roles: StaffRole[] }) {
      return (await repo.contacts(tx, where)).map((u) => ({
        id: u.id,
        departmentId: u.departmentId,
        to: { accountId: u.id, phone: u.phone ?? undefined, email: u.email ?? undefined },
        channels: ['inbox', ...u.notifyChannels] as Channel[],
      }));
    },

    /** A new citizen or enterprise account, after the code proves the contact belongs to the person. */
    async signUp(input: SignUp) {
      const contact = parseContactOrThrow(input.contact);
      const name = cleanName(input.name);
      checkPasswordRules(input.password ?? '');
      let enterprise: { name: string; creditCode: string } | undefined;
      if (input.kind === 'enterprise') {
        const creditCode = normalizeCreditCode(input.creditCode ?? '');
        if (!creditCode) throw new BadRequestError(t('auth.badCreditCode'), 'bad_credit_code');
        enterprise = { name: cleanName(input.enterpriseName ?? '', 100), creditCode };
        if (await repo.findEnterpriseByCreditCode(db, creditCode)) throw new ConflictError(t('auth.enterpriseTaken'));
      }
      const passwordHash = await hashPassword(input.password);
      if (!(await useCode('signup', contact, input.code))) throw new BadRequestError(t('auth.badCode'), 'bad_code');
      const user = await db.transaction(async (tx) => {
        // the code was sent only because no account had this contact; a race ends in the unique index
        if (await repo.findUserByContact(tx, contact.kind, contact.value)) throw new BadRequestError(t('auth.badCode'), 'bad_code');
        const ent = enterprise ? await repo.insertEnterprise(tx, enterprise) : undefined;
        const row = await repo.insertUser(tx, {
          kind: input.kind,
          displayName: name,
          ...contactColumns(contact),
          notifyChannels: [contact.kind === 'phone' ? 'sms' : 'email'],
          passwordHash,
          enterpriseId: ent?.id ?? null,
          enterpriseRole: ent ? 'owner' : null,
        });
        await recordAudit(tx, { id: `user:${row.id}`, name }, [
          { action: 'account.signup', entity: 'user', entityId: row.id, after: { kind: row.kind, contact: maskContact(contact), enterprise: ent?.creditCode } },
        ]);
        await notify.enqueue(tx, { template: 'welcome', vars: { name }, to: { accountId: row.id }, channels: ['inbox'] });
        return row;
      });
      return principalOf(user);
    },

    /** Sign a citizen or enterprise person in by contact and password. */
    async signIn(identifier: string, password: string, from = ''): Promise<Principal> {
      const key = (identifier ?? '').trim().slice(0, 254);
      if (!key || !password) throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
      const contact = parseContact(key);
      const found = contact ? await repo.findUserByContact(db, contact.kind, contact.value) : undefined;
      // staff do not sign in here: counted under the identifier, as anyone without an account
      const user = found?.kind === 'staff' ? undefined : found;
      const subject = signInSubject(user, contact?.value ?? key);
      await credentials.assertMaySignIn(subject, from);
      const ok = await verifyPassword(user?.passwordHash, password.slice(0, 200));
      if (!user || !ok || user.status !== 'active') {
        await credentials.signInFailed(subject, from);
        throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
      }
      await credentials.signInSucceeded(subject, from);
      return principalOf(user);
    },

    /** Sign a staff member in by username and password (the back office and the token endpoint). */
    async signInStaff(username: string, password: string, from = ''): Promise<Principal> {
      const key = (username ?? '').trim().slice(0, 60);
      if (!key || !password) throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
      const found = await repo.findUserByUsername(db, key);
      const user = found?.kind === 'staff' ? found : undefined;
      const subject = signInSubject(user, key);
      await credentials.assertMaySignIn(subject, from);
      const ok = await verifyPassword(user?.passwordHash, password.slice(0, 200));
      if (!user || !ok || user.status !== 'active') {
        await credentials.signInFailed(subject, from);
        throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
      }
      await credentials.signInSucceeded(subject, from);
      return principalOf(user);
    },

    /** Sign in with a one-time code instead of a password (短信验证码登录). */
    async signInWithCode(raw: string, code: string, from = ''): Promise<Principal> {
      const contact = parseContactOrThrow(raw);
      const found = await repo.findUserByContact(db, contact.kind, contact.value);
      const subject = signInSubject(found?.kind === 'staff' ? undefined : found, contact.value);
      await credentials.assertMaySignIn(subject, from);
      const ok = await useCode('login', contact, code);
      const user = ok ? found : undefined;
      if (user?.status !== 'active' || user.kind === 'staff') {
        await credentials.signInFailed(subject, from);
        throw new BadRequestError(t('auth.badCode'), 'bad_code');
      }
      await credentials.signInSucceeded(subject, from);
      return principalOf(user);
    },

    /** Set a new password with a code; every session of the account ends. */
    async resetPassword(raw: string, code: string, password: string) {
      const contact = parseContactOrThrow(raw);
      checkPasswordRules(password ?? '');
      const passwordHash = await hashPassword(password);
      const ok = await useCode('reset', contact, code);
      const user = ok ? await repo.findUserByContact(db, contact.kind, contact.value) : undefined;
      if (!user || user.kind === 'staff') throw new BadRequestError(t('auth.badCode'), 'bad_code');
      await credentials.succeeded(signInSubject(user, contact.value));
      await db.transaction(async (tx) => {
        await repo.updateUser(tx, user.id, { passwordHash });
        await repo.deleteSessionsOf(tx, user.id);
        await recordAudit(tx, { id: `user:${user.id}`, name: user.displayName }, [
          { action: 'account.reset', entity: 'user', entityId: user.id, note: maskContact(contact) },
        ]);
        await notify.enqueue(tx, { template: 'password-changed', vars: { name: user.displayName }, to: { accountId: user.id }, channels: ['inbox'] });
      });
    },

    /** The account's own phone number, unmasked, which it proved at sign-up (null when it has none). */
    async verifiedPhone(userId: number): Promise<string | null> {
      return (await repo.findUserById(db, userId))?.phone ?? null;
    },

    async account(userId: number) {
      const user = await repo.findUserById(db, userId);
      if (!user) throw new NotFoundError(t('account.notFound'));
      const enterprise = user.enterpriseId ? await repo.findEnterprise(db, user.enterpriseId) : undefined;
      return presentAccount(user, enterprise);
    },

    /** Change the display name and, optionally, record a checked ID-card number (kept masked). */
    async updateProfile(p: Principal, input: { displayName: string; idNumber?: string }) {
      const displayName = cleanName(input.displayName);
      const values: Parameters<typeof repo.updateUser>[2] = { displayName };
      const idRaw = (input.idNumber ?? '').trim();
      if (idRaw) {
        const id = normalizeIdNumber(idRaw);
        if (!id) throw new BadRequestError(t('auth.badIdNumber'), 'bad_id_number');
        values.idNumberHash = keyedHash(deps.secret, 'id-number', id);
        values.idNumberMasked = maskIdNumber(id);
        if (await repo.idNumberTaken(db, values.idNumberHash, p.userId)) throw new ConflictError(t('auth.idNumberTaken'));
      }
      await db.transaction(async (tx) => {
        const before = await repo.findUserById(tx, p.userId);
        await repo.updateUser(tx, p.userId, values);
        await recordAudit(tx, actorOf(p), [
          {
            action: 'account.profile',
            entity: 'user',
            entityId: p.userId,
            before: { displayName: before?.displayName, idNumber: before?.idNumberMasked },
            after: { displayName, idNumber: values.idNumberMasked ?? before?.idNumberMasked },
          },
        ]);
      });
    },

    /** The channels besides the message box that the person wants notices on. */
    async setChannels(p: Principal, channels: string[]) {
      const user = await repo.findUserById(db, p.userId);
      if (!user) throw new NotFoundError(t('account.notFound'));
      const chosen = [...new Set(channels)].filter((c): c is 'email' | 'sms' => c === 'email' || c === 'sms');
      if (chosen.length !== new Set(channels).size) throw new BadRequestError(t('account.badChannel'));
      if (chosen.includes('sms') && !user.phone) throw new BadRequestError(t('account.noPhoneForSms'));
      if (chosen.includes('email') && !user.email) throw new BadRequestError(t('account.noEmailForMail'));
      await repo.updateUser(db, p.userId, { notifyChannels: chosen });
    },

    async changePassword(p: Principal, current: string, next: string) {
      const user = await repo.findUserById(db, p.userId);
      if (!user) throw new NotFoundError(t('account.notFound'));
      if (user.passwordHash && !(await verifyPassword(user.passwordHash, current ?? ''))) throw new BadRequestError(t('account.wrongPassword'), 'wrong_password');
      checkPasswordRules(next ?? '');
      const passwordHash = await hashPassword(next);
      await db.transaction(async (tx) => {
        await repo.updateUser(tx, p.userId, { passwordHash });
        await repo.deleteSessionsOf(tx, p.userId);
        await recordAudit(tx, actorOf(p), [{ action: 'account.password', entity: 'user', entityId: p.userId }]);
      });
    },

    // ---- enterprise people ---------------------------------------------------------------------

    async members(p: Principal) {
      if (!p.enterpriseId) throw new NotFoundError(t('account.notFound'));
      const rows = await repo.enterpriseMembers(db, p.enterpriseId);
      return rows.map((u) => ({ ...presentAccount(u), role: u.enterpriseRole, status: u.status }));
    },

    /** The enterprise's administrator adds a person who may act for it; they set a password by reset. */
    async addMember(p: Principal, input: { name: string; contact: string }) {
      if (!p.enterpriseId || p.enterpriseRole !== 'owner') throw new NotFoundError(t('account.notFound'));
      const name = cleanName(input.name);
      const contact = parseContactOrThrow(input.contact);
      const enterprise = await repo.findEnterprise(db, p.enterpriseId);
      await db.transaction(async (tx) => {
        if (await repo.findUserByContact(tx, contact.kind, contact.value)) throw new ConflictError(t('enterprise.contactTaken'));
        const row = await repo.insertUser(tx, {
          kind: 'enterprise',
          displayName: name,
          ...contactColumns(contact),
          notifyChannels: [contact.kind === 'phone' ? 'sms' : 'email'],
          enterpriseId: p.enterpriseId,
          enterpriseRole: 'member',
        });
        await recordAudit(tx, actorOf(p), [
          { action: 'enterprise.member.add', entity: 'user', entityId: row.id, after: { name, contact: maskContact(contact), enterprise: enterprise?.creditCode } },
        ]);
        await notify.enqueue(tx, {
          template: 'enterprise-invite',
          vars: { name, enterprise: enterprise?.name ?? '' },
          to: toOf(contact),
          channels: [channelOf(contact)],
        });
      });
    },

    async setMemberStatus(p: Principal, memberId: number, status: 'active' | 'disabled') {
      if (!p.enterpriseId || p.enterpriseRole !== 'owner') throw new NotFoundError(t('account.notFound'));
      const member = await repo.findUserById(db, memberId);
      if (!member || member.enterpriseId !== p.enterpriseId || member.enterpriseRole !== 'member') throw new NotFoundError(t('account.notFound'));
      await db.transaction(async (tx) => {
        await repo.updateUser(tx, memberId, { status });
        if (status === 'disabled') await repo.deleteSessionsOf(tx, memberId);
        await recordAudit(tx, actorOf(p), [
          { action: 'enterprise.member.status', entity: 'user', entityId: memberId, before: { status: member.status }, after: { status } },
        ]);
      });
    },

    // ---- the city's identity platform ----------------------------------------------------------

    /** The account for a verified identity-platform login: linked before, found by a verified contact, or new. */
    async signInWithIdentity(claims: OidcClaims): Promise<Principal> {
      const user = await db.transaction(async (tx) => {
        const linked = await repo.userIdByIdentity(tx, claims.issuer, claims.subject);
        if (linked !== undefined) return repo.findUserById(tx, linked);
        const phone = claims.phone && claims.phoneVerified ? parseContact(claims.phone) : undefined;
        const email = claims.email && claims.emailVerified ? parseContact(claims.email) : undefined;
        let row: repo.UserRow | undefined;
        for (const c of [phone, email]) {
          if (!row && c) row = await repo.findUserByContact(tx, c.kind, c.value);
        }
        if (row?.kind === 'staff') row = undefined;
        if (!row) {
          row = await repo.insertUser(tx, {
            kind: 'citizen',
            displayName: cleanText(claims.name ?? '').slice(0, 40) || t('account.defaultName'),
            phone: phone?.kind === 'phone' ? phone.value : null,
            email: email?.kind === 'email' ? email.value : null,
          });
          await recordAudit(tx, { id: `user:${row.id}`, name: row.displayName }, [
            { action: 'account.signup', entity: 'user', entityId: row.id, after: { kind: 'citizen', via: claims.issuer } },
          ]);
        }
        await repo.linkIdentity(tx, claims.issuer, claims.subject, row.id);
        return row;
      });
      if (user?.status !== 'active') throw new UnauthorizedError(t('auth.accountDisabled'));
      return principalOf(user);
    },

    // ---- API tokens ------------------------------------------------------------------------------

    async createToken(p: Principal, input: NewToken) {
      const token = await sessions.createToken(p, input);
      await db.transaction((tx) =>
        recordAudit(tx, actorOf(p), [
          { action: 'token.create', entity: 'token', entityId: token.id, after: { name: token.name, scopes: token.scopes, expiresAt: token.expiresAt }, departmentId: p.departmentId },
        ]),
      );
      return token;
    },

    async revokeToken(p: Principal, id: number) {
      const token = await sessions.revokeToken(p, id);
      await db.transaction((tx) =>
        recordAudit(tx, actorOf(p), [{ action: 'token.revoke', entity: 'token', entityId: id, before: { name: token.name, scopes: token.scopes }, departmentId: p.departmentId }]),
      );
    },

    /** Create the demo accounts that do not exist yet (the demo seed; idempotent). */
    async ensureDemoAccounts(demo: DemoAccounts) {
      for (const st of demo.staff) {
        if (await repo.findUserByUsername(db, st.username)) continue;
        await staff.createStaff({ ...st, password: demo.password });
      }
      let hashed: string | undefined;
      const password = async () => (hashed ??= await hashPassword(demo.password));
      for (const c of demo.citizens) {
        if (await repo.findUserByContact(db, 'phone', c.phone)) continue;
        const passwordHash = await password();
        const id = normalizeIdNumber(c.idNumber ?? '');
        await repo.insertUser(db, {
          kind: 'citizen',
          displayName: c.displayName,
          phone: c.phone,
          email: c.email ?? null,
          passwordHash,
          notifyChannels: ['sms'],
          idNumberMasked: id ? maskIdNumber(id) : null,
          idNumberHash: id ? keyedHash(deps.secret, 'id-number', id) : null,
        });
      }
      for (const e of demo.enterprises) {
        if (await repo.findEnterpriseByCreditCode(db, e.creditCode)) continue;
        const passwordHash = await password();
        await db.transaction(async (tx) => {
          const ent = await repo.insertEnterprise(tx, { name: e.name, creditCode: e.creditCode });
          await repo.insertUser(tx, { kind: 'enterprise', ...e.owner, email: e.owner.email ?? null, passwordHash, notifyChannels: ['sms'], enterpriseId: ent.id, enterpriseRole: 'owner' });
        });
      }
    },

    // ---- reaching people -----------------------------------------------------------------------

    /** Queue a notice for an account: always to the message box, and to the channels the person chose. */
    async notifyAccount(tx: Runner, userId: number, template: Template, vars: Record<string, string | number>) {
      const user = await repo.findUserById(tx, userId);
      if (user?.status !== 'active') return 0;
      return notify.enqueue(tx, {
        template,
        vars,
        to: { accountId: user.id, phone: user.phone ?? undefined, email: user.email ?? undefined },
        channels: ['inbox', ...user.notifyChannels],
      });
    },
  };
  return service;
}

export type AccountService = ReturnType<typeof createAccountService>;

/** data/demo/accounts.json */
export interface DemoAccounts {
  password: string;
  staff: { username: string; displayName: string; role: string; department?: string; note: string }[];
  citizens: { displayName: string; phone: string; email?: string; idNumber?: string; note: string }[];
  enterprises: { name: string; creditCode: string; owner: { displayName: string; phone: string; email?: string }; note: string }[];
}

/**
 * The key for sessions, codes and keyed hashes: SESSION_SECRET when set (production requires
 * it), otherwise one made on first start and kept in the database, so every process shares it.
 */
export async function loadSecret(database: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const existing = await repo.getMeta(database.db, 'session_secret');
  return existing ?? repo.putMetaOnce(database.db, 'session_secret', randomBytes(32).toString('base64url'));
}
