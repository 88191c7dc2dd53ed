/**
 * What a child process sees of gradebot's environment: the whole of it (docker, tar and debootstrap
 * need the operator's DOCKER_HOST, PATH and proxies), or only the variables named (git, which must
 * see nothing it does not need).
 */

export function inheritedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return env;
}

/** The variables of `names` that are set, and nothing else. */
export function namedEnv(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) chosen[name] = value;
  }
  return chosen;
}
