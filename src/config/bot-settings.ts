/**
 * `gradebot serve` is configured the way Probot apps are: `APP_ID`, `PRIVATE_KEY` or
 * `PRIVATE_KEY_PATH`, `WEBHOOK_SECRET`, `GHE_HOST`/`GHE_PROTOCOL`; plus `REDIS_URL`, the course
 * repository's name, the secret runners use to ask for fetch tokens, and optionally the secret
 * behind the scoreboard's pseudonyms; and where and how loudly it serves (`PORT`, `HOST`,
 * `WEBHOOK_PATH`, `LOG_LEVEL`). Every problem is reported at once, before anything
 * listens.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LogLevel } from '../log/logger.js';
import { DEFAULTS } from './defaults.js';
import { readLogLevel } from './log-level.js';
import { readSecret } from './secret.js';

export interface BotSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  /** The REST API root: `https://api.github.com`, or `<protocol>://<GHE_HOST>/api/v3`. */
  apiUrl: string;
  /** Name of the private course repository in each organisation. */
  courseRepository: string;
  runnerSecret: string;
  /**
   * The secret the scoreboard's pseudonym key is derived from: GRADEBOT_SCOREBOARD_SECRET, or
   * WEBHOOK_SECRET when that is unset (rotating the webhook secret then renames every student).
   */
  pseudonymSecret: string;
  port: number;
  host: string;
  /** Seconds between passes that ask GitHub to redeliver failed webhooks (default 300; 0: never). */
  redeliveryInterval: number;
  /** The path GitHub posts webhooks to. */
  webhookPath: string;
  /** The level of every log line, Probot's included (`LOG_LEVEL`). */
  logLevel: LogLevel;
  /** What reading the level has to say, logged once the logger exists. */
  logWarnings: string[];
  /** The staff pages' GitHub sign-in; null (pages answer 503) without GITHUB_CLIENT_ID and _SECRET. */
  staffSignIn: StaffSignIn | null;
}

/** How the staff pages sign staff in with the App's OAuth credentials. */
export interface StaffSignIn {
  clientId: string;
  clientSecret: string;
  /** Signs the session cookie: GRADEBOT_SESSION_SECRET, or derived from the client secret. */
  sessionSecret: string;
  /** The bot as browsers reach it (GRADEBOT_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /** GitHub's web host, where sign-in happens: https://github.com or the GHE host. */
  webUrl: string;
}

/** Probot's default when WEBHOOK_SECRET is unset: anyone could sign webhooks with it. */
const PROBOT_DEFAULT_SECRET = 'development';
const MIN_SECRET_LENGTH = 16;
const NAME = /^[\w.-]+$/;

export type SettingsResult = { ok: true; settings: BotSettings } | { ok: false; problems: string[] };

