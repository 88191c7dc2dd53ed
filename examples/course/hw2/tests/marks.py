"""Decorators that give a unittest test its Gradescope metadata (like gradescope-utils, without pip)."""

LEADERBOARD = []


def weight(points):
    """Points the test is worth (its max_score)."""

    def mark(test):
        test.__weight__ = points
        return test

    return mark


def visibility(value):
    """Gradescope visibility: visible, hidden, after_due_date or after_published."""

    def mark(test):
        test.__visibility__ = value
        return test

    return mark


def leaderboard(name, value, order="desc"):
    """Records a leaderboard entry; `order` is asc when smaller values rank higher."""
    LEADERBOARD.append({"name": name, "value": value, "order": order})
