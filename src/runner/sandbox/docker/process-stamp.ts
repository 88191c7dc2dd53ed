/**
 * Which process owns a sandbox, written so that another process can later tell whether that owner
 * still exists. A pid alone is not enough (pids are reused, and runners in containers each have
 * their own pid namespace), so the stamp carries the boot, the pid namespace and the process's start
 * time too. Only a process that sees the same boot and namespace can judge a stamp; any other says
 * "cannot tell", and a sweep then leaves the container alone.
 */
import { readFile, readlink } from 'node:fs/promises';

export interface ProcessStamp {
  /** The kernel's boot id: the same on every container of a host, new after a reboot. */
  boot: string;
  /** The pid namespace, as the kernel names it (`pid:[4026531836]`). */
  namespace: string;
  pid: number;
  /** Clock ticks after boot at which the process started (field 22 of /proc/<pid>/stat). */
  startTicks: string;
}

export type Liveness = 'alive' | 'gone' | 'unknown';

/** The stamp of this process, or null where /proc cannot say (not Linux, /proc hidden). */
export async function ownStamp(): Promise<ProcessStamp | null> {
  try {
    const [boot, namespace, startTicks] = await Promise.all([
      readFile('/proc/sys/kernel/random/boot_id', 'utf8'),
      readlink('/proc/self/ns/pid'),
      startTicksOf(process.pid),
    ]);
    if (!startTicks) return null;
    return { boot: boot.trim(), namespace, pid: process.pid, startTicks };
  } catch {
    return null;
  }
}

/** Whether the stamped process still runs, judged from `here` (this process's own stamp). */
export async function liveness(stamp: ProcessStamp, here: ProcessStamp | null): Promise<Liveness> {
  if (!here || stamp.boot !== here.boot || stamp.namespace !== here.namespace) return 'unknown';
  const startTicks = await startTicksOf(stamp.pid);
  // No such pid, or the pid now belongs to a process that started at another time.
  return startTicks === stamp.startTicks ? 'alive' : 'gone';
}

export function formatStamp(stamp: ProcessStamp): string {
  return [stamp.boot, stamp.namespace, stamp.pid, stamp.startTicks].join('|');
}

/** The stamp in a label, or null when it is missing or not one of ours. */
export function parseStamp(text: string | undefined): ProcessStamp | null {
  const parts = (text ?? '').split('|');
  if (parts.length !== 4) return null;
  const [boot, namespace, pid, startTicks] = parts as [string, string, string, string];
  if (!/^[0-9a-f-]{1,64}$/.test(boot) || !/^pid:\[\d+\]$/.test(namespace)) return null;
  if (!/^[1-9]\d{0,9}$/.test(pid) || !/^\d{1,20}$/.test(startTicks)) return null;
  return { boot, namespace, pid: Number(pid), startTicks };
}

async function startTicksOf(pid: number): Promise<string | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // A zombie (Z) or dying (X) process has exited already; only its parent has not collected it.
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return fields[19] ?? null; // field 22 counted from 1; this list starts at field 3
}
