/**
 * What a process composing several services (apps/all-in-one) may use of sr-poller: the factory and
 * the ports it takes, with the SQLite adapter of its lease port (the embedded default), its own
 * settings, and its access tokens from connector-auth (given a `fetch`, in-process). Everything else
 * stays inside the app.
 */
export { createSrPoller, srPollerCategories, type SrPoller, type SrPollerOptions, type SrPollerPorts } from './sr-poller';
export type { Lease, LeaseStore } from './scheduler/lease-store/lease-store.port';
export { systemClock, type SchedulerClock } from './scheduler/scheduler-clock';
export { openSqliteLeaseStore } from './scheduler/lease-store/sqlite-lease-store';
export { srPollerSettings, srPollerOptionsOf } from './config';
/** Its service definition as `main.ts` runs it: apps/all-in-one checks that no two services' relays publish one category. */
export { srPollerService } from './sr-poller.service';
