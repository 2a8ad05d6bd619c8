"""The review workflow, edits of the record, reports and private links.

Every function is keyword-only and atomic; it checks that the change is allowed now
(status, permission, and for edits the version the user saw), records a
``PracticeEvent``, sends the e-mail it should and returns the practice.

``by`` is the member of staff acting, or None for the submitter acting through their
private link (the views check the link before calling).
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment, Criterion
from partners.models import Organisation, Partnership
from partners.services import organisation_create

from .. import notifications
from ..choices import EventAction, PracticeStatus, VersionKind
from ..i18n import LANGUAGE_CODES
from ..models import (
    AccessLink,
    Attachment,
    Practice,
    PracticeEvent,
    PracticeVersion,
    Reference,
    UsefulLink,
)
from ..slugs import practice_slug
from ..versions import practice_snapshot
from ..workflow import (
    PUBLISH,
    REVIEW,
    TRANSITIONS,
    can_edit,
    can_review,
    missing_for_publication,
    missing_for_submission,
)
from .search_index import practice_search_index_update

__all__ = [
    "NewOrganisation",
    "PartnerRow",
    "Rating",
    "StaleVersionError",
    "WorkflowError",
    "access_link_issue",
    "access_link_use",
    "access_links_request",
    "access_links_revoke",
    "actor_label",
    "attachment_add",
    "attachment_remove",
    "attachment_set_public",
    "practice_archive",
    "practice_assign",
    "practice_lock",
    "practice_publish",
    "practice_recommend",
    "practice_reject",
    "practice_request_changes",
    "practice_saved_in_admin",
    "practice_set_assessments",
    "practice_set_partnerships",
    "practice_set_references",
    "practice_start_review",
    "practice_start_submission",
    "practice_submit",
    "practice_update",
]

# How many of a contact's practices a "send me my links" request covers.
LINK_REQUEST_LIMIT = 10


class WorkflowError(Exception):
    """A change the workflow refuses now; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class StaleVersionError(WorkflowError):
    """The practice changed since the user loaded it; saving would overwrite that."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this practice since you opened it, so your changes "
                "were not saved. They are still in the form: copy what you need, reload "
                "the page to see the current version, and make your changes again."
            )
        )


# --- Shared steps ------------------------------------------------------------------


def actor_label(by, practice):
    """The name an event or message keeps of who acted: for the submitter, the contact's
    name or address (pages add "(submitter)", or say "the submitter" if it is empty)."""
    if by is None:
        return practice.contact_name or practice.contact_email
    return by.get_full_name() or by.get_username()


def _record(practice, by, action, *, from_status=None, comment=""):
    return PracticeEvent.objects.create(
        practice=practice,
        action=action,
        from_status=practice.status if from_status is None else from_status,
        to_status=practice.status,
        actor=by,
        actor_label=actor_label(by, practice),
        comment=comment,
    )


def _require(by, permission):
    if by is None or not by.is_active or not by.has_perm(permission):
        raise PermissionDenied


def practice_lock(*, practice, expected_version=None):
    """The practice read again and locked until the transaction ends (call it inside
    one: every service here is, and so is the admin's change form).

    ``expected_version`` is the version the user's form was built from: if the practice
    has changed since, saving would silently overwrite someone else's work.
    """
    locked = Practice.objects.select_for_update().get(pk=practice.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError
    return locked


def _version_record(practice, by, kind):
    number = (
        PracticeVersion.objects.filter(practice=practice)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    return PracticeVersion.objects.create(
        practice=practice,
        number=number,
        kind=kind,
        created_by=by,
        content=practice_snapshot(practice, with_staff_assessment=kind == VersionKind.PUBLICATION),
    )


def _begin_edit(practice, by, expected_version):
    if by is not None:
        _require(by, REVIEW)
    locked = practice_lock(practice=practice, expected_version=expected_version)
    if not can_edit(by, locked):
        if by is None:
            raise WorkflowError(
                _(
                    "Your submission is with Efus staff, so it cannot be changed now. "
                    "You can edit it again if they request changes."
                )
            )
        raise PermissionDenied
    return locked


def _end_edit(practice, by, summary):
    """Raise the version, refresh the search document and record the edit (staff's or
    the submitter's); a staff edit re-publishes a published record."""
    practice.version += 1
    practice.save()
    practice_search_index_update(practice=practice)
    _record(practice, by, EventAction.EDITED, comment=str(summary))
    if practice.status == PracticeStatus.PUBLISHED:
        _version_record(practice, by, VersionKind.PUBLICATION)
    return practice


# --- Starting a submission and editing the record ----------------------------------


@transaction.atomic
def practice_start_submission(*, values, contact_language):
    """Create a draft from the first step of the form and e-mail its private link.

    ``values`` are Practice fields, including ``original_language`` and the contact.
    """
    title = values[f"title_{values['original_language']}"]
    practice = Practice(
        **values,
        contact_language=contact_language,
        status=PracticeStatus.DRAFT,
        slug=practice_slug(Practice.objects.all(), title),
    )
    practice.save()
    practice_search_index_update(practice=practice)
    _record(practice, None, EventAction.CREATED, from_status="")
    token = access_link_issue(practice=practice)
    notifications.email_submitter(practice=practice, template="draft_link", token=token)
    return practice


@transaction.atomic
def practice_update(*, practice, by, expected_version, values, m2m=None, parts=None):
    """Set fields (``values``) and many-to-many sets (``m2m``) of the record, and texts
    of its partners and links (``parts``: ``[(partnership or link, {field: text})]``,
    e.g. their roles and labels translated by staff)."""
    practice = _begin_edit(practice, by, expected_version)
    for name, value in values.items():
        setattr(practice, name, value)
    for name, objects in (m2m or {}).items():
        getattr(practice, name).set(objects)
    for part, texts in parts or []:
        if part.practice_id != practice.pk:
            raise PermissionDenied
        for name, value in texts.items():
            setattr(part, name, value)
        part.save(update_fields=list(texts))
    return _end_edit(practice, by, _("Record edited"))


@transaction.atomic
def practice_saved_in_admin(*, practice, by, created):
    """Record a save of the admin's practice form (which saved the row and its inlines).

    A practice staff create in the admin starts in review, as their own submission
    would; an edit raises the version (the form checked it, see ``PracticeAdmin``), is
    recorded, and re-publishes a published practice.
    """
    _require(by, "practices.change_practice")
    practice = practice_lock(practice=practice)
    if created:
        practice.status = PracticeStatus.IN_REVIEW
        practice.save(update_fields=["status"])
        practice_search_index_update(practice=practice)
        _record(practice, by, EventAction.CREATED, from_status="")
        return practice
    return _end_edit(practice, by, _("Edited in the admin"))


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation the submitter adds because it is not known yet."""

    name: str
    kind: str
    country: str


@dataclass(frozen=True)
class PartnerRow:
    """One partner as entered: a known organisation, or a new one to create."""

    organisation: Organisation | None
    new_organisation: NewOrganisation | None
    role: dict  # {"role_en": …, "role_fr": …}; only the languages being edited
    is_lead: bool
    is_statutory: bool


@transaction.atomic
def practice_set_partnerships(*, practice, by, expected_version, rows):
    """Make the practice's partners exactly ``rows``, in that order.

    New organisations are created here; a known organisation is linked, never copied.
    """
    practice = _begin_edit(practice, by, expected_version)
    existing = {p.organisation_id: p for p in practice.partnerships.all()}
    kept = []
    for position, row in enumerate(rows, start=1):
        organisation = row.organisation or organisation_create(
            name=row.new_organisation.name,
            kind=row.new_organisation.kind,
            country=row.new_organisation.country,
        )
        partnership = existing.get(organisation.pk) or Partnership(
            practice=practice, organisation=organisation
        )
        for name, value in row.role.items():
            setattr(partnership, name, value)
        partnership.is_lead = row.is_lead
        partnership.is_statutory = row.is_statutory
        partnership.position = position
        partnership.save()
        kept.append(partnership.pk)
    practice.partnerships.exclude(pk__in=kept).delete()
    return _end_edit(practice, by, _("Partners edited"))


@dataclass(frozen=True)
class Rating:
    """A rating of the practice on one criterion, with its texts by field name."""

    criterion: object
    level: object  # a RatingLevel of the criterion, or None: not rated
    texts: dict  # {"text_en": …, "text_fr": …}; only the languages being edited


@transaction.atomic
def practice_set_assessments(*, practice, by, expected_version, source, ratings):
    """Save the self-assessment (``by`` None) or the staff assessment, per criterion.

    A criterion left unrated and without text in any language keeps no assessment row.
    """
    practice = _begin_edit(practice, by, expected_version)
    existing = {a.criterion_id: a for a in practice.assessments.filter(source=source)}
    for rating in ratings:
        assessment = existing.get(rating.criterion.pk) or Assessment(
            practice=practice, criterion=rating.criterion, source=source
        )
        assessment.level = rating.level
        for name, value in rating.texts.items():
            setattr(assessment, name, value)
        if by is not None:
            assessment.assessed_by = by
        texts = (getattr(assessment, f"text_{code}") or "" for code, _name in settings.LANGUAGES)
        if assessment.level is None and not any(text.strip() for text in texts):
            if assessment.pk:
                assessment.delete()
            continue
        assessment.save()
    return _end_edit(practice, by, _("Assessment edited"))


@transaction.atomic
def practice_set_references(*, practice, by, expected_version, references, links):
    """Replace the references and useful links with the given field dicts, in order.

    A link kept at the same address keeps its label in the languages not edited (a
    submitter edits theirs; staff may have translated it).
    """
    practice = _begin_edit(practice, by, expected_version)
    previous = {link.url: link for link in practice.links.all()}
    practice.references.all().delete()
    practice.links.all().delete()
    Reference.objects.bulk_create(
        Reference(practice=practice, position=position, **values)
        for position, values in enumerate(references, start=1)
    )
    labels = [f"label_{code}" for code in LANGUAGE_CODES]
    UsefulLink.objects.bulk_create(
        UsefulLink(
            practice=practice,
            position=position,
            **{
                **{name: getattr(previous.get(values["url"]), name, "") for name in labels},
                **values,
            },
        )
        for position, values in enumerate(links, start=1)
    )
    return _end_edit(practice, by, _("References and links edited"))


# --- Evaluation reports ------------------------------------------------------------


@transaction.atomic
def attachment_add(*, practice, by, upload, content_type):
    """Store an uploaded report whose type was checked from its content.

    Adding a report does not touch the record's text, so it does not change the version
    another person's open form relies on.
    """
    if by is not None:
        _require(by, REVIEW)
    practice = practice_lock(practice=practice)
    if not can_edit(by, practice):
        raise WorkflowError(_("Reports cannot be added to this practice now."))
    if practice.attachments.count() >= settings.ATTACHMENT_MAX_COUNT:
        raise WorkflowError(
            _("A practice can have at most {count} reports: remove one first.").format(
                count=settings.ATTACHMENT_MAX_COUNT
            )
        )
    attachment = Attachment(
        practice=practice,
        original_name=Path(upload.name).name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _record(
        practice,
        by,
        EventAction.EDITED,
        comment=_("Report added: {name}").format(name=attachment.original_name),
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment, by):
    practice = attachment.practice
    if by is not None:
        _require(by, REVIEW)
    if not can_edit(by, practice_lock(practice=practice)):
        raise WorkflowError(_("Reports cannot be removed from this practice now."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _record(
        practice,
        by,
        EventAction.EDITED,
        comment=_("Report removed: {name}").format(name=attachment.original_name),
    )
    return practice


@transaction.atomic
def attachment_set_public(*, attachment, by, is_public):
    """Let the public download a report while the practice is published, or stop it."""
    _require(by, PUBLISH)
    attachment.is_public = is_public
    attachment.save(update_fields=["is_public"])
    message = _("Report made public: {name}") if is_public else _("Report made private: {name}")
    _record(
        attachment.practice,
        by,
        EventAction.EDITED,
        comment=message.format(name=attachment.original_name),
    )
    return attachment


# --- Transitions -------------------------------------------------------------------


def _transition(practice, by, name, *, comment=""):
    transition = TRANSITIONS[name]
    if transition.permission:
        _require(by, transition.permission)
    practice = practice_lock(practice=practice)
    if practice.status not in transition.sources:
        raise WorkflowError(
            _("This practice is “{status}”: “{action}” is not possible now.").format(
                status=practice.get_status_display(), action=transition.label
            )
        )
    if transition.needs_comment and not comment.strip():
        raise WorkflowError(_("Say why: the submitter receives this message."))
    from_status = practice.status
    practice.status = transition.target
    practice.version += 1
    practice.save()
    _record(practice, by, transition.action, from_status=from_status, comment=comment.strip())
    return practice


@transaction.atomic
def practice_submit(*, practice, contact_language):
    """The submitter sends their draft for review, or their changes back after staff
    requested them (staff then see what changed since), having agreed to publication
    and read the privacy notice (the form checks both boxes). The text is locked from
    now until staff request changes.
    """
    practice = practice_lock(practice=practice)
    resubmitted = practice.status == PracticeStatus.CHANGES_REQUESTED
    missing = missing_for_submission(practice)
    if missing:
        raise WorkflowError(
            _("Some required information is missing: {fields}").format(
                fields=" ".join(str(message) for message in missing.values())
            )
        )
    practice = _transition(practice, None, "resubmit" if resubmitted else "submit")
    practice.contact_language = contact_language
    practice.consent_given_at = practice.consent_given_at or timezone.now()
    practice.save(update_fields=["contact_language", "consent_given_at"])
    _version_record(
        practice, None, VersionKind.RESUBMISSION if resubmitted else VersionKind.SUBMISSION
    )
    notifications.email_submitter(practice=practice, template="submitted", resubmitted=resubmitted)
    notifications.email_staff(
        practice=practice, template="staff_submitted", resubmitted=resubmitted
    )
    return practice


@transaction.atomic
def practice_start_review(*, practice, by):
    """A reviewer takes the submission; it is assigned to them unless it already is."""
    practice = _transition(practice, by, "start_review")
    if practice.assigned_to_id is None:
        practice.assigned_to = by
        practice.save(update_fields=["assigned_to"])
    return practice


@transaction.atomic
def practice_request_changes(*, practice, by, message):
    """Unlock the text for the submitter and send them ``message``, with their link."""
    practice = _transition(practice, by, "request_changes", comment=message)
    notifications.email_submitter(
        practice=practice,
        template="changes_requested",
        message=message.strip(),
        token=access_link_issue(practice=practice),
    )
    return practice


@transaction.atomic
def practice_publish(*, practice, by, comment=""):
    """Make the practice public, with the staff assessment; each publication is a version.

    Refused while the practice misses a required text in its original language or a
    staff rating on a criterion (``missing_for_publication``).
    """
    practice = _transition(practice, by, "publish", comment=comment)
    missing = missing_for_publication(
        practice,
        criteria=Criterion.objects.all(),
        staff_assessments=practice.assessments.filter(source=AssessmentSource.STAFF),
    )
    if missing:  # the transition above is rolled back with the transaction
        raise WorkflowError(
            _("This practice cannot be published yet. {missing}").format(
                missing=" ".join(str(message) for message in missing)
            )
        )
    if practice.published_at is None:
        practice.published_at = timezone.now()
        practice.save(update_fields=["published_at"])
    _version_record(practice, by, VersionKind.PUBLICATION)
    notifications.email_submitter(practice=practice, template="published", comment=comment.strip())
    return practice


@transaction.atomic
def practice_reject(*, practice, by, reason):
    """Refuse the submission; the submitter receives the reason."""
    practice = _transition(practice, by, "reject", comment=reason)
    notifications.email_submitter(practice=practice, template="rejected", reason=reason.strip())
    return practice


@transaction.atomic
def practice_archive(*, practice, by, reason=""):
    """Take a published practice out of the catalogue; it can be published again."""
    practice = _transition(practice, by, "archive", comment=reason)
    notifications.email_submitter(practice=practice, template="archived", reason=reason.strip())
    return practice


# --- Review bookkeeping ------------------------------------------------------------


@transaction.atomic
def practice_assign(*, practice, by, assignee):
    """Give the review to ``assignee`` (a member of staff who may review), or to nobody."""
    _require(by, REVIEW)
    if assignee is not None and not can_review(assignee):
        raise WorkflowError(_("Only staff who may review can be assigned."))
    practice = practice_lock(practice=practice)
    practice.assigned_to = assignee
    practice.save(update_fields=["assigned_to"])
    _record(
        practice,
        by,
        EventAction.ASSIGNED,
        comment=actor_label(assignee, practice) if assignee else str(_("nobody")),
    )
    return practice


@transaction.atomic
def practice_recommend(*, practice, by, publish, comment):
    """A reviewer recommends publication (or rejection) to the editors, who decide."""
    _require(by, REVIEW)
    practice = practice_lock(practice=practice)
    if practice.status != PracticeStatus.IN_REVIEW:
        raise WorkflowError(_("Only a practice in review can be recommended."))
    action = EventAction.RECOMMENDED_PUBLICATION if publish else EventAction.RECOMMENDED_REJECTION
    event = _record(practice, by, action, comment=comment.strip())
    notifications.email_editors(practice=practice, template="staff_recommendation", event=event)
    return practice


# --- Private links -----------------------------------------------------------------


def access_link_issue(*, practice):
    """A new private link to ``practice``; returns the token, which is stored nowhere.

    Called inside the transaction of the service that e-mails the link.
    """
    token = secrets.token_urlsafe(32)
    AccessLink.objects.create(practice=practice, token_hash=AccessLink.hash_token(token))
    return token


@transaction.atomic
def access_link_use(*, token):
    """The active link with this token, marked as used now; None for a bad token."""
    link = (
        AccessLink.objects.select_related("practice")
        .filter(token_hash=AccessLink.hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if link is not None:
        link.last_used_at = timezone.now()
        link.save(update_fields=["last_used_at"])
    return link


@transaction.atomic
def access_links_revoke(*, practice, by, send_new):
    """Stop every private link to the practice; optionally e-mail the contact a new one."""
    _require(by, REVIEW)
    practice = practice_lock(practice=practice)
    practice.access_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    _record(practice, by, EventAction.LINKS_REVOKED)
    if send_new and practice.contact_email:
        notifications.email_submitter(
            practice=practice, template="access_link", token=access_link_issue(practice=practice)
        )
        _record(practice, by, EventAction.LINK_SENT, comment=practice.contact_email)
    return practice


@transaction.atomic
def access_links_request(*, email, language):
    """E-mail a new private link for each practice submitted from ``email``.

    The caller answers the same whether or not there was any, so the form does not
    tell who has submitted.
    """
    practices = Practice.objects.filter(contact_email__iexact=email.strip()).order_by(
        "-created_at"
    )[:LINK_REQUEST_LIMIT]
    for practice in practices:
        notifications.email_submitter(
            practice=practice,
            template="access_link",
            language=language,
            tell_on_failure=False,
            token=access_link_issue(practice=practice),
        )
        _record(practice, None, EventAction.LINK_SENT, comment=practice.contact_email)
    return len(practices)
