"""The search document and facet keys of each practice, kept for ``practices.search``
and the catalogue's filters.

The search document of a practice (``search_title``, ``search_text``, the titles for
sorting ``sort_title_<language>`` and, on PostgreSQL, ``search_vector``; see
``practices/search.py``) is built from the practice's translated texts, its city and
the texts of its staff assessments; its facet keys (``PracticeFacet``, see
``practices/facets.py``) from its country, dates, vocabularies and staff ratings. The
workflow services rebuild both whenever they change one of those; other code that
changes them (a script, a restore) must call, once the practice, its vocabularies and
its assessments are saved::

    practice_search_index_update(practice=practice)

or, after changing many practices, ``practice_search_index_update_many(queryset=...)``
(``manage.py rebuild_search_index`` does it for all). Indexing is not an editorial
change: it records no event and leaves ``updated_at`` and ``version`` alone.
"""

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Case, F, Prefetch, TextField, Value, When

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment

from .. import search
from ..facets import facet_keys
from ..i18n import LANGUAGE_CODES
from ..models import Practice, PracticeFacet

__all__ = [
    "practice_facets_update_many",
    "practice_search_index_update",
    "practice_search_index_update_many",
]


INDEX_BATCH_SIZE = 500
# The columns computed here (search_vector aside) from the practice's own fields.
TITLE_COLUMNS = ["search_title", *search.SORT_TITLE_FIELDS.values()]
DOCUMENT_FIELDS = [*TITLE_COLUMNS, "search_text", "search_vector"]


@transaction.atomic
def practice_search_index_update(*, practice) -> Practice:
    """Rebuild ``practice``'s search document and facet keys; return the practice, its
    search fields refreshed."""
    practice_search_index_update_many(queryset=Practice.objects.filter(pk=practice.pk))
    practice.refresh_from_db(fields=DOCUMENT_FIELDS)
    return practice


@transaction.atomic
def practice_search_index_update_many(*, queryset=None, batch_size=INDEX_BATCH_SIZE) -> int:
    """Rebuild the search document and the facet keys of every practice in
    ``queryset`` (all practices by default), ``batch_size`` at a time; return how many
    were indexed.

    PostgreSQL: the titles' columns and ``search_vector``, in one UPDATE per batch
    (the vector is computed by the database); ``search_text`` is not used there and
    stays empty. SQLite: the titles' columns and ``search_text``.
    """
    queryset = Practice.objects.all() if queryset is None else queryset
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        batch_pks = pks[start : start + batch_size]
        _facets_update(batch_pks)
        batch = Practice.objects.filter(pk__in=batch_pks)
        if connection.vendor == "postgresql":
            titles = {name: [] for name in TITLE_COLUMNS}
            for practice in batch.only("pk", *search.TITLE_FIELDS):
                for name, value in _title_columns(practice).items():
                    titles[name].append(When(pk=practice.pk, then=Value(value)))
            batch.update(
                **{
                    name: Case(*whens, default=F(name), output_field=TextField())
                    for name, whens in titles.items()
                },
                search_text="",
                search_vector=search.search_vector(),
            )
            continue
        practices = list(
            batch.prefetch_related(
                Prefetch("assessments", queryset=_staff_texts(), to_attr="staff_texts")
            )
        )
        for practice in practices:
            texts = [
                getattr(assessment, f"text_{code}") or ""
                for assessment in practice.staff_texts
                for code in LANGUAGE_CODES
            ]
            for name, value in _title_columns(practice).items():
                setattr(practice, name, value)
            practice.search_text = search.text_document(practice, texts)
        Practice.objects.bulk_update(practices, [*TITLE_COLUMNS, "search_text"])
    return len(pks)


@transaction.atomic
def practice_facets_update_many(*, queryset=None, batch_size=INDEX_BATCH_SIZE) -> int:
    """Rebuild the facet keys alone of every practice in ``queryset`` (all practices
    by default); return how many practices were updated.

    For changes to the reference data the keys depend on: once a criterion is added,
    every practice is not rated on it; once a vocabulary term is deleted, the
    practices that had it may have no term of that vocabulary left.
    """
    queryset = Practice.objects.all() if queryset is None else queryset
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        _facets_update(pks[start : start + batch_size])
    return len(pks)


def _facets_update(pks):
    """Replace the facet keys of the practices ``pks``."""
    PracticeFacet.objects.filter(practice_id__in=pks).delete()
    PracticeFacet.objects.bulk_create(
        PracticeFacet(practice_id=pk, key=key)
        for pk, keys in facet_keys(pks, apps=apps).items()
        for key in keys
    )


def _title_columns(practice):
    """``{column: value}`` of the columns made from ``practice``'s titles."""
    return {
        "search_title": search.title_document(practice),
        **{
            name: search.sort_title(practice, code)
            for code, name in search.SORT_TITLE_FIELDS.items()
        },
    }


def _staff_texts():
    return Assessment.objects.filter(source=AssessmentSource.STAFF).only(
        "practice_id", *(f"text_{code}" for code in LANGUAGE_CODES)
    )
