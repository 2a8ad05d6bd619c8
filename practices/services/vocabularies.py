"""Writes of the controlled vocabularies that the practices' facet keys depend on."""

from django.db import transaction

from ..models import Practice
from .search_index import practice_facets_update_many

__all__ = ["vocabulary_terms_delete"]


@transaction.atomic
def vocabulary_terms_delete(*, terms) -> int:
    """Delete the vocabulary ``terms`` (a queryset of one vocabulary, e.g. levels) and
    refresh the facet keys of the practices that had one of them: some may now have
    no term of that vocabulary, which the catalogue counts as "not stated". Return
    how many practices were refreshed."""
    relation = next(
        name
        for name in Practice.VOCABULARIES
        if Practice._meta.get_field(name).related_model is terms.model
    )
    affected = list(
        Practice.objects.filter(**{f"{relation}__in": terms})
        .distinct()
        .values_list("pk", flat=True)
    )
    terms.delete()
    return practice_facets_update_many(queryset=Practice.objects.filter(pk__in=affected))
