/**
 * The test cases of a JUnit XML report (what `pytest --junit-xml` writes), each passed or not. The
 * report is written inside the sandbox, so it is untrusted: this reads only tags and two
 * attributes, never resolves entities beyond XML's five, and says plainly what it could not read.
 */

export interface JunitCase {
  /** `classname.name`, or whichever of the two is there. */
  name: string;
  /** No `<failure>` or `<error>` inside; a skipped case counts as passed, as in Classroom. */
  passed: boolean;
}

export type JunitReport = { ok: true; cases: JunitCase[] } | { ok: false; error: string };

/** Text that may hold `<` and `>` freely, and is never a test case: removed before reading tags. */
const OPAQUE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g;
const TAG = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function readJunitCases(xml: string): JunitReport {
  const text = xml.replace(OPAQUE, '');
  const cases: JunitCase[] = [];
  let open: JunitCase | null = null;
  let sawSuite = false;
  for (const [, closing, tag, attributes, selfClosing] of text.matchAll(TAG)) {
    if (tag === 'testsuite' || tag === 'testsuites') sawSuite = true;
    if (tag === 'testcase') {
      if (closing) {
        if (open) cases.push(open);
        open = null;
        continue;
      }
      if (open) return { ok: false, error: 'a <testcase> starts inside another one' };
      const found = new Map(
        [...attributes!.matchAll(ATTRIBUTE)].map((m) => [m[1], unescape(m[2] ?? m[3] ?? '')]),
      );
      const name = [found.get('classname'), found.get('name')].filter(Boolean).join('.');
      const testCase = { name: name || `case ${cases.length + 1}`, passed: true };
      if (selfClosing) cases.push(testCase);
      else open = testCase;
    } else if (open && !closing && (tag === 'failure' || tag === 'error')) {
      open.passed = false;
    }
  }
  if (open) return { ok: false, error: `the <testcase> ${JSON.stringify(open.name)} is not closed` };
  if (!sawSuite) return { ok: false, error: 'it is not a JUnit XML report (no <testsuite>)' };
  return { ok: true, cases };
}

function unescape(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
}
