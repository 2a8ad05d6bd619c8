"""Unique slugs for rows created from user input."""

from django.utils.text import slugify


def unique_slug(queryset, text, *, max_length, fallback):
    """A slug made from ``text`` that no row of ``queryset`` has yet.

    ``-2``, ``-3``… are appended when needed; ``fallback`` serves when ``text`` gives an
    empty slug (e.g. it has no letter or digit).
    """
    base = (slugify(text) or fallback)[: max_length - 6].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
