/**
 * GitHub Classroom's `.github/workflows/classroom.yml`, the format of every assignment since 2024,
 * read as untrusted input. Its grader steps become tests in workflow order, counting only the steps
 * that the `autograding-grading-reporter` step reads: the reporter takes each name in `runners`,
 * upper-cases it and decodes the environment variable `<NAME>_RESULTS`, which the workflow sets to
 * `${{ steps.<id>.outputs.result }}`. Every other step is named, with its line, as what the image or
 * the build must provide instead.
 */
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { AutogradingFileError } from './autograding-file.js';
import { commandGraderTest, ioGraderTest, type GraderStep, type StepInputs } from './grader-inputs.js';
import type { ImportedTest } from './map-test.js';
import { pythonGraderTest } from './python-grader.js';
import { countedStepIds } from './reporter-runners.js';

export interface ClassroomWorkflow {
  tests: ImportedTest[];
  /** One line each, in file order, without a `warning:` prefix. */
  warnings: string[];
}

interface Step {
  /** 1-based line of the step's `uses:` or `run:` (else its first key), for messages. */
  line: number;
  id: string | null;
  name: string | null;
  uses: string | null;
  run: string | null;
  inputs: StepInputs;
  /** The names under `with:`, as written. */
  inputNames: string[];
  env: Record<string, unknown>;
}

const ACTION = /^(?:classroom-resources|education)\/autograding-([a-z-]+)@/;
interface Grader {
  /** The inputs its action.yml declares; Actions warns about any other and ignores it. */
  inputs: string[];
  test: (inputs: StepInputs, step: Step, image: string) => GraderStep;
}

const COMMAND_INPUTS = ['test-name', 'setup-command', 'command', 'timeout', 'max-score'];
const GRADERS: Record<string, Grader> = {
  'io-grader': {
    inputs: [...COMMAND_INPUTS, 'input', 'expected-output', 'comparison-method'],
    test: ioGraderTest,
  },
  'command-grader': { inputs: COMMAND_INPUTS, test: commandGraderTest },
  'python-grader': {
    inputs: ['timeout', 'max-score', 'setup-command'],
    // It has no test-name: the reporter names it after the step.
    test: (inputs, step, image) => pythonGraderTest(inputs, step.name ?? step.id ?? 'pytest', image),
  },
};

/** @param image the grading image, which decides whether a pip-install setup-command is dropped */
export function parseClassroomWorkflow(text: string, fileName: string, image: string): ClassroomWorkflow {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    const line = firstError.linePos?.[0].line ?? 1;
    throw new AutogradingFileError([
      `${fileName}:${line}: not valid YAML: ${firstError.message.split('\n')[0]}`,
    ]);
  }
  const steps = readSteps(doc, lines);
  const at = (step: Step) => `${fileName}:${step.line}`;
  const reporter = steps.find((step) => actionOf(step) === 'grading-reporter');
  if (reporter === undefined) {
    // Workflows of the older format run one action that reads autograding.json, and no reporter.
    const older = steps.find((step) => step.uses?.startsWith('education/autograding@'));
    throw new AutogradingFileError([
      older
        ? `${at(older)}: uses: ${older.uses} grades with .github/classroom/autograding.json, not with the steps of this workflow: import that file instead`
        : `${fileName}: no step uses classroom-resources/autograding-grading-reporter, so Classroom records no score; nothing to import`,
    ]);
  }
  const problems: string[] = [];
  const counted = countedStepIds(reporter.inputs('runners'), reporter.env, at(reporter), problems);
  const tests: ImportedTest[] = [];
  const warnings: string[] = [];
  const names = new Map<string, number>();
  for (const step of steps) {
    const action = actionOf(step);
    if (step === reporter || step.uses?.startsWith('actions/checkout@')) continue;
    const grader = action === null ? undefined : GRADERS[action];
    if (action === null || grader === undefined) {
      warnings.push(`${at(step)}: ${describeStep(step)} is not imported; ${PROVIDE}`);
      continue;
    }
    if (step.id === null || !counted.has(step.id.toLowerCase())) {
      warnings.push(
        `${at(step)}: ${describeStep(step)} is not in the reporter's runners, so Classroom does not count it; not imported`,
      );
      continue;
    }
    counted.delete(step.id.toLowerCase());
    const result = grader.test(step.inputs, step, image);
    if ('skipped' in result) {
      warnings.push(`${at(step)}: step ${step.id}: ${result.skipped}`);
      continue;
    }
    if ('problems' in result) {
      problems.push(...result.problems.map((problem) => `${at(step)}: step ${step.id}: ${problem}`));
      continue;
    }
    const first = names.get(result.test.name);
    if (first !== undefined) {
      problems.push(
        `${at(step)}: step ${step.id}: test-name: the same as the step on line ${first}; gradebot needs a different name for each test`,
      );
      continue;
    }
    names.set(result.test.name, step.line);
    const ignored = step.inputNames.filter((name) => !grader.inputs.includes(name));
    if (ignored.length > 0) result.warnings.unshift(ignoredInputsWarning(action, grader, ignored));
    warnings.push(...result.warnings.map((warning) => `${at(step)}: step ${step.id}: ${warning}`));
    tests.push(result.test);
  }
  for (const id of counted) {
    problems.push(
      `${at(reporter)}: runners: ${id} is not the id of an io-grader, command-grader or python-grader step`,
    );
  }
  if (problems.length > 0) throw new AutogradingFileError(problems);
  if (tests.length === 0) {
    throw new AutogradingFileError([`${fileName}: no io-grader or command-grader step to import`]);
  }
  return { tests, warnings };
}

