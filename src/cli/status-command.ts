/** `gradebot status`: the queues' counts and the runners that are alive, and what they run. */
import { withQueues, type QueueOptions } from './queue-options.js';
import type { Terminal } from './terminal.js';

export interface StatusCommandOptions extends QueueOptions {
  json?: boolean;
}

export async function runStatus(options: StatusCommandOptions, terminal: Terminal): Promise<number> {
  return withQueues(options, async ({ stores, queues }) => {
    const counts = await queues.counts();
    const runners = await stores.runners.live();
    if (options.json) {
      terminal.out(JSON.stringify({ queues: counts, runners }, null, 2));
      return 0;
    }
    const lines = ['queue     waiting  active  delayed  completed  failed'];
    for (const [name, c] of Object.entries(counts)) {
      const cells = [c.waiting, c.active, c.delayed, c.completed, c.failed].map((n, i) =>
        String(n).padStart([7, 7, 8, 10, 7][i]!),
      );
      lines.push(`${name.padEnd(8)}${cells.join(' ')}`);
    }
    lines.push('', runners.length === 0 ? 'no runners alive' : `${runners.length} runner(s) alive:`);
    for (const r of runners) {
      const doing = r.running.length > 0 ? `running ${r.running.join(', ')}` : 'idle';
      lines.push(
        `  ${r.id}  ${r.queues.join(',')} × ${r.concurrency}  ${r.draining ? 'draining, ' : ''}${doing}`,
      );
    }
    terminal.out(lines.join('\n'));
    return 0;
  });
}
