"""Date formats of the site's languages (``FORMAT_MODULE_PATH``), and :func:`full_date`.

``en/formats.py`` writes dates the British way, as the site's English is British;
``fr/formats.py`` adds, to Django's French formats, how the first of the month is
written ("1er janvier 2014"), which a Django format string cannot choose by itself.
"""

from django.utils import formats
from django.utils.translation import get_language

# A language's format module may give ``FIRST_OF_MONTH_<format name>``: the format used
# instead of ``<format name>`` for a date on the first of a month.
FIRST_OF_MONTH = "FIRST_OF_MONTH_{}"


def full_date(value, format_name="DATE_FORMAT"):
    """``value`` (a date or datetime) in the active language's ``format_name``, the
    first of the month as that language writes it: "1 January 2014", "1er janvier 2014".
    """
    if value in (None, ""):
        return ""
    if value.day == 1:
        for module in formats.get_format_modules(get_language()):
            first_of_month = getattr(module, FIRST_OF_MONTH.format(format_name), None)
            if first_of_month:
                return formats.date_format(value, first_of_month)
    return formats.date_format(value, format_name)
