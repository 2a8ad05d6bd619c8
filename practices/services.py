"""Writes and state changes of practices.

Search index
------------
The search document of a practice (``search_title``, ``search_text`` and, on
PostgreSQL, ``search_vector``; see ``practices/search.py``) is built from the
practice's translated texts, its city and the texts of its staff assessments. Any
code that changes one of those must call, in the same transaction, once the
practice and its assessments are saved::

    practice_search_index_update(practice=practice)

or, after changing many practices, ``practice_search_index_update_many(queryset=...)``.
The admin, the demo loader and ``manage.py rebuild_search_index`` do. Indexing
is not an editorial change: it records no event and leaves ``updated_at`` and
``version`` alone.
"""

from django.db import connection, transaction
from django.db.models import Prefetch

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment

from . import search
from .models import Practice

INDEX_BATCH_SIZE = 500


@transaction.atomic
def practice_search_index_update(*, practice) -> Practice:
    """Rebuild ``practice``'s search document; return the practice, its search
    fields refreshed."""
    practice_search_index_update_many(queryset=Practice.objects.filter(pk=practice.pk))
    practice.refresh_from_db(fields=["search_title", "search_text", "search_vector"])
    return practice


@transaction.atomic
def practice_search_index_update_many(*, queryset=None, batch_size=INDEX_BATCH_SIZE) -> int:
    """Rebuild the search document of every practice in ``queryset`` (all practices
    by default), ``batch_size`` at a time; return how many were indexed."""
    queryset = Practice.objects.all() if queryset is None else queryset
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    staff_texts = Assessment.objects.filter(source=AssessmentSource.STAFF).only(
        "practice_id", *(f"text_{code}" for code in search.LANGUAGES)
    )
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        practices = list(
            Practice.objects.filter(pk__in=batch).prefetch_related(
                Prefetch("assessments", queryset=staff_texts, to_attr="staff_texts")
            )
        )
        for practice in practices:
            texts = [
                getattr(assessment, f"text_{code}") or ""
                for assessment in practice.staff_texts
                for code in search.LANGUAGES
            ]
            practice.search_title, practice.search_text = search.document(practice, texts)
        Practice.objects.bulk_update(practices, ["search_title", "search_text"])
        if connection.vendor == "postgresql":
            Practice.objects.filter(pk__in=batch).update(search_vector=search.search_vector())
    return len(pks)
