import { seededRandom } from '../random';
import { type ApplicationStatus, type SbHiringProcess, type SbJob, Tenant } from './tenant';

export interface SeedOptions {
  seed?: number;
  jobs?: number;
  candidates?: number;
  users?: number;
  /** Creation times are spread over the `spanDays` before `now`. */
  now?: number;
  spanDays?: number;
}

const cities = [
  { city: 'Berlin', region: 'Berlin', country: 'Germany', countryCode: 'de' },
  { city: 'London', region: 'England', country: 'United Kingdom', countryCode: 'gb' },
  { city: 'Kraków', region: 'Lesser Poland', country: 'Poland', countryCode: 'pl' },
  { city: 'San Francisco', region: 'California', country: 'United States', countryCode: 'us' },
  { city: 'Dublin', region: 'Leinster', country: 'Ireland', countryCode: 'ie' },
] as const;
const roles = ['Engineer', 'Designer', 'Recruiter', 'Analyst', 'Sales Manager', 'Nurse', 'Driver', 'Chef'];
const levels = ['Junior', 'Mid', 'Senior', 'Lead'];
const departments = ['Engineering', 'Sales', 'Operations', 'Marketing', 'Care'];
const firstNames = ['Ada', 'Ben', 'Chloe', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea'];
const lastNames = ['Nowak', 'Smith', 'Okafor', 'Müller', 'Garcia', 'Kim', 'Rossi', 'Dubois', 'Silva'];
const jobStatuses: SbJob['status'][] = ['SOURCING', 'SOURCING', 'SOURCING', 'INTERVIEW', 'OFFER', 'FILLED', 'ON_HOLD'];
const postingStatuses: SbJob['postingStatus'][] = ['PUBLIC', 'PUBLIC', 'INTERNAL', 'NOT_PUBLISHED', 'PRIVATE'];
const applicationStatuses: ApplicationStatus[] = ['NEW', 'NEW', 'IN_REVIEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN'];

const standardProcess: SbHiringProcess = {
  id: 'hp-standard',
  name: 'Standard hiring process',
  active: true,
  subStatuses: {
    IN_REVIEW: ['Screening', 'Hiring manager review'],
    INTERVIEW: ['Video interview', 'Onsite interview'],
    OFFERED: ['Offer drafted', 'Offer sent'],
  },
};
const graduateProcess: SbHiringProcess = {
  id: 'hp-graduate',
  name: 'Graduate programme',
  active: true,
  subStatuses: { IN_REVIEW: ['CV review'], INTERVIEW: ['Assessment centre', 'Final interview'], OFFERED: ['Offer sent'] },
};

/**
 * Builds a deterministic tenant: the same options always give the same ids, names and dates, so that
 * tests and demos can name records. 10,000 jobs and 100,000 candidates take a second or two.
 */
export function seedTenant(options: SeedOptions = {}): Tenant {
  const { seed = 1, jobs = 50, candidates = 500, users = 20, now = Date.now(), spanDays = 365 } = options;
  const random = seededRandom(seed);
  const tenant = new Tenant();
  const span = spanDays * 86_400_000;
  const at = () => now - span + Math.floor(random.next() * span);
  tenant.hiringProcesses.push(standardProcess, graduateProcess);

  for (let i = 0; i < Math.max(users, 1); i++) {
    const id = random.uuid();
    const firstName = random.pick(firstNames);
    const lastName = random.pick(lastNames);
    tenant.users.set(id, {
      id,
      email: `${firstName}.${lastName}.${i}@example.com`.toLowerCase(),
      firstName,
      lastName,
      role: i === 0 ? 'ADMINISTRATOR' : random.pick(['STANDARD', 'EXTENDED', 'EMPLOYEE'] as const),
      active: true,
      updatedOn: at(),
    });
    if (i === 0) tenant.integrationUserId = id;
  }
  const userIds = [...tenant.users.keys()];

  for (let i = 0; i < jobs; i++) {
    const id = random.uuid();
    const createdOn = at();
    const updatedOn = createdOn + random.int(now - createdOn + 1);
    const department = random.int(departments.length);
    const level = random.int(levels.length);
    const min = 30_000 + random.int(60) * 1_000;
    tenant.jobs.set(id, {
      id,
      title: `${levels[level]} ${random.pick(roles)}`,
      refNumber: `REF${String(i + 1).padStart(6, '0')}`,
      createdOn,
      updatedOn,
      lastActivityOn: updatedOn,
      department: { id: `dep-${department}`, label: departments[department] as string },
      location: { ...random.pick(cities), remote: random.next() < 0.2 },
      status: random.pick(jobStatuses),
      postingStatus: random.pick(postingStatuses),
      typeOfEmployment: random.next() < 0.8 ? { id: 'permanent', label: 'Full-time' } : { id: 'contract', label: 'Contract' },
      experienceLevel: { id: `level-${level}`, label: levels[level] as string },
      function: { id: `fn-${department}`, label: departments[department] as string },
      compensation: { min, max: min + 10_000 + random.int(20) * 1_000, currency: 'EUR' },
      description: `<p>Join our ${departments[department]} team.</p>`,
      creatorId: random.pick(userIds),
      hiringProcessId: random.next() < 0.8 ? standardProcess.id : graduateProcess.id,
    });
  }
  const jobIds = [...tenant.jobs.keys()];

  for (let i = 0; i < candidates && jobIds.length > 0; i++) {
    const id = random.uuid();
    const firstName = random.pick(firstNames);
    const lastName = random.pick(lastNames);
    const createdOn = at();
    const applied = [random.pick(jobIds)];
    if (random.next() < 0.1) {
      const second = random.pick(jobIds);
      if (second !== applied[0]) applied.push(second);
    }
    tenant.candidates.set(id, {
      id,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${i}@candidates.example.com`.toLowerCase(),
      phoneNumber: `+4930${String(1_000_000 + i)}`,
      createdOn,
      updatedOn: createdOn,
      tags: random.next() < 0.3 ? ['referral'] : [],
      location: random.pick(cities),
      jobIds: applied,
    });
    for (const jobId of applied) {
      const job = tenant.jobs.get(jobId) as SbJob;
      const process = job.hiringProcessId === standardProcess.id ? standardProcess : graduateProcess;
      const status = random.pick(applicationStatuses);
      const subStatus = subStatusFor(process, status, random.int(2));
      const changedOn = createdOn + random.int(Math.max(now - createdOn, 1));
      const history = [{ changedOn: createdOn, status: 'NEW' as ApplicationStatus }];
      if (status !== 'NEW') history.push({ changedOn, status, ...(subStatus ? { subStatus } : {}) });
      tenant.applications.set(Tenant.applicationKey(id, jobId), {
        applicationId: random.uuid(),
        candidateId: id,
        jobId,
        status,
        ...(subStatus ? { subStatus } : {}),
        source: random.pick(['LinkedIn', 'Indeed', 'Careers site', 'Referral']),
        createdOn,
        history,
      });
    }
  }
  tenant.reindex();
  return tenant;
}

export function subStatusFor(process: SbHiringProcess, status: ApplicationStatus, index: number): string | undefined {
  if (status !== 'IN_REVIEW' && status !== 'INTERVIEW' && status !== 'OFFERED') return undefined;
  const steps = process.subStatuses[status];
  return steps[index % steps.length];
}
