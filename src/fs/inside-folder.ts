import path from 'node:path';

/** True when `child` is `parent` or below it; both absolute, and already resolved if links matter. */
export function insideFolder(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}
