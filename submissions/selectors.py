"""Reads for the submitter's pages and the staff review pages."""

from itertools import chain

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment
from partners.models import Partnership
from practices.choices import EventAction, PracticeStatus
from practices.models import Practice, PracticeEvent, PracticeVersion
from practices.selectors import CLASSIFICATION_PREFETCHES

from .models import InternalNote, Message

# The queue's default: everything waiting for someone.
OPEN_STATUSES = [
    PracticeStatus.SUBMITTED,
    PracticeStatus.IN_REVIEW,
    PracticeStatus.CHANGES_REQUESTED,
    PracticeStatus.RESUBMITTED,
]
RECOMMENDATIONS = [EventAction.RECOMMENDED_PUBLICATION, EventAction.RECOMMENDED_REJECTION]


def _assessments(source, to_attr):
    return Prefetch(
        "assessments",
        queryset=Assessment.objects.filter(source=source).select_related("level"),
        to_attr=to_attr,
    )


def _record_prefetches():
    """Everything the read-only view of a submission shows."""
    return [
        *CLASSIFICATION_PREFETCHES,
        "references",
        "links",
        "attachments",
        Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")),
        _assessments(AssessmentSource.SELF, "self_assessments"),
    ]


def submission_for_submitter(*, pk):
    """A practice as its submitter sees it: the record, the transitions, the messages.

    Internal notes and staff-only events (edits, assignments, recommendations) are not
    read at all.
    """
    transitions = PracticeEvent.objects.exclude(from_status=F("to_status"))
    return get_object_or_404(
        Practice.objects.prefetch_related(
            *_record_prefetches(),
            Prefetch("events", queryset=transitions, to_attr="transitions"),
            "messages",
        ),
        pk=pk,
    )


def submitter_timeline(practice):
    """Transitions and messages of ``practice`` (prefetched), oldest first."""
    return sorted(
        chain(practice.transitions, practice.messages.all()), key=lambda item: item.created_at
    )


def _waiting_since():
    """When the practice entered its current status (its last transition)."""
    last_transition = (
        PracticeEvent.objects.filter(practice=OuterRef("pk"))
        .exclude(from_status=F("to_status"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(last_transition), F("created_at"))


def review_queue_base():
    """Every practice, with when it entered its status, oldest waiting first."""
    return Practice.objects.annotate(waiting_since=_waiting_since()).order_by("waiting_since", "pk")


def review_queue(*, filterset):
    """Practices matching the queue's filters (on ``review_queue_base()``), with their
    assignee, first submission and last recommendation. An invalid filter value gives no
    result.
    """
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    first_submission = (
        PracticeEvent.objects.filter(practice=OuterRef("pk"), action=EventAction.SUBMITTED)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    last_recommendation = (
        PracticeEvent.objects.filter(practice=OuterRef("pk"), action__in=RECOMMENDATIONS)
        .order_by("-created_at", "-pk")
        .values("action")[:1]
    )
    return filterset.qs.select_related("assigned_to").annotate(
        submitted_at=Subquery(first_submission),
        recommendation=Subquery(last_recommendation),
    )


def submission_for_review(*, pk):
    """A practice with everything its review page shows, whatever its status."""
    return get_object_or_404(
        Practice.objects.select_related("assigned_to").prefetch_related(
            *_record_prefetches(),
            "access_links",
            _assessments(AssessmentSource.STAFF, "staff_assessments"),
            Prefetch("events", queryset=PracticeEvent.objects.select_related("actor")),
            Prefetch("messages", queryset=Message.objects.select_related("author")),
            Prefetch("internal_notes", queryset=InternalNote.objects.select_related("author")),
            Prefetch(
                "versions",
                queryset=PracticeVersion.objects.defer("content").select_related("created_by"),
            ),
        ),
        pk=pk,
    )


def version_contents(*, practice, numbers):
    """``{number: content}`` of the given versions of ``practice``, in one query."""
    return dict(
        PracticeVersion.objects.filter(practice=practice, number__in=numbers).values_list(
            "number", "content"
        )
    )
