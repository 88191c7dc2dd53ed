/**
 * Every default of gradebot's settings, written once: what `gradebot serve`, `gradebot runner` and
 * the other commands use when neither a flag nor an environment variable says otherwise. Each key
 * is documented, with the variable or flag that overrides it, in docs/settings.md (a test keeps the
 * two in step).
 */
export const DEFAULTS = {
  /** Key prefix in Redis, one per deployment sharing a Redis (`--prefix`). */
  prefix: 'gradebot',
  /** The Redis of the queues and stores (`--redis`, `REDIS_URL`). */
  redisUrl: 'redis://127.0.0.1:6379',
  /** The daemons' log lines, Probot's included: trace, debug, info, warn, error or fatal (`LOG_LEVEL`). */
  logLevel: 'info',
  /** Where the bot listens, and where `gradebot health` looks for it (`PORT`). */
  port: 3000,
  /** The address the bot listens on (`HOST`). */
  host: '0.0.0.0',
  /** The path GitHub posts webhooks to (`WEBHOOK_PATH`). */
  webhookPath: '/api/github/webhooks',
  /** The private course repository's name in each organisation (`GRADEBOT_COURSE_REPO`). */
  courseRepo: 'gradebot-course',
  /** Seconds between passes that ask GitHub to redeliver failed webhooks; 0 never (`GRADEBOT_REDELIVERY_INTERVAL`). */
  redeliverySeconds: 300,
  /** How a GitHub Enterprise Server is reached, http or https (`GHE_PROTOCOL`). */
  gheProtocol: 'https',
  /** The REST API root when no GitHub Enterprise Server is named (`GHE_HOST`). */
  githubApiUrl: 'https://api.github.com',
  /** GitHub's web host, where staff sign in, when no GitHub Enterprise Server is named (`GHE_HOST`). */
  githubWebUrl: 'https://github.com',
  /** Hours a staff page sign-in lasts. */
  staffSessionHours: 8,
  /** `gradebot runner`'s flags. */
  runner: {
    /** Queues served, most urgent first (`--queues`). */
    queues: ['live', 'regrade'],
    /** Jobs at once (`--concurrency`). */
    concurrency: 2,
    /** One student's jobs at once, across all runners (`--per-student`). */
    perStudent: 1,
    /** On SIGTERM, how long running jobs may finish (`--drain-timeout`). */
    drainSeconds: 600,
    /** Silence after which a job goes to another runner (`--lock-duration`). */
    lockSeconds: 30,
    /** How often containers of dead runners are removed (`--sweep-interval`). */
    sweepSeconds: 60,
    /** Start each slot's next sandbox ahead of its job (`--no-prestart` turns it off). */
    prestart: true,
  },
} as const;
