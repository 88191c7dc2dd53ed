"""Tests of the student's calculator.py. Imports happen inside the tests, so a file that does not
import still yields one failed test per item, each saying why."""

import importlib
import time
import unittest

from marks import leaderboard, visibility, weight


def calculator():
    return importlib.import_module("calculator")


class CalculatorTests(unittest.TestCase):
    @weight(2)
    def test_add(self):
        """add"""
        self.assertEqual(calculator().add(2, 3), 5)
        self.assertEqual(calculator().add(-4, 4), 0)

    @weight(2)
    def test_subtract(self):
        """subtract"""
        self.assertEqual(calculator().subtract(10, 4), 6)
        self.assertEqual(calculator().subtract(4, 10), -6)

    @weight(2)
    def test_multiply(self):
        """multiply"""
        self.assertEqual(calculator().multiply(6, 7), 42)
        self.assertEqual(calculator().multiply(-3, 0), 0)

    @weight(2)
    def test_divide(self):
        """divide is true division"""
        self.assertEqual(calculator().divide(7, 2), 3.5)
        self.assertEqual(calculator().divide(9, 3), 3)

    @weight(1)
    def test_divide_by_zero(self):
        """divide by zero raises ValueError"""
        with self.assertRaises(ValueError):
            calculator().divide(1, 0)

    @weight(1)
    @visibility("hidden")
    def test_negative_and_fractional(self):
        """negative and fractional numbers"""
        self.assertEqual(calculator().divide(-7, 2), -3.5)
        self.assertAlmostEqual(calculator().add(0.1, 0.2), 0.3)
        self.assertAlmostEqual(calculator().multiply(-2.5, 4), -10.0)


class Benchmark(unittest.TestCase):
    """Not scored: ranks submissions on the leaderboard."""

    def test_benchmark(self):
        """benchmark"""
        calc = calculator()
        started = time.perf_counter()
        for i in range(1, 100_001):
            calc.divide(calc.multiply(calc.add(i, 1), calc.subtract(i, 1)), i)
        leaderboard("Runtime (ms)", round((time.perf_counter() - started) * 1000, 1), "asc")
