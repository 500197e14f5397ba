"""Task functions for django-q2, at stable dotted paths."""

from .retention import delete_old


def delete_old_raised_concerns():
    return f"{delete_old()} raised concern(s) deleted"
