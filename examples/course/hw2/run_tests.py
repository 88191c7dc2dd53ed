"""Runs the unittest tests in --tests and writes Gradescope's results.json to --results.

Standard library only, so it runs offline on any image with python3. Each test runs with its own
time limit and with its printed output captured, so one stuck or noisy test cannot cost the others.
"""

import argparse
import contextlib
import io
import json
import os
import signal
import sys
import time
import unittest

TEST_TIMEOUT_SECONDS = 5
OUTPUT_LIMIT = 4000


class TestTimeout(Exception):
    pass


def on_alarm(_signum, _frame):
    raise TestTimeout()


def flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from flatten(item)
        else:
            yield item


def method_of(test):
    return getattr(test, test._testMethodName, None) if hasattr(test, "_testMethodName") else None


def definition_order(test):
    # unittest sorts tests by name; students should see them in the order the file lists them.
    code = getattr(method_of(test), "__code__", None)
    return (type(test).__module__, code.co_firstlineno if code else 0, test.id())


def short(text):
    if len(text) <= OUTPUT_LIMIT:
        return text
    half = OUTPUT_LIMIT // 2
    return f"{text[:half]}\n… ({len(text) - OUTPUT_LIMIT} characters left out) …\n{text[-half:]}"


def describe_failure(traceback_text, timed_out):
    if timed_out:
        return f"Took longer than {TEST_TIMEOUT_SECONDS} s (an infinite loop?)."
    # The last line of the traceback names the problem; the grader's own frames only distract.
    lines = [line for line in traceback_text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "failed"


def run_one(test):
    """Runs one test; returns (passed, message, captured output)."""
    result = unittest.TestResult()
    captured = io.StringIO()
    timed_out = False
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_TIMEOUT_SECONDS)
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            test(result)
    except TestTimeout:
        timed_out = True
    finally:
        signal.alarm(0)
    problems = result.failures + result.errors
    if any("TestTimeout" in text for _, text in problems):
        timed_out = True
    if problems or timed_out:
        text = problems[0][1] if problems else ""
        return False, describe_failure(text, timed_out), captured.getvalue()
    return True, "", captured.getvalue()


def submission_problem(source_dir):
    """Why calculator.py cannot be used, or None."""
    path = os.path.join(source_dir, "calculator.py")
    if not os.path.exists(path):
        return "calculator.py is missing from the submission."
    try:
        with open(path, encoding="utf-8") as handle:
            compile(handle.read(), "calculator.py", "exec")
    except SyntaxError as error:
        return f"calculator.py does not compile: {error.msg} (line {error.lineno})."
    except (UnicodeDecodeError, ValueError) as error:
        return f"calculator.py cannot be read: {error}."
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tests", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))
    parser.add_argument("--results", default="/autograder/results/results.json")
    args = parser.parse_args()

    source_dir = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, args.tests)
    sys.path.insert(0, source_dir)
    import marks  # noqa: E402  (found only once --tests is on the path)

    started = time.perf_counter()
    suite = unittest.TestLoader().discover(args.tests, pattern="test_*.py", top_level_dir=args.tests)
    problem = submission_problem(source_dir)

    results = []
    for test in sorted(flatten(suite), key=definition_order):
        method = method_of(test)
        points = getattr(method, "__weight__", None)
        if problem is not None:
            passed, message, output = False, problem, ""
        else:
            passed, message, output = run_one(test)
        if points is None:
            if not passed:
                print(f"unscored {test.id()}: {message}", file=sys.stderr)
            continue
        name = (method.__doc__ or test._testMethodName).strip().splitlines()[0]
        text = message if not output else f"{message}\n\nYour code printed:\n{output}".strip()
        results.append(
            {
                "name": name,
                "number": str(len(results) + 1),
                "score": points if passed else 0,
                "max_score": points,
                "status": "passed" if passed else "failed",
                "output": short(text),
                "visibility": getattr(method, "__visibility__", "visible"),
                "tags": [],
            }
        )

    score = sum(test["score"] for test in results)
    max_score = sum(test["max_score"] for test in results)
    summary = problem or f"{sum(t['status'] == 'passed' for t in results)} of {len(results)} tests passed."
    document = {
        "score": score,
        "output": summary,
        "execution_time": round(time.perf_counter() - started, 3),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": results,
    }
    if marks.LEADERBOARD and problem is None:
        document["leaderboard"] = marks.LEADERBOARD
    os.makedirs(os.path.dirname(args.results), exist_ok=True)
    with open(args.results, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
    print(f"{score} / {max_score}: {summary}")


if __name__ == "__main__":
    main()
