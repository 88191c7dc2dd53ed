/**
 * The few environment variables the commands read besides Redis's (src/config/redis-url.ts):
 * whether a CI log stands in for a terminal, the port of the local bot `gradebot health` checks,
 * and the Debian mirror `gradebot images build` falls back to.
 */
import { DEFAULTS } from './defaults.js';

/** `CI=true`: progress lines are hidden even on a terminal. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true';
}

/** The port of the bot on this machine, as text for a URL; an empty `PORT` (which `serve` refuses) is unset. */
export function localBotPort(env: NodeJS.ProcessEnv = process.env): string {
  return env.PORT?.trim() || String(DEFAULTS.port);
}

/** `GRADEBOT_DEBIAN_MIRROR`, or undefined for debootstrap's own. */
export function debianMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.GRADEBOT_DEBIAN_MIRROR;
}
