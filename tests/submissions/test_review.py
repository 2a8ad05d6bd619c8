"""Staff pages: the review queue and the review page, with every action and permission."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.choices import AssessmentSource
from practices import services
from practices.choices import PracticeStatus, VersionKind
from practices.models import Practice
from practices.translation import PRACTICE_TEXT_FIELDS
from submissions.services import message_send, note_add
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    PartnershipFactory,
    PracticeFactory,
    ReferenceFactory,
    UsefulLinkFactory,
)
from tests.files import pdf_bytes, upload

from .conftest import link_in, open_link, start, url

pytestmark = pytest.mark.django_db

S = PracticeStatus


def submission(status=S.SUBMITTED, **kwargs):
    kwargs.setdefault("objectives_en", "Fewer burglaries.")
    return PracticeFactory(status=status, published_at=None, **kwargs)


def titles(response):
    return [practice.title for practice in response.context["practices"]]


# --- Who may see the review pages ------------------------------------------------------


@pytest.mark.parametrize("name", ["review_queue", "review_detail"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    practice = submission()
    kwargs = {"pk": practice.pk} if name == "review_detail" else {}

    response = client.get(url(name, **kwargs))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("name", ["review_queue", "review_detail"])
def test_staff_without_a_review_role_are_refused(client, staff_without_role, name):
    practice = submission(title_en="Unpublished scheme")
    kwargs = {"pk": practice.pk} if name == "review_detail" else {}
    client.force_login(staff_without_role)

    response = client.get(url(name, **kwargs))

    assert response.status_code == 403
    assert b"Unpublished scheme" not in response.content


@pytest.mark.parametrize("role", ["reviewer", "editor", "administrator"])
def test_every_role_sees_the_queue_and_the_review_page(client, request, role):
    practice = submission(title_en="Night mediators")
    client.force_login(request.getfixturevalue(role))

    queue = client.get(url("review_queue"))
    page = client.get(url("review_detail", pk=practice.pk))

    assert "Night mediators" in titles(queue)
    assert page.status_code == 200
    assert "jane.officer@example.org" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_the_staff_link_shows_only_to_staff_who_review(client, reviewer, staff_without_role):
    assert url("review_queue") not in client.get("/en/").content.decode()
    client.force_login(staff_without_role)
    assert url("review_queue") not in client.get("/en/").content.decode()
    client.force_login(reviewer)
    assert url("review_queue") in client.get("/en/").content.decode()


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_shows_open_submissions_oldest_waiting_first(client, reviewer, editor):
    old = submission(title_en="Old")
    new = submission(title_en="New")
    services.practice_start_review(practice=old, by=reviewer)  # now the most recent change
    submission(S.DRAFT, title_en="Unfinished draft")
    PracticeFactory(title_en="Already published")
    client.force_login(reviewer)

    response = client.get(url("review_queue"))

    assert titles(response) == [new.title, old.title]
    statuses = {
        o.value: o.count
        for f in response.context["facets"]
        if f.name == "status"
        for o in f.options
    }
    assert statuses["published"] == 1 and statuses["draft"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=published", ["Published scheme"]),
        ("status=draft&status=submitted", ["Draft scheme", "Lyon mediators"]),
        ("assigned=none&status=submitted&status=in_review", ["Lyon mediators"]),
        ("country=BE&status=in_review&status=submitted", ["Brussels wardens"]),
        ("language=fr&status=in_review&status=submitted", ["Brussels wardens"]),
        ("q=anne%40example&status=submitted&status=in_review", ["Lyon mediators"]),
        ("status=submitted&status=in_review&sort=title", ["Brussels wardens", "Lyon mediators"]),
        ("status=nonsense", []),
    ],
)
def test_queue_filters(client, reviewer, query, expected):
    submission(title_en="Lyon mediators", country="FR", contact_email="anne@example.org")
    submission(
        S.IN_REVIEW,
        title_en="Brussels wardens",
        country="BE",
        original_language="fr",
        title_fr="Gardiens de Bruxelles",
        assigned_to=reviewer,
    )
    submission(S.DRAFT, title_en="Draft scheme")
    PracticeFactory(title_en="Published scheme")
    client.force_login(reviewer)

    response = client.get(url("review_queue") + "?" + query)

    assert sorted(titles(response)) == sorted(expected)
    if query.endswith("sort=title"):
        assert titles(response) == expected


def test_filtering_by_the_assigned_reviewer(client, reviewer, editor):
    mine = submission(title_en="Mine", assigned_to=reviewer)
    submission(title_en="Theirs", assigned_to=editor)
    client.force_login(reviewer)

    response = client.get(url("review_queue") + f"?assigned={reviewer.pk}&status=submitted")

    assert titles(response) == [mine.title]
    assert "Rita" in response.content.decode()


def test_the_queue_query_count_does_not_grow_with_submissions(
    client, reviewer, django_assert_num_queries
):
    for _ in range(2):
        services.practice_recommend(
            practice=submission(S.IN_REVIEW, assigned_to=reviewer),
            by=reviewer,
            publish=True,
            comment="Good",
        )
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as first:
        client.get(url("review_queue"))

    for _ in range(6):
        practice = submission(assigned_to=reviewer)
        services.practice_start_review(practice=practice, by=reviewer)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url("review_queue"))

    assert len(response.context["practices"]) == 8
    # 11 before the facets read the keys of a small result set once (one query) and
    # reuse them for every count.
    assert len(first.captured_queries) == 12


# --- The review page ---------------------------------------------------------------------------


@pytest.fixture
def criterion():
    return CriterionFactory(slug="impact", name_en="Impact")


def review_page(client, practice):
    response = client.get(url("review_detail", pk=practice.pk))
    assert response.status_code == 200
    return response.content.decode()


def test_the_review_page_shows_the_self_assessment_beside_the_staff_form(
    client, reviewer, criterion
):
    practice = submission()
    AssessmentFactory(
        practice=practice, criterion=criterion, source=AssessmentSource.SELF, text_en="We did well."
    )
    client.force_login(reviewer)

    page = review_page(client, practice)

    assert "We did well." in page
    assert 'name="impact-text_en"' in page and 'name="impact-text_fr"' in page
    assert 'name="impact-level"' in page


def test_the_review_page_query_count_does_not_grow_with_its_content(
    client, reviewer, criterion, django_assert_num_queries
):
    practice = submission(S.IN_REVIEW)

    def add_content():
        PartnershipFactory(practice=practice)
        ReferenceFactory(practice=practice)
        note_add(practice=practice, by=reviewer, body="Note")
        message_send(practice=practice, by=reviewer, body="Message")
        services.attachment_add(
            practice=practice,
            by=reviewer,
            upload=upload("r.pdf", pdf_bytes()),
            content_type="application/pdf",
        )
        services.practice_assign(practice=practice, by=reviewer, assignee=reviewer)

    add_content()
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as first:
        review_page(client, practice)
    for _ in range(3):
        add_content()
        CriterionFactory()
    with django_assert_num_queries(len(first.captured_queries)):
        review_page(client, practice)
    assert len(first.captured_queries) == 25


def test_staff_complete_the_other_language_and_see_what_is_left(client, reviewer):
    practice = submission(summary_fr="", description_fr="", objectives_fr="")
    client.force_login(reviewer)
    before = review_page(client, practice)
    assert "Summary: missing in French" in before
    assert "City or area: missing in French" in before
    assert '<input type="text" name="city_fr"' in before

    data = {
        f"{field}_{code}": getattr(practice, f"{field}_{code}") or ""
        for field in PRACTICE_TEXT_FIELDS
        for code in ("en", "fr")
    }
    data.update(
        version=practice.version,
        summary_fr="Des policiers rencontrent les habitants.",
        city_fr="Londres",
    )
    response = client.post(url("review_edit", pk=practice.pk), data)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.summary_fr == "Des policiers rencontrent les habitants."
    assert practice.city_fr == "Londres"
    after = review_page(client, practice)
    assert "Summary: missing in French" not in after
    assert "City or area: missing" not in after
    assert "Description: missing in French" in after
    assert practice.events.get().actor == reviewer


def translation_data(practice, **changes):
    """The texts part of the review page's form as loaded, with ``changes``."""
    data = {
        f"{field}_{code}": getattr(practice, f"{field}_{code}") or ""
        for field in PRACTICE_TEXT_FIELDS
        for code in ("en", "fr")
    }
    return {**data, "version": practice.version, **changes}


