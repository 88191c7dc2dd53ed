/**
 * Opens every store of a deployment on one Redis connection and prefix, so the edges (bot, runner,
 * CLI) build them in one place instead of one `new` per store and caller.
 */
import type { Redis } from 'ioredis';
import { BlobStore } from './blob-store.js';
import { CheckRunMemory } from './check-run-memory.js';
import { CommitJobs } from './commit-jobs.js';
import { CourseRegistry } from './course-registry.js';
import { DeliveryLog } from './delivery-log.js';
import { FairShare } from './fair-share.js';
import { keys } from './keys.js';
import { ReconcileAnswers } from './reconcile-answers.js';
import { RedeliveryBook } from './redelivery-book.js';
import { ResultsStore } from './results-store.js';
import { Roster } from './roster.js';
import { RunnerRegistry } from './runner-registry.js';
import { LimitLedger } from './limit-ledger.js';
import { StaffCommands } from './staff-commands.js';
import { SupersedeLedger } from './supersede-ledger.js';
import { WaitingPushes } from './waiting-pushes.js';

export interface Stores {
  blobs: BlobStore;
  results: ResultsStore;
  courses: CourseRegistry;
  roster: Roster;
  commitJobs: CommitJobs;
  /** The webhook deliveries handled (dedupe). */
  deliveries: DeliveryLog;
  /** The webhook deliveries the bot asked GitHub to redeliver. */
  redeliveries: RedeliveryBook;
  /** The check run id and last state written for each job. */
  checkRuns: CheckRunMemory;
  /** The submission-limit ledger. */
  limits: LimitLedger;
  waitingPushes: WaitingPushes;
  reconcileAnswers: ReconcileAnswers;
  supersede: SupersedeLedger;
  /** The fair share of runners, allowing `perStudent` jobs of one student at once (default 1). */
  fairShare: (perStudent?: number) => FairShare;
  runners: RunnerRegistry;
  /** Extensions and overrides granted by staff commands, and the commands' audit log. */
  staffCommands: StaffCommands;
}

/** @param prefix the deployment's key prefix (`gradebot` unless configured) */
export function openStores(redis: Redis, prefix: string): Stores {
  const staffCommands = new StaffCommands(redis, prefix);
  return {
    blobs: new BlobStore(redis, { prefix: keys(prefix).blobPrefix }),
    results: new ResultsStore(redis, prefix),
    courses: new CourseRegistry(redis, prefix, staffCommands),
    roster: new Roster(redis, prefix),
    commitJobs: new CommitJobs(redis, prefix),
    deliveries: new DeliveryLog(redis, prefix),
    redeliveries: new RedeliveryBook(redis, prefix),
    checkRuns: new CheckRunMemory(redis, prefix),
    limits: new LimitLedger(redis, prefix),
    waitingPushes: new WaitingPushes(redis, prefix),
    reconcileAnswers: new ReconcileAnswers(redis, prefix),
    supersede: new SupersedeLedger(redis, prefix),
    fairShare: (perStudent) => new FairShare(redis, prefix, perStudent),
    runners: new RunnerRegistry(redis, prefix),
    staffCommands,
  };
}
