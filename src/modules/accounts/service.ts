/**
 * The accounts face: citizens and enterprises sign up with a mobile number or an e-mail address
 * proven by a one-time code, sign in with a password or a code, reset a forgotten password, and
 * may sign in through the city's identity platform; staff accounts are managed by
 * administrators. Answers to sign-up, sign-in and reset never reveal whether an account exists.
 * Each operation is a function in operations/<stage>.ts taking the AccountsContext built here.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Runner } from '../../db/client.js';
import type { Principal, StaffRole } from '../../lib/principal.js';
import type { NotifyService, Template } from '../notify/index.js';
import { type AccountsContext, type DepartmentDirectory, NO_DEPARTMENTS } from './context.js';
import { type CodePurpose, createCredentials } from './credentials.js';
import type { OidcClaims } from './oidc.js';
import { checkCode, sendCode } from './operations/codes.js';
import { type DemoAccounts, ensureDemoAccounts } from './operations/demo.js';
import { addMember, members, setMemberStatus } from './operations/enterprise.js';
import { contactsFor, notifyAccount, userNames } from './operations/people.js';
import { account, changePassword, idNumberMatches, setChannels, updateProfile, verifiedPhone } from './operations/profile.js';
import { resetPassword } from './operations/reset.js';
import { signIn, signInStaff, signInWithCode } from './operations/signin.js';
import { type SignUp, signInWithIdentity, signUp } from './operations/signup.js';
import { createToken, revokeToken, tokenList } from './operations/tokens.js';
import * as repo from './repo.js';
import { type NewToken, createSessions, principalOf } from './sessions.js';
import { staffFace } from './staff.js';

export type { DemoAccounts } from './operations/demo.js';
export type { SignUp } from './operations/signup.js';

export interface AccountDeps {
  notify: NotifyService;
  secret: string;
  /** the catalogue's face, to name departments (app.ts passes the catalog service) */
  catalog?: DepartmentDirectory;
}

export function createAccountService(database: Database, deps: AccountDeps) {
  const ctx: AccountsContext = {
    database,
    db: database.db,
    secret: deps.secret,
    notify: deps.notify,
    departments: deps.catalog ?? NO_DEPARTMENTS,
    credentials: createCredentials(database, deps.secret),
    sessions: createSessions(database),
    names: new Map(),
  };
  return {
    sessions: ctx.sessions,
    staff: staffFace(ctx),
    credentials: ctx.credentials,

    sendCode: (purpose: CodePurpose, raw: string) => sendCode(ctx, purpose, raw),
    checkCode: (purpose: CodePurpose, rawContact: string, code: string) => checkCode(ctx, purpose, rawContact, code),

    signUp: (input: SignUp) => signUp(ctx, input),
    signIn: (identifier: string, password: string, from = '') => signIn(ctx, identifier, password, from),
    signInStaff: (username: string, password: string, from = '') => signInStaff(ctx, username, password, from),
    signInWithCode: (raw: string, code: string, from = '') => signInWithCode(ctx, raw, code, from),
    signInWithIdentity: (claims: OidcClaims) => signInWithIdentity(ctx, claims),
    resetPassword: (raw: string, code: string, password: string) => resetPassword(ctx, raw, code, password),

    account: (userId: number) => account(ctx, userId),
    verifiedPhone: (userId: number) => verifiedPhone(ctx, userId),
    /** whether an ID number is the one the account proved (实名认证), never the number itself */
    idNumberMatches: (userId: number, idNumber: string) => idNumberMatches(ctx, userId, idNumber),
    updateProfile: (p: Principal, input: { displayName: string; idNumber?: string }) => updateProfile(ctx, p, input),
    setChannels: (p: Principal, channels: string[]) => setChannels(ctx, p, channels),
    changePassword: (p: Principal, current: string, next: string) => changePassword(ctx, p, current, next),

    members: (p: Principal) => members(ctx, p),
    addMember: (p: Principal, input: { name: string; contact: string }) => addMember(ctx, p, input),
    setMemberStatus: (p: Principal, memberId: number, status: 'active' | 'disabled') => setMemberStatus(ctx, p, memberId, status),

    createToken: (p: Principal, input: NewToken) => createToken(ctx, p, input),
    revokeToken: (p: Principal, id: number) => revokeToken(ctx, p, id),
    /** the back office's token page: the tokens the principal sees and the scopes they may grant */
    tokenList: (p: Principal) => tokenList(ctx, p),

    ensureDemoAccounts: (demo: DemoAccounts) => ensureDemoAccounts(ctx, demo),
    /** the account with this phone number and its enterprise (the demo's other records name people by phone) */
    idByPhone: async (phone: string) => {
      const u = await repo.findUserByContact(ctx.db, 'phone', phone);
      return u ? { id: u.id, enterpriseId: u.enterpriseId } : undefined;
    },
    /** the demo seed acts as the demo's people (no HTTP route reaches this): a principal by phone or staff username */
    demoPrincipal: async (who: { phone: string } | { username: string }): Promise<Principal | undefined> => {
      const u = 'phone' in who ? await repo.findUserByContact(ctx.db, 'phone', who.phone) : await repo.findUserByUsername(ctx.db, who.username);
      return u && u.status === 'active' ? principalOf(u) : undefined;
    },

    contactsFor: (tx: Runner, where: { ids: number[] } | { departmentIds: (number | null)[]; roles: StaffRole[] }) => contactsFor(ctx, tx, where),
    notifyAccount: (tx: Runner, userId: number, template: Template, vars: Record<string, string | number>) => notifyAccount(ctx, tx, userId, template, vars),
    /** display names of accounts by id, for modules that show people without joining the accounts' tables */
    userNames: (ids: readonly number[]) => userNames(ctx, ids),
  };
}

export type AccountService = ReturnType<typeof createAccountService>;

/**
 * The key for sessions, codes and keyed hashes: SESSION_SECRET when set (production requires
 * it), otherwise one made on first start and kept in the database, so every process shares it.
 */
export async function loadSecret(database: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const existing = await repo.getMeta(database.db, 'session_secret');
  return existing ?? repo.putMetaOnce(database.db, 'session_secret', randomBytes(32).toString('base64url'));
}
