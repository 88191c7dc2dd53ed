/**
 * What a runner daemon is handed of Redis, opened by the process that owns the connection: the
 * leases on the queues it serves, the stores its jobs read and write, and the report queue its jobs
 * announce results on. The daemon never sees the connection itself.
 */
import type { Redis } from 'ioredis';
import { openStores, type Stores } from '../store/open-stores.js';
import { JobLeases, type JobLeasesSettings } from './job-leases.js';
import { ReportRequests } from './report-queue.js';

export interface RunnerQueues {
  leases: JobLeases;
  stores: Stores;
  reports: ReportRequests;
  /** The served queues, most urgent first, as the leases take them. */
  served: JobLeasesSettings['queues'];
}

export function openRunnerQueues(redis: Redis, settings: JobLeasesSettings): RunnerQueues {
  return {
    leases: new JobLeases(redis, settings),
    stores: openStores(redis, settings.prefix),
    reports: new ReportRequests(redis, settings.prefix),
    served: settings.queues,
  };
}
