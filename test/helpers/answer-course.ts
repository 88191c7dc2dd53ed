/**
 * The course most bot and runner tests grade: cs101's hw1, one test that prints the student's
 * `answer.txt` and expects 42, for repositories `hw1-*`.
 */
export function answerCourse(options: { run?: string; time?: string; testTimeout?: string } = {}): string {
  const { run = 'cat answer.txt', time = '30s', testTimeout } = options;
  const timeout = testTimeout ? `, timeout: ${testTimeout}` : '';
  return `course: cs101
timezone: UTC
defaults:
  image: gradebot/base:latest
  limits: { time: ${time}, memory: 64MiB, disk: 16MiB }
assignments:
  hw1:
    repos: 'hw1-*'
    dir: hw1
    tests:
      - { name: answer, run: '${run}', stdout: '42', points: 1${timeout} }
`;
}
