/** Reading the test cases of a JUnit XML report, which the student's code could have written. */
import { describe, expect, it } from 'vitest';
import { readJunitCases } from '../../src/scoring/junit-cases.js';

/** What pytest 7 writes for one passing, one failing, one erroring and one skipped case. */
const PYTEST = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4">
<testcase classname="shapes_test" name="test_a" time="0.001" />
<testcase classname="shapes_test" name="test_b" time="0.001"><failure message="assert 6 == 12">a &lt;b&gt; c</failure></testcase>
<testcase classname="shapes_test" name="test_c" time="0.001"><error message="fixture 'x' not found">E</error></testcase>
<testcase classname="shapes_test" name="test_d" time="0.001"><skipped type="pytest.skip" message="later">skip</skipped><system-out><![CDATA[<testcase name="fake"/>]]></system-out></testcase>
</testsuite></testsuites>`;

describe('readJunitCases', () => {
  it('reads each case; failures and errors fail it, a skip does not (as in Classroom)', () => {
    expect(readJunitCases(PYTEST)).toEqual({
      ok: true,
      cases: [
        { name: 'shapes_test.test_a', passed: true },
        { name: 'shapes_test.test_b', passed: false },
        { name: 'shapes_test.test_c', passed: false },
        { name: 'shapes_test.test_d', passed: true },
      ],
    });
  });

  it("reads a collection error as pytest reports it, and attributes with > and XML's entities", () => {
    const xml =
      '<testsuite tests="1"><testcase classname="" name="shapes_test" x=\'a>b\'>' +
      '<error message="collection failure">SyntaxError</error></testcase>' +
      '<testcase name="&lt;lambda&gt; &amp;c"></testcase></testsuite>';
    expect(readJunitCases(xml)).toEqual({
      ok: true,
      cases: [
        { name: 'shapes_test', passed: false },
        { name: '<lambda> &c', passed: true },
      ],
    });
  });

  it.each([
    ['<html><body>all passed</body></html>', 'it is not a JUnit XML report (no <testsuite>)'],
    ['<testsuite><testcase name="a">', 'the <testcase> "a" is not closed'],
    [
      '<testsuite><testcase name="a"><testcase name="b"/></testcase>',
      'a <testcase> starts inside another one',
    ],
  ])('refuses %j', (xml, error) => {
    expect(readJunitCases(xml)).toEqual({ ok: false, error });
  });

  it('reads a suite without cases as no cases', () => {
    expect(readJunitCases('<testsuites><testsuite tests="0"/></testsuites>')).toEqual({
      ok: true,
      cases: [],
    });
  });
});
