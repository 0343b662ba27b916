/** 我办的事 in the personal space: the person's registrations (预约挂号), newest first, through accounts' registry. */
import { t } from '../../lib/i18n/index.js';
import type { StartedProvider } from './faces.js';
import { regStatusLabel, registrationUrl } from './hospital-present.js';
import type { HospitalService } from './hospital-service.js';

export function hospitalsStarted(hospitals: Pick<HospitalService, 'myRegistrations'>): StartedProvider {
  return {
    kind: 'registrations',
    label: t('hosp.mine.title'),
    href: '/hospitals/mine',
    async list(p, page) {
      if (p.kind === 'staff') return { total: 0, entries: [] };
      const all = await hospitals.myRegistrations(p);
      return {
        total: all.length,
        entries: all.slice(page.offset, page.offset + page.limit).map((x) => ({
          reference: x.registration.code,
          title: `${x.hospital.name} ${x.department.name} · ${x.doctor.name}`,
          status: regStatusLabel(x.registration.status),
          startedAt: x.registration.createdAt,
          updatedAt: x.registration.updatedAt,
          href: registrationUrl(x.registration.code),
        })),
      };
    },
  };
}
