"""The practices a visitor selects for comparison.

They are kept in the visitor's session, in the order chosen, at most
:data:`~practices.selectors.COMPARISON_MAX`. The session is saved with the response,
so these functions need no transaction.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..selectors import COMPARISON_MAX, COMPARISON_SESSION_KEY, comparison_selection

__all__ = [
    "comparison_add",
    "comparison_clear",
    "comparison_remove",
    "comparison_replace",
]


def _comparison_save(session, slugs):
    session[COMPARISON_SESSION_KEY] = slugs
    return slugs


def comparison_add(*, session, practice) -> list[str]:
    """Add a published ``practice`` to the visitor's comparison; return the selection.

    Raises ValidationError when the comparison is full.
    """
    slugs = comparison_selection(session=session)
    if practice.slug in slugs:
        return slugs
    if len(slugs) >= COMPARISON_MAX:
        raise ValidationError(
            _("You can compare up to {max} practices: remove one before adding another.").format(
                max=COMPARISON_MAX
            ),
            code="full",
        )
    return _comparison_save(session, [*slugs, practice.slug])


def comparison_remove(*, session, slug) -> list[str]:
    """Take a practice out of the visitor's comparison; return the selection."""
    slugs = comparison_selection(session=session)
    return _comparison_save(session, [kept for kept in slugs if kept != slug])


def comparison_replace(*, session, practices) -> list[str]:
    """Make ``practices`` (published, at most the maximum) the visitor's comparison,
    e.g. from a shared link; return the selection."""
    return _comparison_save(session, [practice.slug for practice in practices][:COMPARISON_MAX])


def comparison_clear(*, session) -> list[str]:
    """Empty the visitor's comparison."""
    return _comparison_save(session, [])
