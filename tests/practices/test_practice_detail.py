import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.choices import Language
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    OrganisationFactory,
    OutcomeIndicatorFactory,
    PartnershipFactory,
    PracticeFactory,
    RecommendationFactory,
    ReferenceFactory,
    ReferenceFrameworkFactory,
    UsefulLinkFactory,
)
from tests.guides.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory(
        title_en="Community policing in the City of London",
        title_fr="Police de proximité dans la City de Londres",
        slug="city-of-london",
        city_en="City of London",
        city_fr="City de Londres",
        objectives_en="Strengthen communities against messages of hate.",
        objectives_fr="Renforcer les communautés face aux discours de haine.",
        sustainability_en="The partnership has reduced crime since it was set up.",
        sustainability_fr="",
        transferability_en="Other cities should study their own strategic assessment.",
        transferability_fr="Les autres villes devraient étudier leur évaluation stratégique.",
        evidence_en="An annual review refreshes the strategy.",
        evidence_fr="Une revue annuelle actualise la stratégie.",
    )


def test_every_section_of_the_record_is_shown(client, practice):
    practice.domains.set([DomainFactory(name_en="Organised crime")])
    PartnershipFactory(
        practice=practice,
        organisation=OrganisationFactory(name_en="London Fire Brigade"),
        role_en="Statutory partner",
        is_statutory=True,
    )
    ReferenceFactory(practice=practice, citation="City of London Police, 29 January 2014")
    UsefulLinkFactory(practice=practice, label_en="Safer City Partnership")
    practice.recommendations.set([RecommendationFactory(number="7.b")])
    OutcomeIndicatorFactory(practice=practice, indicator_en="Street crime", result_en="Down")

    response = client.get(practice.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    for heading in [
        "Key facts",
        "Description",
        "Objectives",
        "Sustainability",
        "Transferability",
        "Evidence and evaluation",
        "Costs",
        "Evaluation",
        "Partnerships",
        "References",
        "Useful links",
        "Recommendations put into practice",
        "Outcome indicators",
    ]:
        assert f">{heading}</h" in page, heading
    assert "Strengthen communities against messages of hate." in page
    assert "Organised crime" in page
    assert "London Fire Brigade" in page and "Statutory partner" in page
    assert "City of London Police, 29 January 2014" in page
    assert "Safer City Partnership" in page
    assert "7.b" in page
    assert "Street crime" in page


def test_missing_facts_are_shown_as_not_stated(client, practice):
    response = client.get(practice.get_absolute_url())

    page = response.content.decode()
    assert "<dt>Cost band</dt><dd>Not stated</dd>" in page
    # The cost description is empty in both languages.
    assert "Not stated in the record." in page
    assert "This practice has not yet been evaluated by Efus staff." in page


def test_text_in_one_language_only_is_shown_with_a_note(client, practice):
    response = client.get("/fr/practices/city-of-london/")

    page = response.content.decode()
    assert "Police de proximité dans la City de Londres" in page
    # The French sustainability text is missing: the English one is shown, marked.
    assert '<div class="prose" lang="en"><p>The partnership has reduced crime' in page
    assert "Disponible en anglais uniquement" in page


def test_note_is_absent_when_both_languages_exist(client, practice):
    practice.sustainability_fr = "Le partenariat a fait baisser la délinquance."
    practice.save()

    page = client.get("/fr/practices/city-of-london/").content.decode()

    assert "Available in English only" not in page
    assert "Disponible en anglais uniquement" not in page


@pytest.mark.parametrize(
    ("language", "city"), [("en", "City of London"), ("fr", "City de Londres")]
)
def test_the_city_is_named_in_the_page_language(client, practice, language, city):
    page = client.get(f"/{language}/practices/city-of-london/").content.decode()

    place = page.split('<p class="practice-place">')[1].split("</p>")[0]
    assert place.startswith(f'<span lang="{language}">{city}</span>, ')
    facts = page.split('<section aria-labelledby="facts-heading"')[1].split("</section>")[0]
    assert f'<span lang="{language}">{city}</span>' in facts
    assert "lang-note" not in facts


def test_a_city_named_in_one_language_only_is_shown_marked(client, practice):
    practice.city_fr = ""
    practice.save()

    page = client.get("/fr/practices/city-of-london/").content.decode()

    place = page.split('<p class="practice-place">')[1].split("</p>")[0]
    assert place == '<span lang="en">City of London</span>, Royaume-Uni'
    facts = page.split('<section aria-labelledby="facts-heading"')[1].split("</section>")[0]
    assert (
        '<span lang="en">City of London</span> '
        '<span class="lang-note">Disponible en anglais uniquement</span>'
    ) in facts


def test_a_citation_carries_its_language_and_says_so_on_a_page_in_another(client, practice):
    ReferenceFactory(practice=practice, citation="Efus, “CECOPS”, 2010", language="en")
    ReferenceFactory(practice=practice, citation="Ville de Lyon, « Bilan »", language="fr")
    ReferenceFactory(practice=practice, citation="Unknown language", language="", url="")

    french = client.get("/fr/practices/city-of-london/").content.decode()
    english = client.get("/en/practices/city-of-london/").content.decode()

    references = french.split('<ul class="references">')[1].split("</ul>")[0]
    assert '<span lang="en">Efus, “CECOPS”, 2010</span>' in references
    assert references.count('<span class="lang-note">En anglais</span>') == 1
    assert '<span lang="fr">Ville de Lyon, « Bilan »</span>' in references
    assert "<li><span>Unknown language</span></li>" in references
    references = english.split('<ul class="references">')[1].split("</ul>")[0]
    assert references.count('<span class="lang-note">In French</span>') == 1
    assert "In English" not in references


def test_the_pdf_says_a_citation_is_in_another_language(client, practice):
    ReferenceFactory(practice=practice, citation="Efus, “CECOPS”, 2010", language="en", url="")

    response = client.get("/fr/practices/city-of-london.pdf")

    text = pdf_text(b"".join(response.streaming_content))
    assert "Efus, “CECOPS”, 2010 En anglais" in text


def test_recommendations_links_and_outcomes_in_one_language_are_marked(client, practice):
    framework = ReferenceFrameworkFactory(title_en="Resolution 237 (2007)", title_fr="")
    practice.recommendations.set(
        [RecommendationFactory(framework=framework, number="7.b", summary_fr="")]
    )
    UsefulLinkFactory(practice=practice, label_en="Safer City Partnership", label_fr="")
    OutcomeIndicatorFactory(
        practice=practice, indicator_en="Street crime", indicator_fr="", result_en="Down"
    )

    page = client.get("/fr/practices/city-of-london/").content.decode()

    note = '<span class="lang-note">Disponible en anglais uniquement</span>'
    recommendation = page.split('<ul class="recommendations">')[1].split("</ul>")[0]
    assert '<span lang="en">Resolution 237 (2007)</span>, 7.b</a>\u00a0: ' in recommendation
    assert '<span lang="en">Bring young people and police officers closer together</span>' in (
        recommendation
    )
    assert recommendation.count(note) == 1
    links = page.split('<ul class="links">')[1].split("</ul>")[0]
    assert '<span lang="en">Safer City Partnership</span>' in links and note in links
    outcomes = page.split("<tbody>")[1].split("</tbody>")[0]
    assert '<span lang="en">Street crime</span> ' + note in outcomes
    assert '<span lang="en">Down</span> ' + note in outcomes


def test_recommendations_links_and_outcomes_in_the_page_language_have_no_note(client, practice):
    practice.recommendations.set([RecommendationFactory(number="7.b")])
    UsefulLinkFactory(practice=practice, label_en="Safer City", label_fr="Ville plus sûre")
    OutcomeIndicatorFactory(practice=practice, result_en="Down", result_fr="En baisse")

    page = client.get("/fr/practices/city-of-london/").content.decode()

    assert "Disponible en anglais uniquement" not in page.split('id="evaluation-heading"')[1]
    assert '<span lang="fr">Rapprocher les jeunes et les policiers</span>' in page
    assert '<span lang="fr">Ville plus sûre</span>' in page
    assert '<span lang="fr">Vols signalés</span>' in page
    assert '<span lang="fr">En baisse</span>' in page


def test_french_original_falls_back_to_french_in_english(client):
    practice = PracticeFactory(
        original_language=Language.FR,
        title_en="",
        title_fr="Citoyens volontaires de la Police nationale",
        summary_en="",
        summary_fr="Des citoyens viennent en appui de la police.",
    )

    page = client.get(f"/en/practices/{practice.slug}/").content.decode()

    assert '<h1 id="practice-title" lang="fr">Citoyens volontaires' in page
    assert "Available in French only" in page


def test_evaluation_chart_and_ratings(client, practice):
    relevance = CriterionFactory(name_en="Relevance", position=1)
    impact = CriterionFactory(name_en="Impact", position=2)
    AssessmentFactory(
        practice=practice,
        criterion=relevance,
        level=relevance.levels.get(rank=3),
        text_en="It answers a need the partnership identified.",
    )
    # Rated on relevance only: impact shows as not rated, never as the worst rating.
    response = client.get(practice.get_absolute_url())

    page = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="evaluation-chart" role="img"' in page
    assert "Relevance: Met" in page  # the chart's text description
    assert "It answers a need the partnership identified." in page
    assert "Impact: Not yet rated" in page
    assert impact.name in page


def test_self_assessment_is_not_published(client, practice):
    criterion = CriterionFactory()
    AssessmentFactory(
        practice=practice, criterion=criterion, source="self", text_en="We are the best."
    )

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "We are the best." not in page
    assert "This practice has not yet been evaluated by Efus staff." in page


def test_contact_details_are_never_shown(client, practice):
    page = client.get(practice.get_absolute_url()).content.decode()

    assert practice.contact_email not in page
    assert practice.contact_phone not in page
    assert practice.contact_name not in page


@pytest.mark.parametrize("slug", ["no-such-practice", "draft-practice"])
def test_missing_and_unpublished_practices_are_not_found(client, slug):
    PracticeFactory(slug="draft-practice", draft=True)

    response = client.get(f"/en/practices/{slug}/")

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_language_switcher_points_to_the_same_practice(client, practice):
    page = client.get(practice.get_absolute_url()).content.decode()

    assert 'href="/fr/practices/city-of-london/" hreflang="fr"' in page


def test_query_count_is_constant(client, practice, django_assert_num_queries):
    criteria = [CriterionFactory() for _ in range(3)]
    for criterion in criteria:
        AssessmentFactory(practice=practice, criterion=criterion)
    domain = DomainFactory()
    practice.domains.set([domain])
    PartnershipFactory(practice=practice)
    ReferenceFactory(practice=practice)
    PracticeFactory(domains=[domain])

    with CaptureQueriesContext(connection) as first:
        response = client.get(practice.get_absolute_url())
    assert len(response.context["related"]) == 1

    # More partners, references and other (related) practices change nothing.
    for _ in range(5):
        PartnershipFactory(practice=practice)
        ReferenceFactory(practice=practice)
        PracticeFactory(domains=[domain])
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["related"]) == 4
    # The practice and its 11 kinds of related rows, the public evaluation reports, the
    # criteria and their levels, then for the related practices: the terms shared, the
    # candidates' titles, the practices and their domains.
    assert len(first.captured_queries) == 19


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "en",
            'External evaluation <span class="muted">(without a comparison group: usually '
            "Maryland level 1 or 2)</span>",
        ),
        (
            "fr",
            'Évaluation externe <span class="muted">(sans groupe de comparaison\u00a0: en '
            "général niveau 1 ou 2 de l’échelle de Maryland)</span>",
        ),
    ],
)
def test_the_evidence_level_says_where_it_falls_on_the_maryland_scale(
    client, practice, language, shown
):
    practice.evidence_level = "external_evaluation"
    practice.save()

    page = client.get(f"/{language}/practices/city-of-london/").content.decode()

    assert shown in page


def test_missing_facts_read_well_in_french(client, practice):
    practice.start_date = None
    practice.city_en = practice.city_fr = ""
    practice.save()

    page = client.get("/fr/practices/city-of-london/").content.decode()

    # Neutral wording beside feminine and masculine nouns alike.
    for term in ["Date de début", "Date de fin", "Tranche de coût", "Ville ou territoire"]:
        assert f"<dt>{term}</dt><dd>Information non précisée" in page, term
    assert "Non précisé" not in page
