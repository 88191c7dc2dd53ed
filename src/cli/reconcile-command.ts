/**
 * `gradebot reconcile --org <org>`: asks the running bot (through Redis, as a report request its
 * writer takes in turn) to catch up the organisation's missed pushes, then waits for its answer:
 * how many repositories were checked and how many submissions were queued. The grading itself
 * follows as for any push.
 */
import { randomUUID } from 'node:crypto';
import { withQueues, type QueueOptions } from './queue-options.js';
import type { Terminal } from './terminal.js';

export interface ReconcileCommandOptions extends QueueOptions {
  org: string;
  /** How long to wait for the bot's answer, in seconds (default 120). */
  timeout?: string;
  json?: boolean;
}

export async function runReconcile(options: ReconcileCommandOptions, terminal: Terminal): Promise<number> {
  const timeoutSeconds = Number(options.timeout ?? '120');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    terminal.err(`gradebot: --timeout must be a positive number of seconds, not ${options.timeout}`);
    return 2;
  }
  return withQueues(options, async ({ prefix, stores, openReports }) => {
    const id = randomUUID();
    const reports = openReports();
    try {
      await reports.add({ kind: 'reconcile', org: options.org, id });
    } finally {
      await reports.close();
    }
    terminal.progress(`waiting for the bot to catch up ${options.org}`);
    const answer = await stores.reconcileAnswers.wait(id, timeoutSeconds * 1000);
    terminal.done();
    if (answer === null) {
      terminal.err(
        `gradebot: the bot did not answer within ${timeoutSeconds} s; is gradebot serve running ` +
          `with the same Redis and --prefix ${prefix}? (the request stays queued for it)`,
      );
      return 1;
    }
    if (!answer.ok) {
      terminal.err(`gradebot: reconcile of ${options.org} failed: ${answer.reason}`);
      return 1;
    }
    const { ok: _ok, ...counts } = answer;
    terminal.out(
      options.json
        ? JSON.stringify({ org: options.org, ...counts }, null, 2)
        : `${options.org}: ${counts.checked} of ${counts.repositories} repositories checked, ` +
            `${counts.queued} missed submission${counts.queued === 1 ? '' : 's'} queued` +
            (counts.truncated ? ' (the list of repositories was cut short)' : ''),
    );
    return 0;
  });
}
