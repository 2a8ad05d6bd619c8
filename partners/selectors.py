"""Reads of partner organisations."""

from django.db.models import Exists, OuterRef, Q

from practices.models import Practice

from .models import Organisation, Partnership

SUGGESTION_LIMIT = 8


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
    """Known organisations whose name, in either language, contains ``name``.

    Both language columns are searched on purpose: the submitter may type either name.
    """
    name = " ".join(name.split())
    if len(name) < 3:
        return Organisation.objects.none()
    return (
        organisations_offered(practice=practice)
        .filter(Q(name_en__icontains=name) | Q(name_fr__icontains=name))
        .order_by("slug")[:SUGGESTION_LIMIT]
    )
