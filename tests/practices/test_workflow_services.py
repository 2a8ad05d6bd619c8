"""The review workflow's services: every transition, who may make it, what it records
and which e-mail it sends, in which language."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from practices import services
from practices.choices import EventAction, Language, PracticeStatus, VersionKind
from practices.models import AccessLink, Practice
from practices.workflow import TRANSITIONS, can_edit
from tests.factories import AssessmentFactory, CriterionFactory, PracticeFactory
from tests.files import pdf_bytes, upload

PDF = "application/pdf"

pytestmark = pytest.mark.django_db

S = PracticeStatus


@pytest.fixture
def send_mail(django_capture_on_commit_callbacks):
    """Run what a service does after its transaction commits (sending e-mails)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def practice_in(status, **kwargs):
    """A practice in ``status``, complete enough to be submitted."""
    kwargs.setdefault("objectives_en", "Fewer burglaries.")
    return PracticeFactory(status=status, published_at=None, **kwargs)


STAFF_TRANSITIONS = {
    "start_review": lambda p, by: services.practice_start_review(practice=p, by=by),
    "request_changes": lambda p, by: services.practice_request_changes(
        practice=p, by=by, message="Add figures."
    ),
    "publish": lambda p, by: services.practice_publish(practice=p, by=by),
    "reject": lambda p, by: services.practice_reject(practice=p, by=by, reason="Out of scope."),
    "archive": lambda p, by: services.practice_archive(practice=p, by=by),
}


@pytest.mark.parametrize("name", STAFF_TRANSITIONS)
@pytest.mark.parametrize("status", list(PracticeStatus))
def test_staff_transitions_follow_the_state_machine(name, status, administrator):
    practice = practice_in(status)
    transition = TRANSITIONS[name]

    if status in transition.sources:
        result = STAFF_TRANSITIONS[name](practice, administrator)
        assert result.status == transition.target
        event = result.events.get()
        assert (event.from_status, event.to_status) == (status, transition.target)
        assert event.actor == administrator and event.action == transition.action
    else:
        with pytest.raises(services.WorkflowError):
            STAFF_TRANSITIONS[name](practice, administrator)
        practice.refresh_from_db()
        assert practice.status == status
        assert not practice.events.exists()


@pytest.mark.parametrize(
    ("name", "status", "allowed"),
    [
        ("start_review", S.SUBMITTED, {"reviewer", "editor", "administrator"}),
        ("request_changes", S.IN_REVIEW, {"reviewer", "editor", "administrator"}),
        ("publish", S.IN_REVIEW, {"editor", "administrator"}),
        ("reject", S.IN_REVIEW, {"editor", "administrator"}),
        ("archive", S.PUBLISHED, {"editor", "administrator"}),
    ],
)
def test_who_may_make_each_staff_transition(
    name, status, allowed, reviewer, editor, administrator, staff_without_role
):
    users = {
        "reviewer": reviewer,
        "editor": editor,
        "administrator": administrator,
        "no role": staff_without_role,
    }
    for role, user in users.items():
        practice = practice_in(status)
        if role in allowed:
            assert STAFF_TRANSITIONS[name](practice, user).status == TRANSITIONS[name].target
        else:
            with pytest.raises(PermissionDenied):
                STAFF_TRANSITIONS[name](practice, user)
            practice.refresh_from_db()
            assert practice.status == status, role


