"""Reads of partner organisations."""

from django.db.models import Exists, Func, OuterRef, Q, TextField

from practices.models import Practice
from practices.search import normalise

from .models import Organisation, Partnership

SUGGESTION_LIMIT = 8
# The SQL name of ``normalise`` on SQLite, where PartnersConfig registers it.
NORMALISE_SQLITE = "gpr_normalise"


def normalise_or_null(text):
    """``normalise`` for SQLite, which passes NULL (an untranslated name) as None."""
    return None if text is None else normalise(text)


class Normalised(Func):
    """A text column as ``practices.search.normalise`` gives it (casefolded, without
    accents): that very function on SQLite, ``unaccent`` and ``lower`` on PostgreSQL."""

    function = NORMALISE_SQLITE
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="LOWER(UNACCENT(%(expressions)s))", **extra_context
        )


def organisations_offered(*, practice=None):
    """Organisations a submitter may be offered: those in a published practice, and
    those already partners of ``practice``. Others may belong to unpublished work, which
    nobody outside staff may see.
    """
    in_published = Partnership.objects.filter(
        organisation=OuterRef("pk"), practice__in=Practice.objects.published()
    )
    condition = Q(Exists(in_published))
    if practice is not None:
        condition |= Q(
            Exists(Partnership.objects.filter(organisation=OuterRef("pk"), practice=practice))
        )
    return Organisation.objects.filter(condition)


def organisation_suggestions(*, name, practice=None):
    """Known organisations whose name, in either language, contains ``name``, whatever
    the accents and capitals ("representants" finds "Représentants").

    Both language columns are searched on purpose: the submitter may type either name.
    """
    name = " ".join(name.split())
    if len(name) < 3:
        return Organisation.objects.none()
    typed = normalise(name)
    return (
        organisations_offered(practice=practice)
        .annotate(normalised_en=Normalised("name_en"), normalised_fr=Normalised("name_fr"))
        .filter(Q(normalised_en__contains=typed) | Q(normalised_fr__contains=typed))
        .order_by("slug")[:SUGGESTION_LIMIT]
    )
