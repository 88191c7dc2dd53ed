/** Time since `since` (a Date.now() value) as people read it in a progress line: `42s`, `3m07s`. */
export function elapsed(since: number, now: number = Date.now()): string {
  const seconds = Math.round((now - since) / 1000);
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
