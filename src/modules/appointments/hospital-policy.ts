/**
 * Who may do what in hospital registration (deny by default):
 * - a hospital administrator (`hospital_admin`, with `hospitals.manage`) manages the hospitals
 *   they are assigned to; a portal-wide administrator every hospital; another hospital's doctor,
 *   session or beds is "not found", as if it did not exist;
 * - a registration is its owner's. Its states are one transition table.
 */
import type { RegistrationStatus } from '../../db/schema/hospitals.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { can, isPortalWide, type Principal } from '../../lib/principal.js';

export function managesHospital(p: Principal | undefined, hospitalId: number, assigned: readonly number[]): boolean {
  if (!can(p, 'hospitals.manage')) return false;
  return isPortalWide(p as Principal) || assigned.includes(hospitalId);
}

export function requireHospitalAdmin(p: Principal | undefined, hospitalId: number, assigned: readonly number[]): asserts p is Principal {
  if (!managesHospital(p, hospitalId, assigned)) throw new NotFoundError(t('hosp.error.hospitalNotFound'));
}

export type RegistrationAction = 'cancel' | 'suspend' | 'rebook';
type Who = 'owner' | 'hospital';

export const REGISTRATION_TRANSITIONS: readonly { from: RegistrationStatus; action: RegistrationAction; to: RegistrationStatus; who: Who }[] = [
  { from: 'booked', action: 'cancel', to: 'cancelled', who: 'owner' },
  { from: 'booked', action: 'suspend', to: 'suspended', who: 'hospital' },
  // a 停诊 registration stays 停诊; the new one it was moved to is booked
  { from: 'suspended', action: 'rebook', to: 'suspended', who: 'owner' },
];

export const registrationCan = (status: RegistrationStatus, action: RegistrationAction, who: Who) => REGISTRATION_TRANSITIONS.some((r) => r.from === status && r.action === action && r.who === who);

export function registrationNext(status: RegistrationStatus, action: RegistrationAction, who: Who): RegistrationStatus {
  const row = REGISTRATION_TRANSITIONS.find((r) => r.from === status && r.action === action && r.who === who);
  if (!row) throw new ConflictError(t('hosp.error.state', { status: t(`hosp.status.${status}`) }));
  return row.to;
}
