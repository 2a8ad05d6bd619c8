"""The submitter's side: starting a draft, the private link, the steps, submitting."""

import re

import pytest
from django.conf import settings
from django.test import Client

from partners.models import Organisation
from practices import services
from practices.choices import Language, PracticeStatus
from practices.models import Attachment, Practice
from submissions.ratelimit import client_ip
from submissions.steps import STEPS
from tests.factories import (
    CriterionFactory,
    DomainFactory,
    LevelFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
)
from tests.files import docx_bytes, pdf_bytes, upload

from .conftest import IDENTIFICATION, link_in, start, url

pytestmark = pytest.mark.django_db


def step_url(practice, step, language="en"):
    return url("submission_step", language, pk=practice.pk, step=step)


def post_step(client, practice, step, data, language="en"):
    practice.refresh_from_db()
    return client.post(
        step_url(practice, step, language),
        {"version": practice.version, "action": "stay", **data},
    )


# --- Starting ----------


def test_the_submit_page_leads_into_the_form_in_either_language(client):
    page = client.get("/fr/submit/").content.decode()

    assert 'action="/fr/submit/new/"' in page
    assert 'value="fr" id="start-language-fr" checked' in page
    assert "Notice de confidentialité" in page
    assert "/fr/submit/link/" in page


def test_the_first_step_is_in_the_page_language_and_hides_its_trap_from_people(client):
    page = client.get("/fr/submit/new/?language=fr").content.decode()

    assert 'name="title_fr"' in page and 'name="title_en"' not in page
    # The city too is written once, in the submitter's language.
    assert 'name="city_fr"' in page and 'name="city_en"' not in page
    assert "Votre adresse électronique" in page
    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="additional_notes"' in page and 'tabindex="-1"' in page


def test_saving_the_first_step_starts_a_draft_and_e_mails_its_link(client, send_mail, mailoutbox):
    response = send_mail(
        client.post,
        "/fr/submit/new/?language=fr",
        {**IDENTIFICATION, "language": "fr", "title_fr": "Médiateurs de nuit", "city_fr": "Lyon"},
    )

    practice = Practice.objects.get()
    assert response["Location"] == f"/fr/submit/{practice.pk}/description/"
    assert practice.status == PracticeStatus.DRAFT
    assert practice.original_language == Language.FR
    assert practice.contact_language == Language.FR
    assert practice.title_fr == "Médiateurs de nuit" and not practice.title_en
    assert practice.city_fr == "Lyon" and not practice.city_en
    (email,) = mailoutbox
    assert email.to == ["anne.martin@example.org"]
    assert email.subject == "Votre brouillon « Médiateurs de nuit » : votre lien privé"
    assert client.get(response["Location"]).status_code == 200
    # The link in the e-mail opens the draft in another browser too.
    other = Client()
    assert other.get(f"/fr/submit/access/{link_in(email)}/").status_code == 302
    assert other.get(f"/fr/submit/{practice.pk}/").status_code == 200


def test_the_first_step_sent_twice_starts_one_draft(client, send_mail, mailoutbox):
    page = client.get("/en/submit/new/?language=en").content.decode()
    token = re.search(r'name="send_token" value="([\w-]+)"', page).group(1)
    data = {**IDENTIFICATION, "language": "en", "send_token": token}

    first = send_mail(client.post, "/en/submit/new/?language=en", data)
    again = send_mail(client.post, "/en/submit/new/?language=en", data)

    practice = Practice.objects.get()
    assert first["Location"] == again["Location"] == f"/en/submit/{practice.pk}/description/"
    assert len(mailoutbox) == 1
    assert client.get(again["Location"]).status_code == 200
    # Another page of the form is another submission.
    other_page = client.get("/en/submit/new/?language=en").content.decode()
    assert token not in other_page
    start(client)
    assert Practice.objects.count() == 2


