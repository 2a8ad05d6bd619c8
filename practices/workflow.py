"""The review workflow's rules: which status may follow which, who may do what.

draft → submitted → in review → changes requested → resubmitted → in review → …
→ published | rejected; published → archived (and archived → published again).

The services in ``services.py`` enforce these rules; views and templates ask the same
questions to show only the actions a user may take.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import EventAction, PracticeStatus

REVIEW = "practices.review_practice"
PUBLISH = "practices.publish_practice"
EDIT_DECIDED = "practices.edit_published_practice"

# The submitter may edit the text only in these statuses: submitting locks it until
# staff request changes.
SUBMITTER_EDITABLE = frozenset({PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED})
UNDER_REVIEW = frozenset(
    {
        PracticeStatus.SUBMITTED,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.CHANGES_REQUESTED,
        PracticeStatus.RESUBMITTED,
    }
)
DECIDED = frozenset({PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED, PracticeStatus.REJECTED})


@dataclass(frozen=True)
class Transition:
    """A status change: from which statuses, to which, and who may make it.

    ``permission`` is None for the submitter's own transitions (submit, resubmit).
    ``confirmation``, if any, is what staff are told on a page asking them to confirm.
    """

    name: str
    action: EventAction
    sources: frozenset
    target: PracticeStatus
    permission: str | None
    label: str
    needs_comment: bool = False
    takes_comment: bool = True
    destructive: bool = False
    confirmation: str = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            EventAction.SUBMITTED,
            frozenset({PracticeStatus.DRAFT}),
            PracticeStatus.SUBMITTED,
            None,
            _("Submit for review"),
        ),
        Transition(
            "start_review",
            EventAction.REVIEW_STARTED,
            frozenset({PracticeStatus.SUBMITTED, PracticeStatus.RESUBMITTED}),
            PracticeStatus.IN_REVIEW,
            REVIEW,
            _("Start the review"),
            takes_comment=False,
        ),
        Transition(
            "request_changes",
            EventAction.CHANGES_REQUESTED,
            frozenset({PracticeStatus.IN_REVIEW}),
            PracticeStatus.CHANGES_REQUESTED,
            REVIEW,
            _("Request changes"),
            needs_comment=True,
        ),
        Transition(
            "resubmit",
            EventAction.RESUBMITTED,
            frozenset({PracticeStatus.CHANGES_REQUESTED}),
            PracticeStatus.RESUBMITTED,
            None,
            _("Resubmit"),
        ),
        Transition(
            "publish",
            EventAction.PUBLISHED,
            frozenset({PracticeStatus.IN_REVIEW, PracticeStatus.ARCHIVED}),
            PracticeStatus.PUBLISHED,
            PUBLISH,
            _("Publish"),
        ),
        Transition(
            "reject",
            EventAction.REJECTED,
            UNDER_REVIEW,
            PracticeStatus.REJECTED,
            PUBLISH,
            _("Reject"),
            needs_comment=True,
            destructive=True,
            confirmation=_(
                "Rejection is final: the practice can be neither reviewed nor published "
                "afterwards. The submitter receives your reason by e-mail."
            ),
        ),
        Transition(
            "archive",
            EventAction.ARCHIVED,
            frozenset({PracticeStatus.PUBLISHED}),
            PracticeStatus.ARCHIVED,
            PUBLISH,
            _("Archive"),
            destructive=True,
            confirmation=_(
                "The practice leaves the public catalogue and its page, and the submitter "
                "is told by e-mail. An editor can publish it again later."
            ),
        ),
    ]
}

# What a practice needs before it can be submitted, by field, with the message shown.
SUBMISSION_REQUIREMENTS = {
    "title": _("Give the practice a title."),
    "summary": _("Write a short summary."),
    "description": _("Describe the practice."),
    "objectives": _("Say what the practice aims to achieve."),
    "contact_name": _("Give the name of a contact person."),
    "contact_email": _("Give the contact's e-mail address."),
}
TRANSLATED_REQUIREMENTS = {"title", "summary", "description", "objectives"}


def can_review(user):
    return bool(user and user.is_active and user.has_perm(REVIEW))


def can_publish(user):
    return bool(user and user.is_active and user.has_perm(PUBLISH))


def can_edit(user, practice):
    """May ``user`` (None: the submitter, through their link) edit the record now?"""
    if user is None:
        return practice.status in SUBMITTER_EDITABLE
    if not can_review(user):
        return False
    if practice.status in DECIDED:
        return user.has_perm(EDIT_DECIDED)
    return practice.status in UNDER_REVIEW


def staff_transitions(user, practice):
    """The transitions ``user`` may make on ``practice`` now, in workflow order."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.permission
        and practice.status in t.sources
        and user.is_active
        and user.has_perm(t.permission)
    ]


def missing_for_publication(practice, *, criteria, staff_assessments):
    """What stops ``practice`` being published, as messages: a required text empty in
    its original language (staff may have blanked it), or a criterion of ``criteria``
    without a rating in the staff assessment, which is published with the practice.
    """
    missing = [
        message
        for field, message in missing_for_submission(practice).items()
        if field in TRANSLATED_REQUIREMENTS
    ]
    rated = {assessment.criterion_id for assessment in staff_assessments if assessment.level_id}
    unrated = [str(criterion.name) for criterion in criteria if criterion.pk not in rated]
    if unrated:
        missing.append(
            _(
                "Rate it on every criterion in the staff assessment (not rated yet: {criteria})."
            ).format(criteria=", ".join(unrated))
        )
    return missing


def missing_for_submission(practice):
    """The required fields still empty, as ``{field: message}``.

    Texts are required in the practice's original language, the one the submitter
    writes in.
    """
    missing = {}
    for field, message in SUBMISSION_REQUIREMENTS.items():
        name = (
            f"{field}_{practice.original_language}" if field in TRANSLATED_REQUIREMENTS else field
        )
        if not (getattr(practice, name) or "").strip():
            missing[field] = message
    return missing