def test_the_submitter_cannot_make_staff_transitions():
    practice = practice_in(S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.practice_start_review(practice=practice, by=None)


def test_submit_locks_the_text_records_a_version_and_e_mails_both_sides(
    send_mail, mailoutbox, reviewer
):
    practice = practice_in(S.DRAFT, contact_language=Language.FR)

    practice = send_mail(services.practice_submit, practice=practice, contact_language="fr")

    assert practice.status == S.SUBMITTED
    assert practice.consent_given_at is not None
    assert not can_edit(None, practice)
    version = practice.versions.get()
    assert (version.number, version.kind) == (1, VersionKind.SUBMISSION)
    assert version.content["title_en"] == practice.title_en
    event = practice.events.get()
    assert event.actor is None and event.actor_label == "Jane Officer"
    to_submitter, to_staff = mailoutbox
    assert to_submitter.to == ["jane.officer@example.org"]
    assert "Nous avons reçu" in to_submitter.subject
    assert to_staff.to == ["rita@example.org"]
    assert "New practice to review" in to_staff.subject
    assert f"/en/review/{practice.pk}/" in to_staff.body


def test_each_member_of_staff_gets_their_own_e_mail(send_mail, mailoutbox, reviewer, editor):
    practice = practice_in(S.DRAFT)

    send_mail(services.practice_submit, practice=practice, contact_language="en")

    to_staff = [email for email in mailoutbox if "New practice to review" in email.subject]
    assert sorted(email.to for email in to_staff) == [["eddie@example.org"], ["rita@example.org"]]
    assert all(not email.cc and not email.bcc for email in to_staff)


def test_submit_refuses_an_incomplete_draft():
    practice = practice_in(S.DRAFT, objectives_en="", summary_en="")

    with pytest.raises(services.WorkflowError) as error:
        services.practice_submit(practice=practice, contact_language="en")

    assert "Write a short summary." in str(error.value)
    practice.refresh_from_db()
    assert practice.status == S.DRAFT


def test_start_review_assigns_the_reviewer_unless_someone_is(reviewer, editor):
    unassigned = practice_in(S.SUBMITTED)
    taken = practice_in(S.SUBMITTED, assigned_to=editor)

    assert services.practice_start_review(practice=unassigned, by=reviewer).assigned_to == reviewer
    assert services.practice_start_review(practice=taken, by=reviewer).assigned_to == editor


def test_request_changes_unlocks_the_text_and_sends_the_message_with_a_new_link(
    send_mail, mailoutbox, reviewer
):
    practice = practice_in(S.IN_REVIEW, contact_language=Language.FR)

    practice = send_mail(
        services.practice_request_changes,
        practice=practice,
        by=reviewer,
        message="Précisez le nombre de participants.",
    )

    assert practice.status == S.CHANGES_REQUESTED
    assert can_edit(None, practice)
    assert practice.events.get().comment == "Précisez le nombre de participants."
    (email,) = mailoutbox
    assert email.subject.startswith("Modifications demandées")
    assert "Précisez le nombre de participants." in email.body
    token = email.body.split("/fr/submit/access/")[1].split("/")[0]
    assert services.access_link_use(token=token).practice == practice


@pytest.mark.parametrize("function", ["practice_request_changes", "practice_reject"])
def test_changes_and_rejections_need_a_message(function, editor):
    practice = practice_in(S.IN_REVIEW)
    keyword = "message" if function == "practice_request_changes" else "reason"

    with pytest.raises(services.WorkflowError):
        getattr(services, function)(practice=practice, by=editor, **{keyword: "  "})

    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW


def test_resubmit_records_a_new_version_and_tells_the_assigned_reviewer(
    send_mail, mailoutbox, reviewer, editor
):
    practice = practice_in(S.DRAFT)
    practice = services.practice_submit(practice=practice, contact_language="en")
    practice = services.practice_start_review(practice=practice, by=reviewer)
    practice = services.practice_request_changes(practice=practice, by=reviewer, message="More")
    mailoutbox.clear()

    practice = send_mail(services.practice_submit, practice=practice, contact_language="en")

    assert practice.status == S.RESUBMITTED
    assert [(v.number, v.kind) for v in practice.versions.all()] == [
        (1, VersionKind.SUBMISSION),
        (2, VersionKind.RESUBMISSION),
    ]
    to_submitter, to_staff = mailoutbox
    assert "changes" in to_submitter.subject
    assert to_staff.to == ["rita@example.org"], "only the assigned reviewer is told"
    assert "Resubmitted for review" in to_staff.subject


def test_publish_sets_the_first_publication_date_once_and_keeps_each_version(
    send_mail, mailoutbox, editor
):
    criterion = CriterionFactory()
    practice = practice_in(S.IN_REVIEW, contact_language=Language.FR)
    AssessmentFactory(practice=practice, criterion=criterion)

    practice = send_mail(services.practice_publish, practice=practice, by=editor)
    first_published = practice.published_at
    practice = services.practice_archive(practice=practice, by=editor)
    practice = services.practice_publish(practice=practice, by=editor)

    assert practice.status == S.PUBLISHED
    assert practice.published_at == first_published
    assert [v.kind for v in practice.versions.all()] == [VersionKind.PUBLICATION] * 2
    assert criterion.slug in practice.versions.first().content["staff_assessment"]
    assert Practice.objects.published().filter(pk=practice.pk).exists()
    email = mailoutbox[0]
    assert email.subject.endswith("est publiée")
    assert f"http://testserver{practice.get_absolute_url()}".replace("/en/", "/fr/") in email.body


def test_publishing_needs_the_texts_and_a_staff_rating_on_every_criterion(editor):
    relevance = CriterionFactory(name_en="Relevance")
    impact = CriterionFactory(name_en="Impact")
    practice = practice_in(S.IN_REVIEW, summary_en="", summary_fr="Résumé traduit.")
    AssessmentFactory(practice=practice, criterion=relevance)
    AssessmentFactory(practice=practice, criterion=impact, level=None, text_en="To discuss.")

    with pytest.raises(services.WorkflowError) as refused:
        services.practice_publish(practice=practice, by=editor)

    assert refused.value.message == (
        "This practice cannot be published yet. Write a short summary. Rate it on every "
        "criterion in the staff assessment (not rated yet: Impact)."
    )
    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW and practice.published_at is None
    assert not practice.events.exists() and not practice.versions.exists()

    practice = services.practice_update(
        practice=practice, by=editor, expected_version=practice.version, values={"summary_en": "S."}
    )
    AssessmentFactory(practice=practice, criterion=impact, source="self")  # not staff's
    with pytest.raises(services.WorkflowError):
        services.practice_publish(practice=practice, by=editor)
    practice.assessments.filter(criterion=impact, source="staff").update(
        level=impact.levels.first()
    )
    assert services.practice_publish(practice=practice, by=editor).status == S.PUBLISHED


def test_reject_sends_the_reason_in_the_submitters_language(send_mail, mailoutbox, editor):
    practice = practice_in(S.SUBMITTED, contact_language=Language.EN)

    practice = send_mail(
        services.practice_reject, practice=practice, by=editor, reason="Not about security."
    )

    assert practice.status == S.REJECTED
    assert not can_edit(None, practice)
    (email,) = mailoutbox
    assert "Not about security." in email.body
    assert "decided not to publish" in email.body


def test_archive_takes_the_practice_out_of_the_catalogue(send_mail, mailoutbox, editor):
    practice = PracticeFactory()

    practice = send_mail(services.practice_archive, practice=practice, by=editor, reason="Ended.")

    assert not Practice.objects.published().filter(pk=practice.pk).exists()
    assert "archived" in mailoutbox[0].subject


def test_no_e_mail_when_the_transaction_fails(django_capture_on_commit_callbacks, editor):
    practice = practice_in(S.IN_REVIEW)

    with django_capture_on_commit_callbacks() as callbacks:
        services.practice_publish(practice=practice, by=editor)

    assert len(callbacks) == 1, "the e-mail waits for the commit"


# --- Edits and optimistic locking -----------------------------------------------------


def test_a_stale_edit_is_refused_and_changes_nothing(reviewer, editor):
    practice = practice_in(S.IN_REVIEW, summary_fr="")
    seen = practice.version
    services.practice_update(
        practice=practice, by=editor, expected_version=seen, values={"summary_fr": "Résumé A"}
    )

    with pytest.raises(services.StaleVersionError):
        services.practice_update(
            practice=practice, by=reviewer, expected_version=seen, values={"summary_fr": "B"}
        )

    practice.refresh_from_db()
    assert practice.summary_fr == "Résumé A"
    assert practice.version == seen + 1


def test_staff_edits_are_recorded_and_republish_a_published_practice(editor):
    practice = PracticeFactory()

    practice = services.practice_update(
        practice=practice,
        by=editor,
        expected_version=practice.version,
        values={"summary_fr": "Nouveau résumé"},
    )

    assert practice.events.get().action == EventAction.EDITED
    assert practice.versions.get().content["summary_fr"] == "Nouveau résumé"


def test_submitter_edits_and_reports_are_recorded_as_theirs():
    practice = practice_in(S.DRAFT)

    practice = services.practice_update(
        practice=practice, by=None, expected_version=practice.version, values={"city": "Lyon"}
    )
    attachment = services.attachment_add(
        practice=practice, by=None, upload=upload("r.pdf", pdf_bytes()), content_type=PDF
    )
    services.attachment_remove(attachment=attachment, by=None)

    events = list(practice.events.values_list("action", "actor", "actor_label", "comment"))
    assert events == [
        (EventAction.EDITED, None, "Jane Officer", "Record edited"),
        (EventAction.EDITED, None, "Jane Officer", "Report added: r.pdf"),
        (EventAction.EDITED, None, "Jane Officer", "Report removed: r.pdf"),
    ]
    assert not practice.versions.exists()


@pytest.mark.parametrize(
    ("status", "submitter", "reviewer_may", "editor_may"),
    [
        (S.DRAFT, True, False, False),
        (S.SUBMITTED, False, True, True),
        (S.IN_REVIEW, False, True, True),
        (S.CHANGES_REQUESTED, True, True, True),
        (S.RESUBMITTED, False, True, True),
        (S.PUBLISHED, False, False, True),
        (S.REJECTED, False, False, True),
        (S.ARCHIVED, False, False, True),
    ],
)
def test_who_may_edit_the_record_in_each_status(
    status, submitter, reviewer_may, editor_may, reviewer, editor, staff_without_role
):
    practice = practice_in(status)

    assert can_edit(None, practice) is submitter
    assert can_edit(reviewer, practice) is reviewer_may
    assert can_edit(editor, practice) is editor_may
    assert can_edit(staff_without_role, practice) is False


def test_the_submitter_cannot_edit_while_staff_review():
    practice = practice_in(S.IN_REVIEW)

    with pytest.raises(services.WorkflowError):
        services.practice_update(
            practice=practice, by=None, expected_version=practice.version, values={"city": "X"}
        )


def test_self_assessment_rows_follow_the_ratings():
    criterion = CriterionFactory()
    other = CriterionFactory()
    practice = practice_in(S.DRAFT)
    level = criterion.levels.last()

    services.practice_set_assessments(
        practice=practice,
        by=None,
        expected_version=practice.version,
        source="self",
        ratings=[
            services.Rating(criterion, level, {"text_en": "Because."}),
            services.Rating(other, None, {"text_en": ""}),
        ],
    )

    (assessment,) = practice.assessments.all()
    assert (assessment.criterion, assessment.level, assessment.text_en) == (
        criterion,
        level,
        "Because.",
    )
    assert assessment.assessed_by is None


# --- Assignment, recommendation, private links ---------------------------------------------


def test_assign_only_to_staff_who_review(reviewer, editor, staff_without_role):
    practice = practice_in(S.SUBMITTED)

    assert services.practice_assign(practice=practice, by=editor, assignee=reviewer).assigned_to
    with pytest.raises(services.WorkflowError):
        services.practice_assign(practice=practice, by=editor, assignee=staff_without_role)
    assert services.practice_assign(practice=practice, by=editor, assignee=None).assigned_to is None
    assert [e.comment for e in practice.events.all()] == ["Rita", "nobody"]


def test_a_recommendation_goes_to_the_editors(send_mail, mailoutbox, reviewer, editor):
    practice = practice_in(S.IN_REVIEW)

    send_mail(
        services.practice_recommend,
        practice=practice,
        by=reviewer,
        publish=True,
        comment="Solid evaluation.",
    )

    event = practice.events.get()
    assert event.action == EventAction.RECOMMENDED_PUBLICATION
    assert not event.is_transition
    (email,) = mailoutbox
    assert email.to == ["eddie@example.org"]
    assert "Solid evaluation." in email.body


def test_a_new_draft_gets_a_private_link_of_which_only_a_hash_is_stored(send_mail, mailoutbox):
    practice = send_mail(
        services.practice_start_submission,
        values={
            "original_language": "fr",
            "title_fr": "Médiateurs de nuit",
            "country": "FR",
            "city_fr": "Lyon",
            "contact_name": "Anne",
            "contact_email": "anne@example.org",
        },
        contact_language="fr",
    )

    assert practice.status == S.DRAFT
    assert practice.slug == "mediateurs-de-nuit"
    (email,) = mailoutbox
    assert "lien privé" in email.subject
    token = email.body.split("/fr/submit/access/")[1].split("/")[0]
    assert len(token) >= 40
    link = AccessLink.objects.get()
    assert link.token_hash != token and token not in link.token_hash
    assert services.access_link_use(token=token) == link
    assert services.access_link_use(token=token[:-1] + "x") is None


def test_revoked_links_stop_working_and_a_new_one_can_be_sent(send_mail, mailoutbox, reviewer):
    practice = practice_in(S.IN_REVIEW)
    token = services.access_link_issue(practice=practice)

    send_mail(services.access_links_revoke, practice=practice, by=reviewer, send_new=True)

    assert services.access_link_use(token=token) is None
    new_token = mailoutbox[0].body.split("/submit/access/")[1].split("/")[0]
    assert services.access_link_use(token=new_token).practice == practice
    assert [e.action for e in practice.events.all()] == [
        EventAction.LINKS_REVOKED,
        EventAction.LINK_SENT,
    ]


def test_lost_links_are_sent_to_the_address_of_the_submission_only(send_mail, mailoutbox):
    practice_in(S.SUBMITTED, contact_email="anne@example.org")
    practice_in(S.SUBMITTED, contact_email="someone.else@example.org")

    sent = send_mail(services.access_links_request, email="ANNE@example.org ", language="fr")

    assert sent == 1
    (email,) = mailoutbox
    assert email.to == ["anne@example.org"]
    assert "/fr/submit/access/" in email.body


def test_link_usage_is_dated():
    practice = practice_in(S.DRAFT)
    token = services.access_link_issue(practice=practice)
    before = timezone.now()

    link = services.access_link_use(token=token)

    assert link.last_used_at >= before


def test_a_submitters_edit_keeps_the_translations_staff_made(editor):
    practice = practice_in(S.CHANGES_REQUESTED, original_language="en")
    practice = services.practice_set_references(
        practice=practice,
        by=editor,
        expected_version=practice.version,
        references=[],
        links=[{"url": "https://example.org/", "label_en": "Site", "label_fr": "Site web"}],
    )

    practice = services.practice_set_references(
        practice=practice,
        by=None,
        expected_version=practice.version,
        references=[{"citation": "Report", "url": "", "date": None}],
        links=[
            {"url": "https://example.org/", "label_en": "Project site"},
            {"url": "https://example.org/new", "label_en": "New"},
        ],
    )

    kept, new = practice.links.all()
    assert (kept.label_en, kept.label_fr) == ("Project site", "Site web")
    assert (new.label_en, new.label_fr) == ("New", "")
    assert practice.references.get().citation == "Report"
