"""Unique slugs for rows created from user input."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Fixed words of the addresses where a practice's slug stands (/practices/feed/,
# /practices/export.csv, /practices/preview/1/, /api/v1/practices/facets/): a practice
# given one of them as its slug would be hidden by that address.
RESERVED_PRACTICE_SLUGS = frozenset({"export", "facets", "feed", "preview"})


def validate_practice_slug_not_reserved(value):
    if value in RESERVED_PRACTICE_SLUGS:
        raise ValidationError(
            _("“{value}” is reserved; choose another slug.").format(value=value), code="reserved"
        )


def unique_slug(queryset, text, *, max_length, fallback, reserved=frozenset()):
    """A slug made from ``text`` that no row of ``queryset`` has yet, nor ``reserved``.

    ``-2``, ``-3``… are appended when needed; ``fallback`` serves when ``text`` gives an
    empty slug (e.g. it has no letter or digit).
    """
    base = (slugify(text) or fallback)[: max_length - 6].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= reserved
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def practice_slug(queryset, title):
    """A slug for a practice titled ``title``, unique among ``queryset``'s practices
    and never a reserved word: "Feed" gives ``feed-2``."""
    return unique_slug(
        queryset,
        title,
        max_length=queryset.model._meta.get_field("slug").max_length,
        fallback="practice",
        reserved=RESERVED_PRACTICE_SLUGS,
    )
