/**
 * Runs an instructor's regular expression on a student's output with a time bound. Backtracking
 * patterns such as `(a+)+$` can take longer than the age of the universe on a crafted input, and a
 * student controls the input. V8 cannot interrupt a running RegExp from the same thread, but
 * `node:vm`'s `timeout` arms a watchdog that terminates the script, match included.
 */
import vm from 'node:vm';

export const REGEX_TIMEOUT_MS = 1000;

export type RegexOutcome =
  | { kind: 'match' }
  | { kind: 'no-match' }
  | { kind: 'timeout' }
  | { kind: 'invalid'; message: string }
  /** The engine gave up, e.g. its backtracking stack overflowed on a very long input. */
  | { kind: 'failed'; message: string };

interface RegexGlobals {
  source: string;
  flags: string;
  input: string;
}

let context: (vm.Context & Partial<RegexGlobals>) | null = null;
let script: vm.Script | null = null;

export function testRegex(
  source: string,
  flags: string,
  input: string,
  timeoutMs: number = REGEX_TIMEOUT_MS,
): RegexOutcome {
  // One context for the process: creating one costs about a millisecond, and neither the pattern nor
  // the input can run code, so nothing leaks from one call to the next.
  context ??= vm.createContext({});
  script ??= new vm.Script('new RegExp(source, flags).test(input)', { filename: 'gradebot-regex' });
  Object.assign(context, { source, flags, input } satisfies RegexGlobals);
  try {
    return script.runInContext(context, { timeout: timeoutMs }) === true
      ? { kind: 'match' }
      : { kind: 'no-match' };
  } catch (error) {
    return describeError(error);
  } finally {
    // The input may be a megabyte of student output; the context must not keep it alive.
    Object.assign(context, { source: '', flags: '', input: '' } satisfies RegexGlobals);
  }
}

function describeError(error: unknown): RegexOutcome {
  // Errors thrown inside the context come from its own realm, so `instanceof` cannot be used.
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { kind: 'timeout' };
  const text = typeof message === 'string' ? message : String(error);
  if (name === 'SyntaxError') return { kind: 'invalid', message: text };
  return { kind: 'failed', message: text };
}
