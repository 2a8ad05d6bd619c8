"""What every ModelAdmin of the project shares."""

import datetime

from django.db.models.constants import LOOKUP_SEP

# The widest integer any of the project's databases stores (a 64-bit bigint).
LARGEST_INTEGER = 2**63 - 1


def _numbers(value):
    """The integers written in a filter's value, e.g. ``"1,22"`` for an ``__in`` lookup."""
    for part in str(value).split(","):
        try:
            yield int(part)
        except ValueError:
            continue


class LookupGuardMixin:
    """Refuse (400 Bad Request) a changelist filter on a value no column can hold.

    The admin accepts any lookup on a model's own fields from the address, and
    ``?id__in=99999999999999999999`` or ``?updated_at__year=99999999999999`` would fail
    only when the query runs, as a server error. A value that is not a number where one
    is expected is already refused by Django.
    """

    def lookup_allowed(self, lookup, value, request=None):
        parts = set(lookup.split(LOOKUP_SEP))
        low, high = -LARGEST_INTEGER - 1, LARGEST_INTEGER
        if {"year", "iso_year"} & parts:
            low, high = datetime.MINYEAR, datetime.MAXYEAR
        if any(not low <= number <= high for number in _numbers(value)):
            return False
        return super().lookup_allowed(lookup, value, request)
