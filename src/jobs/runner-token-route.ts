/**
 * Where a runner asks the bot for a short-lived token to read one job's repository: the one address
 * both sides must agree on (the bot serves it in src/bot/runner-tokens.ts, runners call it from
 * src/runner/daemon/bot-token.ts).
 */
export const TOKEN_PATH = '/runner/token';
