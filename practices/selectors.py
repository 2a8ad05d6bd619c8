"""Reads for the public pages; every one starts from published practices."""

from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment, Criterion
from partners.models import Partnership

from .choices import VersionKind
from .models import AccessLink, Attachment, Practice, PracticeVersion


def with_card_data(queryset):
    """Add what a result card shows: domains, and how many criteria staff rated."""
    rated = (
        Assessment.objects.filter(
            practice=OuterRef("pk"), source=AssessmentSource.STAFF, level__isnull=False
        )
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.prefetch_related("domains").annotate(
        rated_criteria=Coalesce(Subquery(rated), 0)
    )


def practice_list(*, filterset):
    """Published practices matching ``filterset``, with what a result card shows.

    An invalid filter value gives no results (its error is shown next to the filter)
    rather than silently ignoring what the user asked for.
    """
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return with_card_data(filterset.qs)


# The vocabularies of a practice, as its pages show them.
CLASSIFICATION_PREFETCHES = [*Practice.CLASSIFICATIONS, "recommendations__framework"]


def _with_page_data(queryset):
    """What the practice page shows: related rows, published reports, publication history."""
    staff_assessments = Assessment.objects.filter(source=AssessmentSource.STAFF).select_related(
        "level"
    )
    publications = (
        PracticeVersion.objects.filter(practice=OuterRef("pk"), kind=VersionKind.PUBLICATION)
        .order_by()
        .values("practice")
    )
    return queryset.prefetch_related(
        *CLASSIFICATION_PREFETCHES,
        "references",
        "links",
        "outcomes",
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("organisation"),
        ),
        Prefetch("assessments", queryset=staff_assessments, to_attr="staff_assessments"),
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(is_public=True),
            to_attr="public_attachments",
        ),
    ).annotate(
        publication_count=Coalesce(Subquery(publications.annotate(n=Count("pk")).values("n")), 0),
        last_published_at=Subquery(publications.annotate(last=Max("created_at")).values("last")),
    )


def practice_detail(*, slug):
    """One published practice with every related row its page shows, or 404."""
    return get_object_or_404(_with_page_data(Practice.objects.published()), slug=slug)


def practice_preview(*, pk):
    """Any practice, whatever its status, as its public page would show it (staff only)."""
    return get_object_or_404(_with_page_data(Practice.objects.all()), pk=pk)


def access_link_active(*, pk, practice_pk):
    """The private link ``pk`` to practice ``practice_pk`` if it is still active."""
    return AccessLink.objects.filter(
        pk=pk, practice_id=practice_pk, revoked_at__isnull=True
    ).first()


def criteria_with_scales():
    """The evaluation criteria in order, each with its ordered rating levels."""
    return list(Criterion.objects.prefetch_related("levels"))


def home_summary():
    """Counts and featured practices for the home page."""
    published = Practice.objects.published()
    cards = with_card_data(published)
    featured = list(cards.filter(featured=True)[:3]) or list(cards[:3])
    return {
        "featured": featured,
        "practice_count": published.count(),
        "country_count": published.order_by().values("country").distinct().count(),
        "partner_count": Partnership.objects.filter(practice__in=published.values("pk"))
        .values("organisation")
        .distinct()
        .count(),
    }
