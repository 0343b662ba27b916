/**
 * Accounts: creating staff accounts and checking passwords (argon2id). Sessions, citizen
 * sign-up and the back office build on these operations.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Database } from '../../db/client.js';
import { BadRequestError, ConflictError } from '../../lib/errors.js';
import { t } from '../../web/i18n/index.js';
import * as repo from './repo.js';

export const STAFF_ROLES = ['admin', 'dept_admin', 'editor', 'reviewer', 'dispatcher', 'handler'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles that work for the whole portal rather than one department. */
const PORTAL_WIDE: StaffRole[] = ['admin', 'dispatcher'];

const ARGON2 = { algorithm: 2 as const }; // argon2id with the library's OWASP-level defaults

export interface NewStaff {
  username: string;
  displayName: string;
  role: string;
  department?: string;
  password: string;
}

export function createAccountService(database: Database) {
  const { db } = database;
  return {
    async createStaff(input: NewStaff) {
      const username = input.username.trim();
      if (!/^[A-Za-z0-9_.-]{3,40}$/.test(username)) throw new BadRequestError(t('account.badUsername'));
      const displayName = input.displayName.trim();
      if (!displayName || displayName.length > 40) throw new BadRequestError(t('account.badDisplayName'));
      if (!(STAFF_ROLES as readonly string[]).includes(input.role))
        throw new BadRequestError(t('account.badRole', { roles: STAFF_ROLES.join(', ') }));
      const role = input.role as StaffRole;
      if (input.password.length < 10 || input.password.length > 200) throw new BadRequestError(t('account.weakPassword'));
      let departmentId: number | undefined;
      if (input.department) {
        departmentId = await repo.departmentIdBySlug(db, input.department);
        if (departmentId === undefined) throw new BadRequestError(t('account.unknownDepartment', { slug: input.department }));
      } else if (!PORTAL_WIDE.includes(role)) throw new BadRequestError(t('account.departmentRequired'));
      if (await repo.findUserByUsername(db, username)) throw new ConflictError(t('account.usernameTaken'));
      const user = await repo.insertUser(db, {
        kind: 'staff',
        username,
        displayName,
        role,
        departmentId: departmentId ?? null,
        passwordHash: await hash(input.password, ARGON2),
      });
      return { id: user.id, username: user.username, displayName: user.displayName, role, departmentId: user.departmentId };
    },

    /** The account for these credentials, or undefined; takes as long for unknown names as for wrong passwords. */
    async checkPassword(username: string, password: string) {
      const user = await repo.findUserByUsername(db, username);
      const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
      return user && ok && user.status === 'active' ? user : undefined;
    },
  };
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$/ljWPu1vvbCI7tEZOVF6RA$R6T7ZJvDStT30cddnoYAB70aeUtRIA88YdcfLcvFGYE';

export type AccountService = ReturnType<typeof createAccountService>;
