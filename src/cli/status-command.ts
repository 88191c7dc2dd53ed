/**
 * `gradebot status`: per queue the counts and who is waiting (oldest first, with student,
 * assignment and age), the running jobs with their runner, node and elapsed time, and each live
 * runner's slots. `--json` prints the `StatusView`; `--watch` redraws it every two seconds on a
 * terminal until interrupted.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { formatDuration } from '../text/format-duration.js';
import { withQueues, type QueueOptions } from './queue-options.js';
import { LISTED_JOBS, readStatus, type ListedJob, type StatusView } from './status-view.js';
import type { Terminal } from './terminal.js';

const WATCH_INTERVAL_MS = 2_000;

export interface StatusCommandOptions extends QueueOptions {
  json?: boolean;
  watch?: boolean;
  /** The clock ages are measured with (default: now). */
  now?: () => Date;
  /** Ends `--watch` (default: SIGINT or SIGTERM). */
  until?: Promise<unknown>;
}

export async function runStatus(options: StatusCommandOptions, terminal: Terminal): Promise<number> {
  const now = options.now ?? (() => new Date());
  return withQueues(options, async ({ stores, queues }) => {
    const read = async () => readStatus(queues, await stores.runners.live(), now());
    if (options.json) {
      terminal.out(JSON.stringify(await read(), null, 2));
      return 0;
    }
    if (!options.watch) {
      terminal.out(renderStatus(await read()));
      return 0;
    }
    if (!terminal.redraw(renderStatus(await read()))) {
      terminal.err('gradebot status: --watch needs a terminal; without it the status is printed once');
      return 2;
    }
    let stopped = false;
    const until = options.until ?? interrupted();
    void until.then(() => (stopped = true));
    while (!stopped) {
      await Promise.race([delay(WATCH_INTERVAL_MS), until]);
      if (!stopped) terminal.redraw(renderStatus(await read()));
    }
    return 0;
  });
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export function renderStatus(view: StatusView): string {
  const lines = [`gradebot status at ${view.at}`, ''];
  for (const [name, queue] of Object.entries(view.queues)) {
    lines.push(
      `${name}: ${queue.waiting} waiting, ${queue.active} running, ${queue.delayed} delayed (retrying), ` +
        `${queue.completed} completed, ${queue.failed} failed`,
    );
    for (const job of queue.waitingJobs)
      lines.push(`  waiting ${formatDuration(job.ageMs).padStart(8)}  ${who(job)}`);
    if (queue.waiting > queue.waitingJobs.length)
      lines.push(
        `  … ${queue.waiting - queue.waitingJobs.length} more waiting (the oldest ${LISTED_JOBS} are listed)`,
      );
  }
  lines.push('', view.running.length === 0 ? 'nothing running' : 'running:');
  for (const job of view.running) {
    const elapsed = job.elapsedMs === null ? '?' : formatDuration(job.elapsedMs);
    const where = job.runner === null ? 'runner unknown' : `on ${job.runner} (${job.node})`;
    lines.push(`  ${elapsed.padStart(8)}  ${who(job)}  ${job.queue}  ${where}`);
  }
  lines.push('', view.runners.length === 0 ? 'no runners alive' : `${view.runners.length} runner(s) alive:`);
  for (const r of view.runners) {
    const state = r.draining ? ', draining' : '';
    lines.push(
      `  ${r.id} on ${r.host}: ${r.busy} of ${r.concurrency} slots busy${state}; serves ${r.queues.join(', ')}`,
    );
  }
  return lines.join('\n');
}

function who(job: ListedJob): string {
  if (job.student === null) return `${job.id} (unreadable payload)`;
  return `${job.org}/${job.assignment} ${job.student}  ${job.id}`;
}
