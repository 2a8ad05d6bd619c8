"""The contribution workflow in a real browser, in French: a local authority submits a
practice with a partner and an evaluation report, staff request changes, the submitter
edits and resubmits, an editor publishes, and the practice is in the public catalogue."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import format_axe_violations, serious_axe_violations
from tests.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Médiateurs de nuit à Villeneuve"
PASSWORD = "a-long-test-password"


@pytest.fixture
def reference_data():
    call_command("load_reference_data", stdout=StringIO())


def log_in(browser, live_url, user):
    context = browser.new_context(base_url=live_url)
    page = context.new_page()
    page.goto("/fr/admin/login/?next=/fr/review/")
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/fr/review/")
    return page


def private_link(email):
    return re.search(r"http://[^/]+(/fr/submit/access/[\w-]+/)", email.body).group(1)


def test_submit_review_resubmit_and_publish_in_french(
    page, browser, live_url, reference_data, reviewer, editor, tmp_path
):
    report = tmp_path / "rapport-evaluation.pdf"
    report.write_bytes(pdf_bytes())

    # The submitter starts from the "Proposer une pratique" page.
    page.goto("/fr/submit/")
    page.get_by_role("button", name="Commencer le formulaire").click()
    page.locator("#id_title_fr").fill(TITLE)
    page.locator("#id_country").select_option("FR")
    page.locator("#id_city_fr").fill("Villeneuve")
    page.locator("#id_contact_name").fill("Anne Martin")
    page.locator("#id_contact_email").fill("anne.martin@example.org")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert page.get_by_role("heading", level=1, name="Description et objectifs").is_visible()
    assert "Votre brouillon est enregistré" in page.locator(".messages").inner_text()
    assert mail.outbox[-1].subject == f"Votre brouillon « {TITLE} » : votre lien privé"

    page.locator("#id_summary_fr").fill("Des médiateurs sillonnent le centre la nuit.")
    page.locator("#id_description_fr").fill("Des binômes de médiateurs, du jeudi au samedi.")
    page.locator("#id_objectives_fr").fill("Des nuits plus calmes.")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # A partner that nobody knows yet becomes a new organisation.
    assert page.get_by_role("heading", level=1, name="Partenaires").is_visible()
    page.locator("#id_partners-0-organisation_name").fill("Mairie de Villeneuve")
    page.locator("#id_partners-0-kind").select_option("local_authority")
    page.locator("#id_partners-0-role_fr").fill("Emploie les médiateurs")
    page.locator("#id_partners-0-is_lead").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert page.get_by_role("heading", level=1, name="Calendrier et coûts").is_visible()

    # The evaluation report, by the steps' navigation.
    page.get_by_role("link", name="Preuves et rapports d’évaluation").click()
    page.locator("#id_evidence_level").select_option("internal_monitoring")
    page.locator("#id_report").set_input_files(report)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert page.get_by_role("link", name="rapport-evaluation.pdf").is_visible()

    page.get_by_role("link", name="Consentement et envoi").click()
    page.get_by_label("J’accepte que l’Efus publie cette pratique").check()
    page.get_by_label("J’ai lu la notice de confidentialité").check()
    page.get_by_role("button", name="Soumettre pour examen").click()
    assert page.get_by_role("heading", name="Statut : Soumise").is_visible()

    # A reviewer asks for changes.
    staff = log_in(browser, live_url, reviewer)
    staff.get_by_role("link", name=TITLE).click()
    assert staff.get_by_text("Mairie de Villeneuve").first.is_visible()
    staff.get_by_role("button", name="Commencer l’examen").click()
    staff.get_by_label("Que doit modifier le contributeur ?").fill(
        "Indiquez combien de personnes les médiateurs ont aidées."
    )
    staff.get_by_role("button", name="Demander des modifications").click()
    assert "Modifications demandées" in staff.locator(".review-meta").inner_text()
    staff.context.close()

    # The submitter follows the link in the e-mail, edits and resubmits.
    email = mail.outbox[-1]
    assert email.subject == f"Modifications demandées pour « {TITLE} »"
    submitter = browser.new_context(base_url=live_url).new_page()
    submitter.goto(private_link(email))
    assert submitter.get_by_text("Indiquez combien de personnes").first.is_visible()
    submitter.get_by_role("link", name="Modifier votre proposition").click()
    submitter.get_by_role("link", name="Description et objectifs").click()
    submitter.locator("#id_objectives_fr").fill("Des nuits plus calmes : 1 200 personnes aidées.")
    submitter.get_by_role("button", name="Enregistrer et continuer").click()
    submitter.get_by_role("link", name="Consentement et envoi").click()
    submitter.get_by_label("J’accepte que l’Efus publie cette pratique").check()
    submitter.get_by_label("J’ai lu la notice de confidentialité").check()
    submitter.get_by_role("button", name="Soumettre à nouveau pour examen").click()
    assert submitter.get_by_role("heading", name="Statut : Soumise à nouveau").is_visible()
    submitter.context.close()

    # An editor sees what changed, rates every criterion, as publishing needs, and publishes.
    staff = log_in(browser, live_url, editor)
    staff.get_by_role("link", name=TITLE).click()
    assert staff.locator("table.diff ins", has_text="1 200 personnes aidées").is_visible()
    staff.get_by_role("button", name="Commencer l’examen").click()
    assert "pas encore notés" in staff.locator("[aria-labelledby=actions-heading]").inner_text()
    for row in staff.locator("fieldset.assessment-row").all():
        row.locator(".staff-assessment input[type=radio]").last.check()
    staff.get_by_role("button", name="Enregistrer l’évaluation").click()
    staff.get_by_role("button", name="Publier").click()
    assert "Publiée" in staff.locator(".review-meta").inner_text()
    staff.context.close()
    assert mail.outbox[-1].subject == f"« {TITLE} » est publiée"

    # The practice is in the public catalogue.
    page.goto("/fr/practices/")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert page.get_by_text("Mairie de Villeneuve").is_visible()
    assert "anne.martin@example.org" not in page.content()


@pytest.fixture
def demo_data():
    call_command("load_demo_data", "--force", stdout=StringIO())


@pytest.mark.parametrize("path", ["submit/new/?language=fr", "submit/link/"])
def test_submitter_pages_have_no_serious_accessibility_violation(page, reference_data, path):
    page.goto(f"/fr/{path}")

    violations = serious_axe_violations(page)

    assert not violations, format_axe_violations(violations)


def test_review_pages_have_no_serious_accessibility_violation(browser, live_url, demo_data):
    from django.contrib.auth import get_user_model

    from practices.models import Practice

    user = get_user_model().objects.get(username="demo-editor")
    user.set_password(PASSWORD)
    user.save()
    page = log_in(browser, live_url, user)
    sample = Practice.objects.get(slug="sample-youth-football-borgo-fittizio")
    for path in ["/fr/review/", f"/fr/review/{sample.pk}/"]:
        page.goto(path)
        violations = serious_axe_violations(page)
        assert not violations, f"{path}\n{format_axe_violations(violations)}"
    page.context.close()


def test_typing_a_known_organisation_offers_it_with_javascript(page, demo_data):
    page.goto("/en/submit/new/?language=en")
    page.locator("#id_title_en").fill("Fire safety walks")
    page.locator("#id_country").select_option("GB")
    page.locator("#id_city_en").fill("Leeds")
    page.locator("#id_contact_name").fill("Sam")
    page.locator("#id_contact_email").fill("sam@example.org")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Partners").click()

    page.locator("#id_partners-0-organisation_name").fill("fire brig")
    page.get_by_role("button", name="Use the known organisation London Fire Brigade").click()
    assert page.locator("#id_partners-0-kind").is_hidden()
    page.get_by_role("button", name="Add a partner").click()
    page.locator("#id_partners-1-organisation_name").fill("Leeds walking club")
    page.locator("#id_partners-1-kind").select_option("voluntary_sector")
    page.get_by_role("button", name="Save draft").click()

    legends = page.locator("fieldset.row legend").all_inner_texts()
    assert legends[:2] == ["London Fire Brigade", "Leeds walking club"]


def test_without_javascript_no_add_button_shows_only_what_works(browser, live_url, reference_data):
    page = browser.new_context(java_script_enabled=False, base_url=live_url).new_page()
    page.goto("/en/submit/new/?language=en")
    page.locator("#id_title_en").fill("Fire safety walks")
    page.locator("#id_country").select_option("GB")
    page.locator("#id_city_en").fill("Leeds")
    page.locator("#id_contact_name").fill("Sam")
    page.locator("#id_contact_email").fill("sam@example.org")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Partners").click()
    page.wait_for_url("**/partners/")
    assert page.locator("[data-add-row]").count() == 1
    assert page.locator("[data-add-row]").is_hidden()
    assert page.get_by_text("To add another partner, fill in the empty row").is_visible()
    page.get_by_role("link", name="References and links").click()
    page.wait_for_url("**/references/")
    assert page.locator("[data-add-row]").count() == 2
    assert all(button.is_hidden() for button in page.locator("[data-add-row]").all())
    assert page.get_by_text("To add more, fill in the empty row").is_visible()
    page.context.close()


def test_a_sent_form_cannot_be_sent_again_while_the_next_page_loads(page, reference_data):
    page.goto("/en/submit/new/?language=en")
    # Stand for a slow server: the form is sent, the next page does not come.
    page.evaluate(
        "document.querySelector('main form')"
        ".addEventListener('submit', (event) => event.preventDefault())"
    )
    button = page.get_by_role("button", name="Save and continue")

    button.click()

    expect(button).to_be_disabled()