def test_staff_translate_partners_roles_and_links_labels(client, reviewer):
    practice = submission(original_language="fr")
    partnership = PartnershipFactory(
        practice=practice, organisation__name_en="Town hall", role_en="", role_fr="Porteur"
    )
    link = UsefulLinkFactory(practice=practice, url="https://example.org/", label_fr="Lien")
    client.force_login(reviewer)
    before = review_page(client, practice)
    assert "Role of Town hall: missing in English" in before
    assert "Label of the link https://example.org/: missing in English" in before

    response = client.post(
        url("review_edit", pk=practice.pk),
        translation_data(
            practice,
            **{
                f"parts-partnership-{partnership.pk}-role_en": "Lead",
                f"parts-partnership-{partnership.pk}-role_fr": "Porteur",
                f"parts-usefullink-{link.pk}-label_en": "Link",
                f"parts-usefullink-{link.pk}-label_fr": "Lien",
            },
        ),
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    link.refresh_from_db()
    assert (partnership.role_en, partnership.role_fr) == ("Lead", "Porteur")
    assert (link.label_en, link.label_fr) == ("Link", "Lien")
    after = review_page(client, practice)
    assert "Role of Town hall: missing" not in after
    assert "Label of the link https://example.org/: missing" not in after
    event = practice.events.get()
    assert (event.actor, event.comment) == (reviewer, "Record edited")


def test_a_stale_save_of_a_role_is_refused_and_kept(client, reviewer, editor):
    practice = submission()
    partnership = PartnershipFactory(practice=practice, role_fr="")
    seen = practice.version
    services.practice_update(
        practice=practice, by=editor, expected_version=seen, values={"summary_fr": "A"}
    )
    client.force_login(reviewer)

    response = client.post(
        url("review_edit", pk=practice.pk),
        {
            **translation_data(practice, version=seen),
            f"parts-partnership-{partnership.pk}-role_fr": "Préside",
        },
    )

    assert response.status_code == 409
    assert 'value="Préside"' in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.role_fr == ""


def test_two_staff_editing_at_once_the_later_save_is_refused_and_kept(client, reviewer, editor):
    practice = submission(summary_fr="")
    seen = practice.version
    services.practice_update(
        practice=practice, by=editor, expected_version=seen, values={"summary_fr": "Version A"}
    )
    client.force_login(reviewer)

    response = client.post(
        url("review_edit", pk=practice.pk),
        {"version": seen, "title_en": practice.title_en, "summary_fr": "Version B"},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this practice since you opened it" in page
    assert "Version B" in page
    practice.refresh_from_db()
    assert practice.summary_fr == "Version A"


def test_a_review_form_without_its_version_says_so_above_it(client, reviewer):
    practice = submission()
    client.force_login(reviewer)

    response = client.post(
        url("review_edit", pk=practice.pk), translation_data(practice, version="")
    )

    assert response.status_code == 400
    texts = response.content.decode().split('id="texts-heading"')[1].split("<form")[0]
    assert "This page is incomplete or out of date, so nothing was saved." in texts
    assert "see the messages next to the fields" not in texts


def test_staff_cannot_save_a_text_of_invisible_characters(client, reviewer):
    practice = submission()
    client.force_login(reviewer)

    response = client.post(
        url("review_edit", pk=practice.pk), translation_data(practice, summary_fr="\u200b\u200e")
    )

    assert response.status_code == 400
    assert "This text has no visible character" in response.content.decode()
    practice.refresh_from_db()
    assert practice.summary_fr == "Policiers et habitants se réunissent chaque mois."


def test_the_original_title_cannot_be_blanked(client, reviewer):
    practice = submission()
    client.force_login(reviewer)

    response = client.post(
        url("review_edit", pk=practice.pk), {"version": practice.version, "title_en": ""}
    )

    assert response.status_code == 400
    assert "Give the title in the practice" in response.content.decode()


def test_staff_assess_each_criterion_in_both_languages(client, reviewer, criterion):
    practice = submission(S.IN_REVIEW)
    level = criterion.levels.last()
    client.force_login(reviewer)

    response = client.post(
        url("review_assess", pk=practice.pk),
        {
            "version": practice.version,
            "impact-level": level.pk,
            "impact-text_en": "Clear drop in incidents.",
            "impact-text_fr": "Nette baisse des incidents.",
        },
    )

    assert response.status_code == 302
    assessment = practice.assessments.get(source=AssessmentSource.STAFF)
    assert (assessment.level, assessment.text_fr, assessment.assessed_by) == (
        level,
        "Nette baisse des incidents.",
        reviewer,
    )


def test_reviewers_cannot_edit_a_published_practice_editors_can(client, reviewer, editor):
    practice = PracticeFactory()
    data = {"version": practice.version, "title_en": practice.title_en, "summary_fr": "Nouveau"}
    client.force_login(reviewer)

    page = review_page(client, practice)
    refused = client.post(url("review_edit", pk=practice.pk), data)

    assert 'name="summary_fr"' in page and "disabled" in page
    assert refused.status_code == 403
    client.force_login(editor)
    assert client.post(url("review_edit", pk=practice.pk), data).status_code == 302
    practice.refresh_from_db()
    assert practice.summary_fr == "Nouveau"
    assert practice.versions.get().kind == VersionKind.PUBLICATION


# --- Transitions through the page ------------------------------------------------------------


def transition(client, practice, action, comment=""):
    return client.post(
        url("review_transition", pk=practice.pk, action=action), {f"{action}-comment": comment}
    )


def test_reviewers_may_not_publish_or_reject(client, reviewer):
    practice = submission(S.IN_REVIEW)
    client.force_login(reviewer)

    page = review_page(client, practice)

    assert url("review_transition", pk=practice.pk, action="request_changes") in page
    assert url("review_transition", pk=practice.pk, action="publish") not in page
    assert transition(client, practice, "publish").status_code == 403
    assert transition(client, practice, "reject", "No").status_code == 403
    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW


def test_a_change_request_without_a_message_is_refused_next_to_the_field(client, reviewer):
    practice = submission(S.IN_REVIEW)
    client.force_login(reviewer)

    response = transition(client, practice, "request_changes", "")

    assert response.status_code == 400
    assert 'id="id_request_changes-comment_error"' in response.content.decode()


def test_rejecting_asks_to_confirm_first(client, editor, send_mail, mailoutbox):
    practice = submission(S.IN_REVIEW, title_en="Night mediators")
    client.force_login(editor)

    asked = transition(client, practice, "reject", "Out of scope: no security aim.")

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Reject: please confirm" in page and "Night mediators" in page
    assert "Rejection is final" in page and "Out of scope: no security aim." in page
    assert 'name="reject-confirmed" value="on"' in page
    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW and not mailoutbox

    done = send_mail(
        client.post,
        url("review_transition", pk=practice.pk, action="reject"),
        {"reject-comment": "Out of scope: no security aim.", "reject-confirmed": "on"},
    )

    assert done.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.REJECTED
    (email,) = mailoutbox
    assert "Out of scope: no security aim." in email.body


def test_the_review_page_says_what_publishing_needs_and_refuses_until_then(
    client, editor, criterion
):
    practice = submission(S.IN_REVIEW, description_en="")
    client.force_login(editor)

    page = review_page(client, practice)
    refused = client.post(url("review_transition", pk=practice.pk, action="publish"), follow=True)

    before = page.split("Before publishing:")[1].split("</div>")[0]
    assert "Describe the practice." in before and "not rated yet: Impact" in before
    assert "This practice cannot be published yet. Describe the practice." in (
        refused.content.decode()
    )
    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW


def test_a_transition_not_open_now_is_refused_with_a_message(client, editor):
    practice = submission(S.SUBMITTED)
    client.force_login(editor)

    response = transition(client, practice, "publish")

    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "“Publish” is not possible now" in follow
    assert client.post(url("review_transition", pk=practice.pk, action="submit")).status_code == 404


def test_the_whole_review_by_staff(client, reviewer, editor, send_mail, mailoutbox):
    practice = submission(contact_language="fr")
    client.force_login(reviewer)
    assert transition(client, practice, "start_review").status_code == 302
    send_mail(transition, client, practice, "request_changes", "Ajoutez des chiffres.")
    assert "Ajoutez des chiffres." in mailoutbox[-1].body
    assert mailoutbox[-1].subject.startswith("Modifications demandées")
    services.practice_submit(practice=practice, contact_language="fr")
    transition(client, practice, "start_review")
    client.post(
        url("review_recommend", pk=practice.pk),
        {"recommendation": "publish", "comment": "Ready."},
    )
    client.force_login(editor)
    send_mail(transition, client, practice, "publish", "Merci !")

    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED
    assert "/fr/practices/" in mailoutbox[-1].body and "Merci !" in mailoutbox[-1].body
    assert client.get(practice.get_absolute_url()).status_code == 200
    history = review_page(client, practice)
    for action in [
        "Review started",
        "Changes requested",
        "Resubmitted",
        "Recommended for publication",
        "Published",
    ]:
        assert action in history


def test_what_changed_since_the_last_version(client, reviewer):
    practice = start(client, summary_en="", objectives_en="")
    practice = services.practice_update(
        practice=practice,
        by=None,
        expected_version=practice.version,
        values={
            "summary_en": "Mediators ride the night buses.",
            "objectives_en": "Calm",
            "description_en": "Pairs.",
        },
    )
    practice = services.practice_submit(practice=practice, contact_language="en")
    practice = services.practice_start_review(practice=practice, by=reviewer)
    practice = services.practice_request_changes(practice=practice, by=reviewer, message="More")
    practice = services.practice_update(
        practice=practice,
        by=None,
        expected_version=practice.version,
        values={"summary_en": "Mediators ride the night trams."},
    )
    services.practice_submit(practice=practice, contact_language="en")
    client.force_login(reviewer)

    page = review_page(client, practice)

    assert "What changed from version 1 to version 2" in page
    assert "<del>buses.</del><ins>trams.</ins>" in page
    older = client.get(url("review_detail", pk=practice.pk) + "?old=1&new=").content.decode()
    assert "What changed since version 1" in older
    odd = client.get(url("review_detail", pk=practice.pk) + "?old=x&new=99")
    assert odd.status_code == 200
    # Shown again at another address after a refused form, the page still compares.
    refused = client.post(url("review_note", pk=practice.pk), {"note-body": ""})
    assert refused.status_code == 400
    action = url("review_detail", pk=practice.pk) + "#changes-heading"
    assert f'<form method="get" action="{action}"' in refused.content.decode()


# --- Notes, messages, assignment, links, reports -------------------------------------------------


def test_the_history_says_what_the_submitter_did_in_the_readers_language(client, reviewer):
    practice = submission(S.DRAFT, contact_name="Anne Martin")
    practice = services.practice_update(
        practice=practice, by=None, expected_version=practice.version, values={"city": "Lyon"}
    )
    Practice.objects.filter(pk=practice.pk).update(contact_name="", contact_email="")
    services.practice_update(
        practice=practice, by=None, expected_version=practice.version, values={"city": "Metz"}
    )
    client.force_login(reviewer)

    page = client.get(url("review_detail", "fr", pk=practice.pk)).content.decode()

    history = page.split('id="history-heading"')[1]
    assert "Anne Martin (contributeur)" in history
    assert "<td>Le contributeur</td>" in history
    assert "submitter" not in history


def test_notes_stay_with_staff(client, reviewer, draft):
    draft = services.practice_update(
        practice=draft,
        by=None,
        expected_version=draft.version,
        values={"summary_en": "S", "description_en": "D", "objectives_en": "O"},
    )
    services.practice_submit(practice=draft, contact_language="en")
    staff = type(client)()
    staff.force_login(reviewer)

    staff.post(url("review_note", pk=draft.pk), {"note-body": "The mayor's brother runs this."})

    assert "The mayor&#x27;s brother" in review_page(staff, draft)
    submitter_page = client.get(url("submission_detail", pk=draft.pk)).content.decode()
    assert "brother" not in submitter_page


def test_a_staff_message_reaches_the_submitter_with_a_working_link(
    client, reviewer, send_mail, mailoutbox
):
    practice = submission(contact_language="fr")
    client.force_login(reviewer)

    send_mail(client.post, url("review_message", pk=practice.pk), {"message-body": "Une question."})

    (email,) = mailoutbox
    assert email.subject.startswith("Un message de l’équipe de l’Efus")
    browser = type(client)()
    assert browser.get(f"/fr/submit/access/{link_in(email)}/").status_code == 302
    assert "Une question." in browser.get(url("submission_detail", pk=practice.pk)).content.decode()


def test_assignment_and_link_revocation(client, reviewer, editor):
    practice = submission()
    browser = type(client)()
    open_link(browser, practice)
    client.force_login(reviewer)

    client.post(url("review_assign", pk=practice.pk), {"assignee": editor.pk})
    client.post(url("review_assign", pk=practice.pk), {"assignee": "nonsense"})
    client.post(url("review_links_revoke", pk=practice.pk), {})

    practice.refresh_from_db()
    assert practice.assigned_to == editor
    assert browser.get(url("submission_detail", pk=practice.pk)).status_code == 403


def test_only_editors_make_a_report_public(client, reviewer, editor):
    practice = PracticeFactory()
    attachment = services.attachment_add(
        practice=practice,
        by=editor,
        upload=upload("evaluation.pdf", pdf_bytes()),
        content_type="application/pdf",
    )
    public_url = url("review_attachment_public", pk=practice.pk, attachment_pk=attachment.pk)
    client.force_login(reviewer)
    assert client.post(public_url, {"is_public": "1"}).status_code == 403
    client.force_login(editor)
    assert client.post(public_url, {"is_public": "1"}).status_code == 302
    odd = client.post(public_url, {"is_public": "yes"}, follow=True)
    assert "Say whether the report is to be public or private." in odd.content.decode()
    attachment.refresh_from_db()
    assert attachment.is_public, "an odd value changes nothing"

    anonymous = type(client)()
    page = anonymous.get(practice.get_absolute_url()).content.decode()
    assert "evaluation.pdf" in page
    download = anonymous.get(f"/en/reports/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_reports_are_private_until_published_and_made_public(client, reviewer, draft):
    services.attachment_add(
        practice=draft, by=None, upload=upload("r.pdf", pdf_bytes()), content_type="application/pdf"
    )
    attachment = draft.attachments.get()
    download = f"/en/reports/{attachment.pk}/"

    assert client.get(download).status_code == 200, "the submitter reads their own report"
    assert "no-store" in client.get(download)["Cache-Control"]
    stranger = type(client)()
    assert stranger.get(download).status_code == 404
    stranger.force_login(reviewer)
    assert stranger.get(download).status_code == 200
    attachment.is_public = True
    attachment.save()
    assert type(client)().get(download).status_code == 404, "not while unpublished"


# --- Preview ------------------------------------------------------------------------------------


def test_staff_preview_unpublished_practices_never_cached(client, reviewer, staff_without_role):
    practice = submission(title_en="Secret scheme")
    preview = f"/en/practices/preview/{practice.pk}/"

    assert client.get(preview).status_code == 302
    client.force_login(staff_without_role)
    assert client.get(preview).status_code == 403
    client.force_login(reviewer)
    response = client.get(preview)
    assert response.status_code == 200
    assert "Preview for staff" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "jane.officer@example.org" not in response.content.decode()


def test_the_practice_page_counts_its_publications(client, editor):
    practice = submission(S.IN_REVIEW)
    services.practice_publish(practice=practice, by=editor)
    services.practice_update(
        practice=practice,
        by=editor,
        expected_version=practice.version + 1,
        values={"summary_fr": "Révisé"},
    )
    practice = Practice.objects.get(pk=practice.pk)

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "2 published versions" in page


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("review_note", {"note-body": ""}, "id_note-body_error"),
        ("review_message", {"message-body": " "}, "id_message-body_error"),
        (
            "review_recommend",
            {"recommendation": "maybe", "comment": "?"},
            "id_recommendation_error",
        ),
    ],
)
def test_incomplete_staff_forms_are_refused_next_to_the_field(client, reviewer, name, data, field):
    practice = submission(S.IN_REVIEW)
    client.force_login(reviewer)

    response = client.post(url(name, pk=practice.pk), data)

    assert response.status_code == 400
    assert f'id="{field}"' in response.content.decode()
    assert not practice.events.exists() and not practice.internal_notes.exists()
