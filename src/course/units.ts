/**
 * Parsers for the human-friendly quantities of the course file. Each returns a plain number or throws a
 * UnitError whose message says what was expected, so the schema can pass it on to the instructor.
 */
import { SubmissionFault } from '../faults.js';

export class UnitError extends SubmissionFault {
  override name = 'UnitError';
  override readonly counts = false;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  // Docker's `--memory 512m` means MiB, and instructors copy those values.
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Bytes from `512MiB`, `1.5GB`, `256m` or a bare integer of bytes. */
export function parseSize(value: string | number): number {
  const fail = () => new UnitError(`expected a size like 512MiB, got ${show(value)}`);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value <= 0) throw fail();
    return value;
  }
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!match) throw fail();
  const [, amount = '', unit = ''] = match;
  // A bare number is bytes, and a fraction of a byte means the unit was forgotten.
  if (unit === '' && amount.includes('.')) throw fail();
  const factor = unit === '' ? 1 : SIZE_UNITS[unit.toLowerCase()];
  if (factor === undefined) throw fail();
  const bytes = Math.round(Number(amount) * factor);
  if (bytes <= 0 || !Number.isSafeInteger(bytes)) throw fail();
  return bytes;
}

/** Milliseconds from `10m`, `1h30m`, `2.5s`, `500ms`, or a bare number of seconds. */
export function parseDuration(value: string | number): number {
  const fail = () => new UnitError(`expected a duration like 10m or 1h30m, got ${show(value)}`);
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw fail();
    ms = value * 1000;
  } else {
    const text = value.trim().toLowerCase();
    if (/^\d+(?:\.\d+)?$/.test(text)) {
      ms = Number(text) * 1000;
    } else {
      if (!/^(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)\s*)+$/.test(text)) throw fail();
      ms = 0;
      for (const part of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)) {
        ms += Number(part[1]) * (DURATION_UNITS[part[2] ?? ''] ?? Number.NaN);
      }
    }
  }
  ms = Math.round(ms);
  if (!(ms > 0) || !Number.isSafeInteger(ms)) throw fail();
  return ms;
}

/** The fraction removed per day late: `10%/day` (or just `10%`) is 0.1. */
export function parsePenalty(value: string | number): number {
  const fail = () => new UnitError(`expected a penalty like 10%/day, got ${show(value)}`);
  // A bare number is ambiguous (0.1 or 10 %?), so only the percent forms are accepted.
  if (typeof value === 'number') throw fail();
  const match = /^(\d+(?:\.\d+)?)\s*%\s*(?:\/\s*day)?$/i.exec(value.trim());
  if (!match) throw fail();
  const percent = Number(match[1]);
  if (percent > 100) throw fail();
  return percent / 100;
}
