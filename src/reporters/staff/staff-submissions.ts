/**
 * What staff see of an assignment's submissions (`gradebot show`, and the staff web page): every
 * submission of one student, oldest first, or each student's latest; with everything stored, hidden
 * tests and the grader's staff output included, and which runner graded it and how long it took.
 * Data only: the terminal and the web page render it their own way. Never for students' eyes.
 */
import { studentKey } from '../../course/repo-pattern.js';
import type { GradingResult } from '../../results/results.js';
import type { GradingRecord } from '../../results/stored-result.js';
import type { Stores } from '../../store/open-stores.js';
import type { CommandRecord } from '../../store/staff-commands.js';
import { missingAssignment } from '../../gradebook/assignment-lookup.js';

/** One graded submission as staff see it; `--json` prints these, so the names are kept stable. */
export interface StaffSubmission {
  /** The student, in lower case as results are kept. */
  student: string;
  job_id: string;
  /** The results JSON as stored: hidden tests, `staff_output` and lateness included. */
  result: GradingResult;
  /** Which runner graded it and how long it took; null for results stored before runners recorded it. */
  grading: GradingRecord | null;
}

export interface StaffView {
  org: string;
  assignment: string;
  /** The student asked for, or null for every student's latest submission. */
  student: string | null;
  /** Oldest submission first for one student; by student for the latest of each. */
  submissions: StaffSubmission[];
  /** The audit log of staff commands from pull-request comments, oldest first: of the student, or of everyone. */
  commands: CommandRecord[];
}

export interface StaffQuery {
  org: string;
  assignment: string;
  student?: string;
}

export type StaffViewAnswer = { ok: true; view: StaffView } | { ok: false; error: string };

export async function staffSubmissions(
  stores: Pick<Stores, 'results' | 'courses' | 'staffCommands'>,
  query: StaffQuery,
): Promise<StaffViewAnswer> {
  const { org, assignment } = query;
  const [course, all] = await Promise.all([stores.courses.get(org), stores.results.listAll(org, assignment)]);
  const missing = missingAssignment(org, assignment, course?.assignments.map((a) => a.id) ?? null, all.size);
  if (missing) return { ok: false, error: missing };
  const commands = await stores.staffCommands.audit(org, assignment, query.student);
  const view = { org, assignment, student: query.student ?? null, commands };
  if (query.student === undefined) {
    const latest = [...all].flatMap(([student, stored]) => stored.slice(-1).map((s) => ({ student, ...s })));
    return { ok: true, view: { ...view, submissions: latest.map(staffSubmission) } };
  }
  const student = studentKey(query.student);
  const stored = all.get(student) ?? [];
  if (stored.length === 0) {
    const who = [...all.keys()].join(', ') || 'nobody yet';
    return {
      ok: false,
      error: `${query.student} has no submissions of ${org}/${assignment} (submitted: ${who})`,
    };
  }
  const submissions = stored.map((s) => staffSubmission({ student, ...s }));
  return { ok: true, view: { ...view, submissions } };
}

function staffSubmission(entry: {
  student: string;
  jobId: string;
  result: GradingResult;
  grading?: GradingRecord;
}): StaffSubmission {
  return {
    student: entry.student,
    job_id: entry.jobId,
    result: entry.result,
    grading: entry.grading ?? null,
  };
}
