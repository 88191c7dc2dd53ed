"""A four-function calculator that does not compile."""


def add(a, b):
    return a + b


def subtract(a, b)
    return a - b


def multiply(a, b):
    return a * b


def divide(a, b):
    return a / b