def test_errors_are_shown_next_to_the_fields_in_french_and_nothing_typed_is_lost(
    client, mailoutbox
):
    response = client.post(
        "/fr/submit/new/?language=fr",
        {"language": "fr", "title_fr": "Médiateurs", "city_fr": "Lyon", "contact_email": "anne@"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Certaines réponses sont à corriger" in page
    assert 'id="id_contact_email_error"' in page
    assert "Saisissez une adresse e-mail valide." in page
    assert 'id="id_country_error"' in page and "Ce champ est obligatoire." in page
    assert 'value="Médiateurs"' in page and 'value="anne@"' in page
    assert not Practice.objects.exists() and not mailoutbox


def test_a_title_of_invisible_characters_is_refused_next_to_the_field(client, mailoutbox):
    response = client.post(
        "/en/submit/new/?language=en",
        {**IDENTIFICATION, "language": "en", "title_en": "\u202e\u200b\ufeff \u2060"},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["title_en"]
    assert "This text has no visible character: write it again." in errors["title_en"]
    assert not Practice.objects.exists() and not mailoutbox


def test_a_filled_trap_field_saves_nothing(client, mailoutbox):
    response = client.post(
        "/en/submit/new/?language=en",
        {**IDENTIFICATION, "language": "en", "additional_notes": "Buy cheap watches"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    # The notice says what is wrong, not that messages stand next to fields: none does.
    notice = page.split('class="notice notice-error" role="alert">')[1].split("</div>")[0]
    assert "could not be saved" in notice
    assert "see the messages next to the fields" not in page
    assert page.count("could not be saved") == 1
    assert 'value="Night mediators in Lyon"' in page
    assert not Practice.objects.exists() and not mailoutbox


def test_new_drafts_are_limited_per_address_and_the_message_says_so(client, settings):
    settings.SUBMISSION_RATE_LIMIT = "2/h"
    client.post("/en/submit/new/?language=en", {"language": "en"})  # invalid: does not count
    start(client)
    start(client)

    response = client.post(
        "/en/submit/new/?language=en", {**IDENTIFICATION, "language": "en", "city_en": "Metz"}
    )

    page = response.content.decode()
    assert "we accept at most 2 of these from one address" in page
    assert "try again in" in page
    assert 'value="Metz"' in page
    assert Practice.objects.count() == 2
    # Someone else, elsewhere, is not held back.
    start(Client(REMOTE_ADDR="192.0.2.7"))
    assert Practice.objects.count() == 3


def test_the_limit_counts_the_address_the_trusted_proxy_gives(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    assert client_ip(request) == "10.0.0.2", "X-Forwarded-For is ignored unless configured"
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request) == "203.0.113.9", "only the address our proxy added counts"
    request.META["HTTP_X_FORWARDED_FOR"] = "not an address"
    assert client_ip(request) == "10.0.0.2"


def test_an_unknown_writing_language_falls_back_to_the_default(client):
    page = client.get("/en/submit/new/?language=xx").content.decode()

    assert 'name="title_en"' in page


# --- The private link ----------


def test_a_wrong_or_revoked_link_opens_nothing(client, draft, reviewer):
    other = Client()
    token = services.access_link_issue(practice=draft)

    wrong = other.get(url("submission_access", token=token[:-2] + "xx"))
    assert wrong.status_code == 404
    assert "This link does not work" in wrong.content.decode()

    draft.status = PracticeStatus.SUBMITTED
    draft.save()
    services.access_links_revoke(practice=draft, by=reviewer, send_new=False)
    assert other.get(url("submission_access", token=token)).status_code == 404
    # The browser that had opened a link now revoked loses access too.
    assert client.get(url("submission_detail", pk=draft.pk)).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["submission_detail", "submission_submit", "submission_message", "submission_step"],
)
def test_without_the_link_a_submission_is_private_whether_or_not_it_exists(client, draft, name):
    stranger = Client()
    kwargs = {"step": "description"} if name == "submission_step" else {}

    method = stranger.post if name == "submission_message" else stranger.get
    existing = method(url(name, pk=draft.pk, **kwargs))
    missing = method(url(name, pk=draft.pk + 100, **kwargs))

    assert existing.status_code == missing.status_code == 403
    for response in (existing, missing):
        assert "This submission is private" in response.content.decode()
    assert b"Night mediators" not in existing.content
    assert b"anne.martin@example.org" not in existing.content


def test_private_pages_are_never_cached(client, draft):
    response = client.get(url("submission_detail", pk=draft.pk))

    assert "no-store" in response["Cache-Control"]


# --- The steps ----------


@pytest.mark.parametrize("step", [step.slug for step in STEPS])
def test_every_step_opens_in_french_with_the_submitters_fields_only(client, step):
    CriterionFactory()
    practice = start(client, language="fr", ui="fr")

    response = client.get(step_url(practice, step, "fr"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="step"' in page
    assert "Vous écrivez en français" in page
    assert '_en"' not in page, "the submitter sees the fields of their language only"


def test_saving_a_step_moves_on_and_keeps_the_text(client, draft):
    response = client.post(
        step_url(draft, "description"),
        {
            "version": draft.version,
            "action": "continue",
            "summary_en": "Mediators walk the night buses.",
            "description_en": "Pairs of mediators.",
            "objectives_en": "Calmer nights.",
        },
    )

    assert response["Location"] == step_url(draft, "partners")
    draft.refresh_from_db()
    assert draft.summary_en == "Mediators walk the night buses."
    assert not draft.summary_fr


def test_a_save_over_someone_elses_is_refused_and_keeps_the_input(client, draft):
    seen = draft.version
    services.practice_update(
        practice=draft, by=None, expected_version=seen, values={"city": "Villeurbanne"}
    )

    response = client.post(
        step_url(draft, "timeline"),
        {"version": seen, "action": "stay", "cost_description_en": "Two salaries."},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this practice since you opened it" in page
    assert "Two salaries." in page
    draft.refresh_from_db()
    assert not draft.cost_description_en


def test_an_end_before_the_start_is_refused_next_to_the_end_date(client, draft):
    response = post_step(
        client, draft, "timeline", {"start_date": "2020-05-01", "end_date": "2019-01-01"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "end_date": ["The end date is before the start date."]
    }
    assert 'value="2020-05-01"' in response.content.decode()


def test_an_ongoing_practice_with_an_end_date_is_refused_in_french(client):
    draft = start(client, language="fr", ui="fr")

    response = post_step(
        client, draft, "timeline", {"end_date": "2019-01-01", "ongoing": "on"}, language="fr"
    )

    assert response.status_code == 400
    message = "Une pratique en cours n’a pas de date de fin"
    assert response.context["form"].errors["end_date"][0].startswith(message)
    page = response.content.decode()
    end_date_field = page.split('for="id_end_date"')[1].split('<div class="field')[0]
    assert message in end_date_field
    assert 'value="2019-01-01"' in page


def test_a_choice_no_database_could_hold_is_refused_next_to_its_field_in_french(client):
    draft = start(client, language="fr", ui="fr")
    level, domain = LevelFactory(), DomainFactory()

    response = post_step(
        client,
        draft,
        "classification",
        {"levels": [str(level.pk), "99999999999999999999999"], "domains": [str(domain.pk)]},
        language="fr",
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["levels"][0].startswith("Sélectionnez un choix valide")
    assert list(form.errors) == ["levels"]
    # The other choices stay ticked.
    page = response.content.decode()
    assert re.search(rf'value="{domain.pk}"[^>]*checked', page)


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("timeline", {"start_date": "31/02/2020", "timeline": "forever", "cost_band": "∞"}),
        ("identification", {"country": "ZZ", "contact_email": "x" * 300, "title_en": "t" * 999}),
        ("classification", {"domains": ["999", "abc"]}),
        ("classification", {"levels": "99999999999999999999999", "domains": str(2**63)}),
        ("partners", {"partners-TOTAL_FORMS": "x", "partners-INITIAL_FORMS": "-3"}),
        (
            "partners",
            {
                "partners-TOTAL_FORMS": "1",
                "partners-INITIAL_FORMS": "0",
                "partners-0-organisation": "abc",
                "partners-0-kind": "spy",
            },
        ),
        ("self-assessment", {}),
        (
            "references",
            {
                "references-TOTAL_FORMS": "1",
                "references-INITIAL_FORMS": "0",
                "references-0-url": "javascript:alert(1)",
                "references-0-date": "soon",
            },
        ),
    ],
)
def test_odd_input_never_breaks_a_step(client, draft, step, data):
    CriterionFactory()
    response = post_step(client, draft, step, data)

    assert response.status_code in (200, 302, 400)


def test_odd_addresses_and_versions_are_refused_without_a_server_error(client, draft):
    assert client.get(step_url(draft, "no-such-step")).status_code == 404
    response = client.post(step_url(draft, "description"), {"version": "abc"})
    assert response.status_code == 400


@pytest.mark.parametrize("version", [{}, {"version": "abc"}, {"version": "0"}])
def test_a_missing_or_altered_version_is_explained_where_the_user_sees_it(client, draft, version):
    response = client.post(
        step_url(draft, "description"), {**version, "summary_en": "Night buses."}
    )

    assert response.status_code == 400
    page = response.content.decode()
    notice = page.split('class="notice notice-error" role="alert">')[1].split("</div>")[0]
    assert "This page is incomplete or out of date, so nothing was saved." in notice
    assert "see the messages next to the fields" not in notice
    assert "Night buses." in page


# --- Partners ----------


def partner(data, index=0):
    return {f"partners-{index}-{name}": value for name, value in data.items()}


def partners_post(client, practice, *rows, initial=0):
    data = {"partners-TOTAL_FORMS": len(rows), "partners-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        data.update(partner(row, index))
    return post_step(client, practice, "partners", data)


def test_a_new_organisation_is_created_and_linked(client, draft):
    response = partners_post(
        client,
        draft,
        {
            "organisation_name": "Lyon night bus company",
            "kind": "transport",
            "country": "FR",
            "role_en": "Runs the buses",
            "is_lead": "on",
        },
    )

    assert response.status_code == 302
    partnership = draft.partnerships.get()
    assert partnership.organisation.name == "Lyon night bus company"
    assert partnership.organisation.kind == "transport"
    assert (partnership.role_en, partnership.is_lead) == ("Runs the buses", True)


def test_a_known_organisation_is_offered_rather_than_duplicated(client, draft):
    known = OrganisationFactory(name_en="London Fire Brigade", kind="fire_service")
    PartnershipFactory(organisation=known)  # in a published practice: public

    offered = partners_post(
        client, draft, {"organisation_name": "fire brigade", "kind": "fire_service"}
    )

    page = offered.content.decode()
    assert offered.status_code == 400
    assert "We already know organisations with a similar name" in page
    assert f'type="radio" name="partners-0-organisation" value="{known.pk}"' in page
    assert 'value="fire brigade"' in page

    chosen = partners_post(
        client, draft, {"organisation_name": "fire brigade", "organisation": known.pk}
    )

    assert chosen.status_code == 302
    assert draft.partnerships.get().organisation == known
    assert Organisation.objects.filter(name_en__icontains="fire brigade").count() == 1


def test_the_submitter_may_insist_that_an_organisation_is_new(client, draft):
    PartnershipFactory(organisation=OrganisationFactory(name_en="City Police"))

    response = partners_post(
        client,
        draft,
        {"organisation_name": "City Police Federation", "kind": "other", "is_new": "on"},
    )

    assert response.status_code == 302
    assert draft.partnerships.get().organisation.name == "City Police Federation"


def test_organisations_of_unpublished_work_are_never_offered(client, draft):
    secret = OrganisationFactory(name_en="Secret Task Force")
    PartnershipFactory(
        organisation=secret, practice=PracticeFactory(unpublished=True, status="in_review")
    )

    response = partners_post(client, draft, {"organisation_name": "Secret Task", "kind": "police"})
    suggestions = client.get(url("organisation_suggest") + "?q=Secret").json()

    assert response.status_code == 302, "nothing offered: a new organisation is made"
    assert suggestions == {"results": []}
    assert f'value="{secret.pk}"' not in response.content.decode()


def test_suggestions_list_public_organisations_matching_either_language(client):
    known = OrganisationFactory(name_en="Residents' representatives", name_fr="Représentants")
    PartnershipFactory(organisation=known)

    results = client.get(url("organisation_suggest") + "?q=représ").json()["results"]
    short = client.get(url("organisation_suggest") + "?q=re").json()["results"]

    assert [r["id"] for r in results] == [known.pk]
    assert short == []


@pytest.mark.parametrize("typed", ["representants", "REPRÉSENTANTS", "RéPrÉsEnTaNtS"])
def test_suggestions_ignore_accents_and_capitals(client, typed):
    known = OrganisationFactory(name_en="Residents' representatives", name_fr="Représentants")
    PartnershipFactory(organisation=known)
    ascii_only = OrganisationFactory(name_en="Prefecture de police", name_fr=None)
    PartnershipFactory(organisation=ascii_only)

    results = client.get(url("organisation_suggest") + f"?q={typed}").json()["results"]
    accented = client.get(url("organisation_suggest") + "?q=PRÉFECTURE").json()["results"]

    assert [r["id"] for r in results] == [known.pk]
    assert [r["id"] for r in accented] == [ascii_only.pk]


def test_a_known_name_typed_without_its_accents_is_offered_without_javascript(client, draft):
    known = OrganisationFactory(name_en="Préfecture de police")
    PartnershipFactory(organisation=known)

    response = partners_post(client, draft, {"organisation_name": "prefecture de POLICE"})

    assert response.status_code == 400
    assert response.context["formset"].forms[0].candidates == [known]
    assert not draft.partnerships.exists()
    page = response.content.decode()
    choices = re.findall(r'<input type="radio" name="partners-0-organisation"[^>]*>', page)
    assert len(choices) == 1 and f'value="{known.pk}"' in choices[0]
    assert "checked" not in choices[0]


def test_one_new_organisation_cannot_be_listed_twice(client, draft):
    response = partners_post(
        client,
        draft,
        {"organisation_name": "Maison des jeunes", "kind": "voluntary_sector", "is_new": "on"},
        {"organisation_name": "MAISON DES JEUNES ", "kind": "voluntary_sector", "is_new": "on"},
    )

    assert response.status_code == 400
    assert "The same organisation is listed twice." in response.content.decode()
    assert not Organisation.objects.exists()


def test_partners_are_removed_and_the_same_one_cannot_be_listed_twice(client, draft):
    partners_post(client, draft, {"organisation_name": "Metro", "kind": "transport"})
    metro = draft.partnerships.get().organisation

    twice = partners_post(
        client, draft, {"organisation": metro.pk}, {"organisation": metro.pk}, initial=1
    )
    assert "The same organisation is listed twice." in twice.content.decode()

    removed = partners_post(client, draft, {"organisation": metro.pk, "DELETE": "on"}, initial=1)
    assert removed.status_code == 302
    assert not draft.partnerships.exists()


@pytest.mark.parametrize(
    ("step", "prefix", "message"),
    [
        ("partners", "partners", "This list can hold at most 50 entries: remove some."),
        ("references", "links", "Cette liste peut contenir au plus 50 éléments\xa0: retirez-en."),
    ],
)
def test_a_tampered_row_count_is_refused_without_building_the_rows(client, step, prefix, message):
    draft = start(client, language="fr", ui="fr") if prefix == "links" else start(client)
    language = "fr" if prefix == "links" else "en"
    data = {f"{prefix}-TOTAL_FORMS": "5000", f"{prefix}-INITIAL_FORMS": "0"}
    data.update({f"{prefix}-{index}-url": "https://example.org" for index in range(60)})
    data.update({f"{prefix}-{index}-organisation_name": "Metro" for index in range(60)})

    response = post_step(client, draft, step, data, language=language)

    assert response.status_code == 400
    formset = response.context["formset" if prefix == "partners" else prefix]
    assert len(formset.forms) == 50
    assert message in str(formset.non_form_errors())
    assert message in response.content.decode()
    assert not draft.partnerships.exists() and not draft.links.exists()


# --- Self-assessment, evidence, references ----------


def test_a_self_assessment_rating_needs_a_justification(client, draft):
    criterion = CriterionFactory(slug="impact")
    level = criterion.levels.last()

    refused = post_step(client, draft, "self-assessment", {"impact-level": level.pk})
    saved = post_step(
        client,
        draft,
        "self-assessment",
        {"impact-level": level.pk, "impact-text_en": "Fewer fights."},
    )

    assert "Say briefly why you give this rating." in refused.content.decode()
    assert saved.status_code == 302
    assessment = draft.assessments.get()
    assert (assessment.source, assessment.level, assessment.text_en) == (
        "self",
        level,
        "Fewer fights.",
    )


def test_a_report_is_stored_privately_under_a_random_name(client, draft):
    response = post_step(
        client,
        draft,
        "evidence",
        {
            "evidence_level": "internal_monitoring",
            "report": upload("Évaluation 2023.pdf", pdf_bytes()),
        },
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Évaluation 2023.pdf"
    assert attachment.content_type == "application/pdf"
    assert "2023" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_the_size_limit_is_written_the_same_before_and_after_sending(client, settings):
    settings.ATTACHMENT_MAX_SIZE_MB = 1
    draft = start(client, language="fr", ui="fr")

    response = post_step(
        client,
        draft,
        "evidence",
        {"report": upload("gros.pdf", pdf_bytes(padding=1024 * 1024))},
        language="fr",
    )

    page = response.content.decode()
    refusal = response.context["form"].errors["report"][0]
    assert "ne peuvent dépasser 1,0\xa0Mio" in refusal
    assert "PDF, DOCX ou ODT, 1,0\xa0Mio au plus." in page
    too_big = "Ce fichier est trop lourd\xa0: les rapports ne peuvent dépasser 1,0\xa0Mio."
    assert f'data-too-big="{too_big}"' in page


def test_a_wrong_file_is_refused_next_to_the_field_and_the_text_is_kept(client, draft):
    response = post_step(
        client,
        draft,
        "evidence",
        {"evidence_en": "Monthly counts.", "report": upload("report.pdf", b"MZ\x90\x00" * 50)},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_report_error"' in page and "not a PDF, DOCX or ODT document" in page
    assert "Monthly counts." in page
    assert not Attachment.objects.exists()


def test_a_good_file_is_kept_when_another_field_fails(client, draft):
    response = post_step(
        client,
        draft,
        "evidence",
        {"evidence_level": "rumour", "report": upload("study.docx", docx_bytes())},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "“study.docx” is uploaded; correct the errors below." in page
    assert Attachment.objects.get().original_name == "study.docx"
    reports = page.split('id="reports-heading"')[1].split("</section>")[0]
    assert "study.docx" in reports and "No report uploaded yet." not in reports


def test_a_good_file_is_kept_when_someone_else_saved_meanwhile(client, draft):
    seen = draft.version
    services.practice_update(
        practice=draft, by=None, expected_version=seen, values={"city": "Villeurbanne"}
    )

    response = client.post(
        step_url(draft, "evidence"),
        {"version": seen, "action": "stay", "report": upload("study.pdf", pdf_bytes())},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this practice since you opened it" in page
    assert "“study.pdf” is uploaded; the other changes on this page are not saved." in page
    assert Attachment.objects.get().original_name == "study.pdf"
    assert "study.pdf" in page.split('id="reports-heading"')[1].split("</section>")[0]


def test_reports_are_limited_in_number_and_can_be_removed(client, draft, settings):
    settings.ATTACHMENT_MAX_COUNT = 1
    post_step(client, draft, "evidence", {"report": upload("a.pdf", pdf_bytes())})

    second = post_step(client, draft, "evidence", {"report": upload("b.pdf", pdf_bytes())})
    assert "at most 1 reports" in second.content.decode()

    attachment = Attachment.objects.get()
    client.post(url("submission_attachment_remove", pk=draft.pk, attachment_pk=attachment.pk))
    assert not Attachment.objects.exists()


def test_references_and_links_are_saved_in_order(client, draft):
    response = post_step(
        client,
        draft,
        "references",
        {
            "references-TOTAL_FORMS": 2,
            "references-INITIAL_FORMS": 0,
            "references-0-citation": "Annual report 2023",
            "references-0-url": "https://example.org/report",
            "references-1-citation": "Press article",
            "links-TOTAL_FORMS": 1,
            "links-INITIAL_FORMS": 0,
            "links-0-url": "https://example.org",
            "links-0-label_en": "Project site",
        },
    )

    assert response.status_code == 302
    assert list(draft.references.values_list("citation", flat=True)) == [
        "Annual report 2023",
        "Press article",
    ]
    assert draft.links.get().label_en == "Project site"


def test_each_reference_says_its_language_the_submitters_by_default(client):
    draft = start(client, language="fr", ui="fr")

    page = client.get(step_url(draft, "references", "fr")).content.decode()
    assert '<option value="fr" selected>français</option>' in page
    post_step(
        client,
        draft,
        "references",
        {
            "references-TOTAL_FORMS": 2,
            "references-INITIAL_FORMS": 0,
            "references-0-citation": "Rapport annuel 2023",
            "references-0-language": "fr",
            "references-1-citation": "Annual report of the partner city",
            "references-1-language": "en",
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
        language="fr",
    )

    assert list(draft.references.values_list("citation", "language")) == [
        ("Rapport annuel 2023", "fr"),
        ("Annual report of the partner city", "en"),
    ]
    page = client.get(step_url(draft, "references", "fr")).content.decode()
    assert '<option value="en" selected>anglais</option>' in page


# --- Submitting ----------


def complete(client, practice):
    post_step(
        client,
        practice,
        "description",
        {"summary_en": "Mediators.", "description_en": "Pairs.", "objectives_en": "Calm."},
    )


def test_missing_parts_are_listed_with_links_to_their_steps(client, draft):
    page = client.get(url("submission_submit", pk=draft.pk)).content.decode()

    assert "Before you can submit, complete these steps:" in page
    assert step_url(draft, "description") in page
    assert "Write a short summary." in page


def test_submitting_needs_both_consents(client, draft):
    complete(client, draft)

    response = client.post(url("submission_submit", pk=draft.pk), {"consent_publication": "on"})

    assert response.status_code == 400
    assert 'id="id_consent_privacy_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.DRAFT


def test_submitting_locks_the_text_until_staff_request_changes(
    client, draft, send_mail, mailoutbox, reviewer
):
    complete(client, draft)

    response = send_mail(
        client.post,
        url("submission_submit", pk=draft.pk),
        {"consent_publication": "on", "consent_privacy": "on"},
    )

    assert response["Location"] == url("submission_detail", pk=draft.pk)
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.SUBMITTED
    assert [m.to for m in mailoutbox] == [["anne.martin@example.org"], ["rita@example.org"]]
    locked = client.get(step_url(draft, "description"))
    assert locked["Location"] == url("submission_detail", pk=draft.pk)
    refused = post_step(client, draft, "description", {"summary_en": "Changed"})
    assert refused.status_code == 302
    draft.refresh_from_db()
    assert draft.summary_en == "Mediators."

    services.practice_start_review(practice=draft, by=reviewer)
    services.practice_request_changes(practice=draft, by=reviewer, message="Give the figures.")
    detail = client.get(url("submission_detail", pk=draft.pk)).content.decode()
    assert "Give the figures." in detail
    changed = {"summary_en": "Changed", "description_en": "Pairs.", "objectives_en": "Calm."}
    assert post_step(client, draft, "description", changed).status_code == 302
    draft.refresh_from_db()
    assert draft.summary_en == "Changed"
    resubmitted = client.post(
        url("submission_submit", pk=draft.pk),
        {"consent_publication": "on", "consent_privacy": "on"},
    )
    assert resubmitted.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.RESUBMITTED


def test_the_submitter_sees_transitions_and_messages_but_no_staff_only_records(
    client, draft, reviewer
):
    from submissions.services import message_send, note_add

    complete(client, draft)
    draft = services.practice_submit(practice=draft, contact_language="en")
    services.practice_start_review(practice=draft, by=reviewer)
    services.practice_recommend(practice=draft, by=reviewer, publish=False, comment="Weak data.")
    note_add(practice=draft, by=reviewer, body="Ask the mayor's office.")
    message_send(practice=draft, by=reviewer, body="Could you send the evaluation?")

    page = client.get(url("submission_detail", pk=draft.pk)).content.decode()

    assert "Could you send the evaluation?" in page
    assert "Review started" in page
    assert "Weak data." not in page and "Recommended" not in page
    assert "Ask the mayor" not in page
    assert "Rita" not in page and "rita" not in page


def test_the_submitter_writes_to_staff(client, draft, send_mail, mailoutbox, reviewer):
    complete(client, draft)
    services.practice_submit(practice=draft, contact_language="en")
    mailoutbox.clear()

    response = send_mail(
        client.post,
        url("submission_message", pk=draft.pk),
        {"message-body": "Here are the figures."},
    )

    assert response.status_code == 302
    assert draft.messages.get().from_submitter
    (email,) = mailoutbox
    assert email.to == ["rita@example.org"]
    assert "Here are the figures." in email.body
    empty = client.post(url("submission_message", pk=draft.pk), {"message-body": " "})
    assert empty.status_code == 400


def test_a_draft_has_no_message_form(client, draft):
    page = client.get(url("submission_detail", pk=draft.pk)).content.decode()

    assert url("submission_message", pk=draft.pk) not in page


# --- Lost links ----------


def test_lost_links_give_the_same_answer_whoever_asks(draft, send_mail, mailoutbox):
    mailoutbox.clear()
    browser = Client()

    known = send_mail(browser.post, url("link_request"), {"email": "anne.martin@example.org"})
    unknown = send_mail(browser.post, url("link_request"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert known.content.replace(b"anne.martin", b"X") == unknown.content.replace(b"nobody", b"X")
    (email,) = mailoutbox
    assert Client().get(f"/en/submit/access/{link_in(email)}/").status_code == 302


def test_lost_link_requests_are_limited_per_address(client, settings):
    settings.SUBMISSION_RATE_LIMIT = "1/h"
    client.post(url("link_request"), {"email": "a@example.org"})

    response = client.post(url("link_request"), {"email": "b@example.org"})

    assert "we accept at most 1 of these" in response.content.decode()