/** Actions runs a step with inputs its action does not declare, ignoring them: so does the import. */
function ignoredInputsWarning(action: string, grader: Grader, ignored: string[]): string {
  const list = ignored.map((name) => JSON.stringify(name)).join(', ');
  const what = action === 'python-grader' ? 'pytest over the *_test.py files' : 'the step';
  return (
    `${list}: not an input of the ${action}, which has only ${grader.inputs.join(', ')}; ` +
    `GitHub Actions ignores it and runs ${what} without it, and so does gradebot`
  );
}

const PROVIDE = "the grading image (--image) or the assignment's build must provide what it does";

/** `io-grader`, `grading-reporter`, …, or null for any other step. */
function actionOf(step: Step): string | null {
  return step.uses === null ? null : (ACTION.exec(step.uses)?.[1] ?? null);
}

/** `uses: actions/setup-python@v5`, or `run: javac Main.java` (its first line). */
function describeStep(step: Step): string {
  if (step.uses !== null) return `uses: ${step.uses}`;
  const first = (step.run ?? '').trim().split('\n')[0] ?? '';
  return `run: ${first}${(step.run ?? '').trim().includes('\n') ? ' …' : ''}`;
}

/** Every step of every job, in file order. */
function readSteps(doc: Document, lines: LineCounter): Step[] {
  const steps: Step[] = [];
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return steps;
  for (const job of jobs.items) {
    const list = isMap(job.value) ? job.value.get('steps') : null;
    if (!isSeq(list)) continue;
    for (const node of list.items) {
      if (!isMap(node)) continue;
      const step = node.toJSON() as Record<string, unknown>;
      const withInputs = isRecord(step.with) ? step.with : {};
      steps.push({
        line: lines.linePos(lineNode(node).range?.[0] ?? 0).line,
        id: typeof step.id === 'string' ? step.id : null,
        name: typeof step.name === 'string' && step.name.trim() !== '' ? step.name.trim() : null,
        uses: typeof step.uses === 'string' ? step.uses.trim() : null,
        run: typeof step.run === 'string' ? step.run : null,
        inputs: (name) => inputText(withInputs[name]),
        inputNames: Object.keys(withInputs),
        env: isRecord(step.env) ? step.env : {},
      });
    }
  }
  return steps;
}

/** The `uses:` or `run:` key that says what a step does, or the step itself. */
function lineNode(step: YAMLMap): Node {
  const key = step.items.find(
    (pair) => isScalar(pair.key) && ['uses', 'run'].includes(String(pair.key.value)),
  );
  return (key?.key as Node | undefined) ?? step;
}

/** As `core.getInput`: the value as text, trimmed; '' when missing. */
function inputText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
