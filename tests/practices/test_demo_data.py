"""The reference and demo data a fresh deployment starts from."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment, Criterion, OutcomeIndicator, RatingLevel
from partners.models import Organisation, Partnership
from practices.choices import PracticeStatus
from practices.demo.loader import DEMO_PASSWORD_DEFAULT, load_demo_practices
from practices.models import (
    Domain,
    InterventionPoint,
    Level,
    Practice,
    PracticeType,
    Recommendation,
    Reference,
    ReferenceFramework,
    TargetAudience,
    UsefulLink,
)
from tests.factories import PartnershipFactory, UsefulLinkFactory

pytestmark = pytest.mark.django_db

CITY_OF_LONDON = "community-policing-city-of-london"
CECOPS_PRACTICES = [
    "angels-of-bus-stops-bologna",
    "street-pastors-london",
    "ronde-italy",
    "metropolitan-police-voluntary-police-officers",
    "volunteer-citizens-national-police-france",
]
# The top of each scale is the label the Efus record of the City of London uses.
SEED_RATINGS = {
    "relevance": "Very relevant",
    "impact": "Positive impact",
    "efficacy": "Effective",
    "efficiency": "Efficient",
    "inclusiveness": "Very inclusive",
    "sustainability": "Sustainable",
}
VOCABULARIES = [Level, Domain, TargetAudience, PracticeType, InterventionPoint]
COUNTED = [
    *VOCABULARIES,
    Criterion,
    RatingLevel,
    ReferenceFramework,
    Recommendation,
    Practice,
    Organisation,
    Partnership,
    Assessment,
    OutcomeIndicator,
    Reference,
    UsefulLink,
    get_user_model(),
]


def load_demo_data():
    """Run load_demo_data as on a test server (DEBUG off, hence --force)."""
    out = StringIO()
    call_command("load_demo_data", "--force", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo_data(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return load_demo_data()


def test_loading_twice_gives_the_same_rows(demo_data):
    first = counts()
    city = Practice.objects.get(slug=CITY_OF_LONDON)

    load_demo_data()

    assert counts() == first
    city.refresh_from_db()
    assert city.version == 1, "an unchanged reload must not look like an edit"


def test_reload_restores_a_demo_practice_to_its_data(demo_data):
    city = Practice.objects.get(slug=CITY_OF_LONDON)
    city.title_en = "Edited"
    city.save()
    city.domains.clear()
    PartnershipFactory(practice=city)
    UsefulLinkFactory(practice=city, position=1)
    before_version = city.version

    load_demo_data()

    city.refresh_from_db()
    assert city.title_en == "Community policing in the City of London"
    assert city.version == before_version + 1
    assert set(city.domains.values_list("slug", flat=True)) == {
        "violent-extremism",
        "organised-crime",
    }
    assert city.partnerships.count() == 12
    assert city.links.count() == 2


def test_six_criteria_each_with_an_ordered_scale_topped_by_the_seed_label(demo_data):
    criteria = list(Criterion.objects.prefetch_related("levels"))

    assert [c.slug for c in criteria] == list(SEED_RATINGS)
    for criterion in criteria:
        levels = list(criterion.levels.all())
        assert [level.rank for level in levels] == list(range(1, len(levels) + 1))
        assert len(levels) >= 3
        assert levels[-1].label_en == SEED_RATINGS[criterion.slug]
        assert criterion.name_fr and criterion.definition_en and criterion.definition_fr
        assert all(level.label_fr for level in levels)


def test_impact_scale_can_say_negative_and_mixed(demo_data):
    labels = list(
        RatingLevel.objects.filter(criterion__slug="impact").values_list("label_en", flat=True)
    )

    assert labels == ["Negative impact", "No measurable impact", "Mixed impact", "Positive impact"]


def test_resolution_237_has_recommendations_7a_to_8b(demo_data):
    framework = ReferenceFramework.objects.get(slug="resolution-237-2007")
    recommendations = list(framework.recommendations.all())

    assert framework.year == 2007
    assert framework.issuer == "Congress of Local and Regional Authorities of the Council of Europe"
    assert [r.number for r in recommendations] == [
        *(f"7.{letter}" for letter in "abcdefghij"),
        "8.a",
        "8.b",
    ]
    assert recommendations[0].slug == "res237-7a"
    assert all(r.summary_en and r.summary_fr for r in recommendations)


def test_every_vocabulary_term_is_named_in_english_and_french(demo_data):
    for model in VOCABULARIES:
        terms = list(model.objects.all())
        assert terms, model.__name__
        assert all(term.name_en and term.name_fr for term in terms), model.__name__


def test_city_of_london_practice_is_complete(demo_data):
    city = Practice.objects.published().get(slug=CITY_OF_LONDON)

    assert city.featured
    assert city.title_fr == "Police de proximité dans la City de Londres"
    assert str(city.start_date) == "2014-01-01"
    assert city.cost_band == "" and city.cost_description_en == ""
    partnerships = city.partnerships.all()
    assert partnerships.count() == 12
    assert partnerships.filter(is_statutory=True).count() == 5
    assert list(partnerships.filter(is_lead=True).values_list("organisation__slug", flat=True)) == [
        "city-of-london-police"
    ]
    assert city.links.count() == 2
    assert city.references.get().url.endswith("About-community-policing.aspx")
    # Only the recommendations the record's words support (see practices.toml).
    assert sorted(city.recommendations.values_list("number", flat=True)) == [
        "7.b",
        "7.e",
        "8.b",
    ]


def test_french_pages_name_the_cities_in_french(demo_data, client):
    cards = client.get("/fr/practices/").content.decode()
    page = client.get(f"/fr/practices/{CITY_OF_LONDON}/").content.decode()

    assert '<span lang="fr">City de Londres</span>, Royaume-Uni' in cards
    assert '<span lang="fr">Londres</span>, Royaume-Uni' in cards
    assert '<span lang="fr">Bologne</span>, Italie' in cards
    assert "London, " not in cards and "Bologna, " not in cards
    assert '<span lang="fr">City de Londres</span>' in page.split("facts-heading")[2]
    english = client.get("/en/practices/").content.decode()
    assert '<span lang="en">Bologna</span>, Italy' in english


def test_french_wording_agrees_and_names_what_was_cited(demo_data, client):
    city = client.get(f"/fr/practices/{CITY_OF_LONDON}/").content.decode()
    met = Practice.objects.get(slug="metropolitan-police-voluntary-police-officers")

    assert "<dt>Calendrier</dt><dd>Long terme / permanent</dd>" in city
    assert "L’Efus a cité ce recrutement cette année-là" in met.summary_fr
    assert "l’a cité" not in met.summary_fr


def test_the_reference_gives_its_date_once(demo_data, client):
    reference = Reference.objects.get(practice__slug=CITY_OF_LONDON)

    page = client.get(f"/fr/practices/{CITY_OF_LONDON}/").content.decode()

    assert str(reference.date) == "2014-01-29"
    assert "2014" not in reference.citation
    assert f'<span lang="en">{reference.citation}</span> (29 janvier 2014)' in page


def test_the_demo_citations_are_marked_english(demo_data, client):
    assert set(Reference.objects.values_list("language", flat=True)) == {"en"}
    for slug in [CITY_OF_LONDON, *CECOPS_PRACTICES]:
        page = client.get(f"/fr/practices/{slug}/").content.decode()
        references = page.split('<ul class="references">')[1].split("</ul>")[0]
        assert '<span class="lang-note">En anglais</span>' in references, slug


def test_the_home_page_features_three_demo_practices(demo_data, client):
    featured = client.get("/en/").context["featured"]

    assert sorted(practice.slug for practice in featured) == [
        CITY_OF_LONDON,
        "street-pastors-london",
        "volunteer-citizens-national-police-france",
    ]


def test_city_of_london_staff_evaluation_matches_the_seed(demo_data):
    assessments = Assessment.objects.filter(
        practice__slug=CITY_OF_LONDON, source=AssessmentSource.STAFF
    ).select_related("criterion", "level")

    assert {a.criterion.slug: a.level.label_en for a in assessments} == SEED_RATINGS
    impact = assessments.get(criterion__slug="impact")
    # The record's qualitative text on impact is "n/a": nothing is made up for it.
    assert impact.text_en == "" and impact.text_fr == ""


@pytest.mark.parametrize("slug", CECOPS_PRACTICES)
def test_schemes_named_by_cecops_are_published_but_not_evaluated(demo_data, slug):
    practice = Practice.objects.get(slug=slug)

    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    assert practice.summary_en and practice.summary_fr
    assert not practice.assessments.exists()
    assert practice.evidence_level == ""
    assert practice.start_date is None
    assert practice.references.count() == 1


def test_the_demo_login_is_printed_and_works(demo_data, client):
    assert "Demo staff login: http://127.0.0.1:8000/en/admin/" in demo_data
    assert f"user «demo», password «{DEMO_PASSWORD_DEFAULT}»" in demo_data
    user = get_user_model().objects.get(username="demo")
    assert user.is_staff and user.is_superuser

    assert client.login(username="demo", password=DEMO_PASSWORD_DEFAULT)
    assert client.get("/en/admin/").status_code == 200


def test_the_demo_password_comes_from_the_environment(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-secret")

    output = load_demo_data()

    assert "password «another-demo-secret»" in output
    assert client.login(username="demo", password="another-demo-secret")


def test_reference_data_alone_loads_no_practice():
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert "6 criteria" in out.getvalue()
    assert Criterion.objects.count() == 6
    assert not Practice.objects.exists()
    assert not get_user_model().objects.exists()


def load_reference_data(*args):
    out = StringIO()
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


def test_reference_data_edited_by_staff_survives_a_reload_and_the_demo_data():
    load_reference_data()
    domain = Domain.objects.get(slug="night-time-economy")
    domain.name_en, domain.name_fr, domain.position = "Nightlife", "Nuit", 99
    domain.save()
    level = RatingLevel.objects.get(criterion__slug="impact", slug="positive-impact")
    level.label_fr = "Effet positif"
    level.save()
    criterion = Criterion.objects.get(slug="relevance")
    criterion.definition_en = "Edited by staff."
    criterion.save()
    recommendation = Recommendation.objects.get(slug="res237-7b")
    recommendation.summary_en = "Partnerships (edited)."
    recommendation.save()

    output = load_reference_data()
    load_demo_data()

    assert "0 missing rows created, the others left as they were." in output
    domain.refresh_from_db()
    assert (domain.name_en, domain.name_fr, domain.position) == ("Nightlife", "Nuit", 99)
    level.refresh_from_db()
    assert level.label_fr == "Effet positif"
    criterion.refresh_from_db()
    assert criterion.definition_en == "Edited by staff."
    recommendation.refresh_from_db()
    assert recommendation.summary_en == "Partnerships (edited)."


def test_reference_data_reload_creates_what_is_missing_only():
    load_reference_data()
    Domain.objects.get(slug="drugs").delete()
    scale = RatingLevel.objects.filter(criterion__slug="impact")
    scale.get(slug="mixed-impact").delete()
    # Staff renumbered the scale; its order is theirs to keep.
    for level in scale.order_by("-rank"):
        level.rank *= 10
        level.save()

    output = load_reference_data()

    assert "2 missing rows created" in output
    assert Domain.objects.get(slug="drugs").name_fr == "Drogues et addictions"
    # The missing level goes back just above the one the file lists before it.
    assert list(scale.order_by("rank").values_list("slug", flat=True)) == [
        "negative-impact",
        "no-measurable-impact",
        "mixed-impact",
        "positive-impact",
    ]


def test_reference_data_update_resets_to_the_file():
    load_reference_data()
    Domain.objects.filter(slug="night-time-economy").update(name_en="Nightlife", position=99)

    output = load_reference_data("--update")

    assert "0 missing rows created, the others updated to match the file." in output
    domain = Domain.objects.get(slug="night-time-economy")
    assert (domain.name_en, domain.position) == ("Night-time economy", 4)


def test_a_mistake_in_the_data_stops_the_load_and_stores_nothing(tmp_path):
    call_command("load_reference_data", stdout=StringIO())
    data = tmp_path / "practices.toml"
    data.write_text(
        'organisations = []\n[[practices]]\nslug = "typo"\noriginal_language = "en"\n'
        'country = "GB"\ntitle_en = "Typo"\ndomains = ["no-such-domain"]\n',
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match="no-such-domain"):
        load_demo_practices(path=data)

    assert not Practice.objects.exists()


# --- Sample submissions ------------------------------------------------------------------

SAMPLES = {
    "sample-night-wardens-vallombre": PracticeStatus.SUBMITTED,
    "sample-mediation-transport-sint-aldric": PracticeStatus.IN_REVIEW,
    "sample-youth-football-borgo-fittizio": PracticeStatus.CHANGES_REQUESTED,
}


def test_samples_wait_in_three_review_states_clearly_marked_as_fictional(demo_data):
    samples = Practice.objects.filter(slug__startswith="sample-")

    assert {p.slug: p.status for p in samples} == SAMPLES
    for practice in samples:
        assert practice.title_en.startswith("Sample: ")
        assert not practice.is_published and practice.published_at is None
        summary = practice.summary_en or practice.summary_fr
        assert "Fictional sample" in summary or "Exemple fictif" in summary
        assert practice.contact_email.endswith("@example.org")
        last = practice.events.exclude(action="created").last()
        assert last.to_status == practice.status
        assert practice.versions.filter(kind="submission").exists()
    assert not Practice.objects.published().filter(slug__startswith="sample-").exists()


def test_demo_staff_receive_the_workflows_e_mails(
    demo_data, django_capture_on_commit_callbacks, mailoutbox
):
    from practices import services

    staff = get_user_model().objects.filter(username__startswith="demo")
    assert sorted(staff.values_list("email", flat=True)) == [
        "demo-editor@example.org",
        "demo-reviewer@example.org",
        "demo@example.org",
    ]
    sample = Practice.objects.get(slug="sample-youth-football-borgo-fittizio")
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_submit(practice=sample, contact_language="en")

    assert [m.to for m in mailoutbox if "Resubmitted" in m.subject] == [
        ["demo-reviewer@example.org"]
    ]


def test_demo_reviewer_and_editor_logins_are_printed_and_work(demo_data, client):
    from practices.models import AccessLink

    for username, group in [("demo-reviewer", "Reviewer"), ("demo-editor", "Editor")]:
        assert f"user «{username}», password «{DEMO_PASSWORD_DEFAULT}»" in demo_data
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
    assert client.login(username="demo-reviewer", password=DEMO_PASSWORD_DEFAULT)
    queue = client.get("/en/review/").content.decode()
    assert "Sample: youth and police football league in Borgo Fittizio" in queue

    link = demo_data.split("awaiting changes: ")[1].split()[0]
    path = link.removeprefix("http://127.0.0.1:8000")
    browser = type(client)()
    assert browser.get(path).status_code == 302
    sample = Practice.objects.get(slug="sample-youth-football-borgo-fittizio")
    page = browser.get(f"/en/submit/{sample.pk}/").content.decode()
    assert "Please say how many young people took part" in page
    assert AccessLink.objects.filter(practice=sample, revoked_at__isnull=True).count() == 1


def test_demo_practices_have_their_publication_on_record(demo_data):
    city = Practice.objects.get(slug=CITY_OF_LONDON)

    event = city.events.get()
    assert (event.action, event.to_status) == ("published", PracticeStatus.PUBLISHED)
    assert city.versions.get().kind == "publication"


def test_reloading_puts_the_samples_back_and_records_nothing_twice(demo_data, editor):
    from practices import services
    from practices.models import PracticeEvent, PracticeVersion

    def counts():
        return (
            PracticeEvent.objects.count(),
            PracticeVersion.objects.count(),
            Assessment.objects.count(),
        )

    before = counts()
    sample = Practice.objects.get(slug="sample-mediation-transport-sint-aldric")
    # An editor assesses the sample on every criterion, as publishing needs, and publishes.
    sample = services.practice_set_assessments(
        practice=sample,
        by=editor,
        expected_version=sample.version,
        source=AssessmentSource.STAFF,
        ratings=[
            services.Rating(criterion=criterion, level=criterion.levels.last(), texts={})
            for criterion in Criterion.objects.all()
        ],
    )
    services.practice_publish(practice=sample, by=editor)

    load_demo_data()

    sample.refresh_from_db()
    assert sample.status == PracticeStatus.IN_REVIEW and sample.published_at is None
    assert counts() == before


def test_demo_practices_are_searchable_in_both_languages(demo_data, client):
    def found(query):
        response = client.get("/fr/practices/", {"q": query})
        return sorted(practice.slug for practice in response.context["practices"])

    volunteers = [
        "metropolitan-police-voluntary-police-officers",
        "ronde-italy",
        "volunteer-citizens-national-police-france",
    ]
    assert found("benevoles") == volunteers
    assert found("proximite") == [CITY_OF_LONDON]
    # A criterion text of the staff evaluation: "…a safe place to work, live…"
    assert found('"safe place"') == [CITY_OF_LONDON]


def test_the_demo_data_is_refused_where_debug_is_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo_data", stdout=StringIO())

    assert not get_user_model().objects.exists()
    assert not Practice.objects.exists()


def test_the_demo_data_loads_without_force_in_development(settings, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = True

    call_command("load_demo_data", stdout=StringIO())

    assert get_user_model().objects.filter(username="demo").exists()
