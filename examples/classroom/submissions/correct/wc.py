"""Counts words, or lines with --lines, of a file or of standard input."""
import sys


def main(args):
    lines_mode = "--lines" in args
    files = [a for a in args if a != "--lines"]
    text = open(files[0], newline="").read() if files else sys.stdin.read()
    if lines_mode:
        count = len(text.splitlines())
        print(f"{count} line" + ("" if count == 1 else "s"))
    else:
        print(len(text.split()))


main(sys.argv[1:])