export function readBotSettings(env: NodeJS.ProcessEnv = process.env): SettingsResult {
  const problems: string[] = [];
  const appId = env.APP_ID ?? '';
  if (!/^\d+$/.test(appId)) problems.push('APP_ID: expected the numeric App ID from the App settings page');

  let privateKey = readSecret('PRIVATE_KEY', env) ?? '';
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
    } catch (error) {
      problems.push(`PRIVATE_KEY_PATH: cannot read ${env.PRIVATE_KEY_PATH}: ${(error as Error).message}`);
    }
  }
  // Probot accepts the key base64-encoded on one line, for environments without multi-line values.
  if (privateKey && !privateKey.includes('-----BEGIN'))
    privateKey = Buffer.from(privateKey, 'base64').toString();
  if (!privateKey.includes('PRIVATE KEY-----') && !problems.some((p) => p.startsWith('PRIVATE_KEY_PATH'))) {
    problems.push('PRIVATE_KEY or PRIVATE_KEY_PATH: expected the App private key (.pem)');
  }

  const webhookSecret = readSecret('WEBHOOK_SECRET', env) ?? '';
  if (!webhookSecret || webhookSecret === PROBOT_DEFAULT_SECRET) {
    problems.push(
      'WEBHOOK_SECRET: required, and not Probot\'s default "development" (anyone could sign webhooks); ' +
        'generate one with `openssl rand -hex 32` and enter the same in the App settings',
    );
  } else if (webhookSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`WEBHOOK_SECRET: at least ${MIN_SECRET_LENGTH} characters; try \`openssl rand -hex 32\``);
  }

  const runnerSecret = readSecret('GRADEBOT_RUNNER_SECRET', env) ?? '';
  if (runnerSecret.length < MIN_SECRET_LENGTH) {
    problems.push(
      `GRADEBOT_RUNNER_SECRET: required, at least ${MIN_SECRET_LENGTH} characters, the same for the bot and ` +
        'its runners (runners use it to ask for repository tokens)',
    );
  }

  let scoreboardSecret: string | undefined;
  try {
    scoreboardSecret = readSecret('GRADEBOT_SCOREBOARD_SECRET', env);
  } catch (error) {
    problems.push(`GRADEBOT_SCOREBOARD_SECRET_FILE: cannot read it: ${(error as Error).message}`);
  }
  if (scoreboardSecret !== undefined && scoreboardSecret.length < MIN_SECRET_LENGTH) {
    problems.push(
      `GRADEBOT_SCOREBOARD_SECRET: at least ${MIN_SECRET_LENGTH} characters when given; try \`openssl rand -hex 32\``,
    );
  }

  const courseRepository = env.GRADEBOT_COURSE_REPO || DEFAULTS.courseRepo;
  if (!NAME.test(courseRepository))
    problems.push(`GRADEBOT_COURSE_REPO: not a repository name: ${courseRepository}`);

  const protocol = env.GHE_PROTOCOL || DEFAULTS.gheProtocol;
  if (protocol !== 'https' && protocol !== 'http')
    problems.push(`GHE_PROTOCOL: expected https or http, got ${protocol}`);
  const apiUrl = env.GHE_HOST ? `${protocol}://${env.GHE_HOST}/api/v3` : DEFAULTS.githubApiUrl;

  // Number('') is 0, a random port that nobody (and not `gradebot health`) would find.
  const port = env.PORT?.trim() === '' ? NaN : Number(env.PORT ?? DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(
      `PORT: not a port number: "${env.PORT}" (unset it for ${DEFAULTS.port}; 0 asks for a random port)`,
    );

  const redeliveryInterval = Number(env.GRADEBOT_REDELIVERY_INTERVAL || DEFAULTS.redeliverySeconds);
  // At most a day: GitHub keeps deliveries 3 days, and a longer timer would overflow.
  if (!Number.isInteger(redeliveryInterval) || redeliveryInterval < 0 || redeliveryInterval > 86_400)
    problems.push(
      `GRADEBOT_REDELIVERY_INTERVAL: expected whole seconds up to 86400 (0 turns redelivery off), got ${env.GRADEBOT_REDELIVERY_INTERVAL}`,
    );

  const staffSignIn = readStaffSignIn(
    env,
    problems,
    env.GHE_HOST ? `${protocol}://${env.GHE_HOST}` : DEFAULTS.githubWebUrl,
  );

  const log = readLogLevel(env);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      appId,
      privateKey,
      webhookSecret,
      apiUrl,
      courseRepository,
      runnerSecret,
      pseudonymSecret: scoreboardSecret ?? webhookSecret,
      port,
      host: env.HOST || DEFAULTS.host,
      redeliveryInterval,
      webhookPath: env.WEBHOOK_PATH ?? DEFAULTS.webhookPath,
      logLevel: log.level,
      logWarnings: log.warnings,
      staffSignIn,
    },
  };
}

/** The staff pages' sign-in settings: all of them or none (then the pages are off). */
function readStaffSignIn(env: NodeJS.ProcessEnv, problems: string[], webUrl: string): StaffSignIn | null {
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  let sessionSecret: string | undefined;
  try {
    clientId = env.GITHUB_CLIENT_ID || undefined;
    clientSecret = readSecret('GITHUB_CLIENT_SECRET', env);
    sessionSecret = readSecret('GRADEBOT_SESSION_SECRET', env);
  } catch (error) {
    problems.push(
      `GITHUB_CLIENT_SECRET or GRADEBOT_SESSION_SECRET: cannot read the file: ${(error as Error).message}`,
    );
    return null;
  }
  const publicUrl = (env.GRADEBOT_PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (clientId === undefined && clientSecret === undefined) return null;
  if (!clientId || !clientSecret) {
    problems.push(
      "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET: give both (the App's OAuth credentials) or neither",
    );
    return null;
  }
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) {
    problems.push(
      'GRADEBOT_PUBLIC_URL: required with GITHUB_CLIENT_ID, the bot as browsers reach it, like https://gradebot.example.edu',
    );
    return null;
  }
  if (sessionSecret !== undefined && sessionSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`GRADEBOT_SESSION_SECRET: at least ${MIN_SECRET_LENGTH} characters when given`);
    return null;
  }
  return {
    clientId,
    clientSecret,
    sessionSecret:
      sessionSecret ?? createHash('sha256').update(`gradebot session ${clientSecret}`).digest('hex'),
    publicUrl,
    webUrl,
  };
}
