/** Small statistics and machine facts shared by the benchmarks. */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (values: number[]) => percentile(values, 50);

export async function describeMachine(): Promise<string> {
  const { stdout: engine } = await run('docker', ['version', '--format', '{{.Server.Version}}']);
  const cpu = os.cpus();
  return [
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, kernel ${os.release()}`,
    `Docker engine ${engine.trim()}, node ${process.version}`,
  ].join('\n');
}

/** `docker run --rm` of a command, as an operator would type it. */
export async function bareDockerRun(image: string, command: string): Promise<void> {
  await run('docker', ['run', '--rm', '--network', 'none', image, 'sh', '-c', command]);
}
