"""Counts words, or lines with --lines. Ends its output Windows-style (trimmed away before comparing)
and counts lines by splitting on "\n", so a final newline makes one line too many."""
import sys


def main(args):
    lines_mode = "--lines" in args
    files = [a for a in args if a != "--lines"]
    text = open(files[0], newline="").read() if files else sys.stdin.read()
    if lines_mode:
        print(f"{len(text.split(chr(10)))} lines", end=" \r\n")
    else:
        print(len(text.split()), end=" \r\n")


main(sys.argv[1:])
