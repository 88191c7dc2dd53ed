/** `gradebot serve`: the GitHub App, until SIGTERM or SIGINT. */
import { startBot } from '../bot/bot-server.js';
import { readBotSettings } from '../config/bot-settings.js';
import { redisUrl } from '../config/redis-url.js';
import { createLogger } from '../log/logger.js';
import { DEFAULT_PREFIX, type QueueOptions } from './queue-options.js';
import type { Terminal } from './terminal.js';

export async function runServe(options: QueueOptions, terminal: Terminal): Promise<number> {
  const read = readBotSettings();
  if (!read.ok) {
    for (const problem of read.problems) terminal.err(`gradebot serve: ${problem}`);
    terminal.err(
      'gradebot serve: not started; every setting is in docs/settings.md, how to run the bot in docs/github-app.md#running-it',
    );
    return 2;
  }
  const log = createLogger('bot', undefined, read.settings.logLevel);
  for (const warning of read.settings.logWarnings) log.warn(warning);
  const bot = await startBot({
    settings: read.settings,
    redisUrl: redisUrl(options.redis),
    prefix: options.prefix ?? DEFAULT_PREFIX,
    log,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await bot.close();
  return 0;
}
