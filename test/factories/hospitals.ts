/** Factories: a hospital with departments and doctors who see patients every half-day, made through the hospitals' face. */
import type { HospitalService } from '../../src/modules/appointments/index.js';

let n = 0;

export interface HospitalOptions {
  /** places per half-day, every half-day of the week */
  quota?: number;
  departments?: number;
  doctorsPerDepartment?: number;
  releaseDays?: number;
  releaseTime?: string;
  cancelCutoffMinutes?: number;
  beds?: number;
}

export async function buildHospital(hospitals: HospitalService, o: HospitalOptions = {}) {
  const k = `${process.pid}-${++n}-${Math.random().toString(36).slice(2, 7)}`;
  const weekly = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].flatMap((d) => [`${d}-am`, `${d}-pm`]).map((key) => [key, o.quota ?? 10]));
  return hospitals.setupHospital({
    slug: `h-${k}`,
    name: `测试医院${n}`,
    grade: '三级甲等',
    address: '示范市测试路1号',
    phone: '0571-0000 0000',
    releaseDays: o.releaseDays ?? 7,
    releaseTime: o.releaseTime ?? '08:00',
    cancelCutoffMinutes: o.cancelCutoffMinutes ?? 120,
    departments: Array.from({ length: o.departments ?? 1 }, (_, d) => ({
      name: `测试科${d + 1}`,
      intro: '测试科室',
      beds: o.beds ?? 40,
      doctors: Array.from({ length: o.doctorsPerDepartment ?? 2 }, (_, i) => ({ name: `医生${n}${d}${i}`, title: i ? ('attending' as const) : ('chief' as const), speciality: '常见病', feeFen: 1500, weekly })),
    })),
  });
}
