import datetime
import re

import pytest
from django.conf import settings

from practices.choices import EventAction, PracticeStatus
from practices.models import Practice, PracticeEvent
from tests.factories import PracticeFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def test_french_pages_are_in_french(client):
    practice = PracticeFactory(title_fr="Police de proximité")

    home = client.get("/fr/").content.decode()
    catalogue = client.get("/fr/practices/").content.decode()
    detail = client.get(f"/fr/practices/{practice.slug}/").content.decode()

    assert '<html lang="fr">' in home
    assert "Parcourir les pratiques" in home
    assert "Filtrer les pratiques" in catalogue
    assert "1 pratique trouvée" in catalogue
    assert "L’essentiel" in detail
    assert "Police de proximité" in detail
    assert "Royaume-Uni" in detail  # country names come translated


def test_english_pages_are_in_english(client):
    home = client.get("/en/").content.decode()

    assert '<html lang="en">' in home
    assert "Browse practices" in home


@pytest.mark.parametrize(
    "path",
    [
        "/{lang}/",
        "/{lang}/practices/?q=police&country=GB",
        "/{lang}/practices/street-pastors/",
        "/{lang}/compare/?p=street-pastors",
        "/{lang}/submit/",
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_links_its_other_language_versions(client, path, lang):
    PracticeFactory(slug="street-pastors")

    page = client.get(path.format(lang=lang)).content.decode()

    for code in ["en", "fr"]:
        expected = "http://testserver" + path.format(lang=code).replace("&", "&amp;")
        assert f'<link rel="alternate" hreflang="{code}" href="{expected}">' in page
    x_default = "http://testserver" + path.format(lang="").removeprefix("/").replace("&", "&amp;")
    assert f'<link rel="alternate" hreflang="x-default" href="{x_default}">' in page


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/en/nonexistent/page/", "/fr/nonexistent/page/"),
        ("/fr/nulle-part/?q=a", "/en/nulle-part/?q=a"),
    ],
)
def test_the_switcher_on_a_page_not_found_leads_to_the_other_language(client, path, other):
    response = client.get(path)

    assert response.status_code == 404
    code = other[1:3]
    page = response.content.decode()
    assert f'<a href="{other}" hreflang="{code}" lang="{code}">' in page
    assert f'hreflang="{code}" href="http://testserver{other}"' in page


def test_the_x_default_address_sends_visitors_to_their_language(client):
    response = client.get("/practices/?q=police", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/?q=police"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["1 January 2014", "15 March 2016", "(1 March 2015)", "on 1 December 2026"]),
        ("fr", ["1er janvier 2014", "15 mars 2016", "(1er mars 2015)", "le 1er décembre 2026"]),
    ],
)
def test_full_dates_are_british_in_english_and_say_1er_in_french(client, lang, expected):
    practice = PracticeFactory(
        start_date=datetime.date(2014, 1, 1), end_date=datetime.date(2016, 3, 15)
    )
    ReferenceFactory(practice=practice, date=datetime.date(2015, 3, 1))
    Practice.objects.filter(pk=practice.pk).update(
        updated_at=datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
    )

    page = client.get(f"/{lang}/practices/{practice.slug}/").content.decode()

    for text in expected:
        assert text in page
    assert "1 janvier" not in page and "Jan." not in page


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", "1 Dec 2026, 11:30"), ("fr", "1er décembre 2026 11:30")]
)
def test_dates_and_times_on_the_review_page(client, reviewer, lang, shown):
    practice = PracticeFactory(status=PracticeStatus.SUBMITTED, published_at=None)
    event = PracticeEvent.objects.create(
        practice=practice,
        action=EventAction.SUBMITTED,
        from_status=PracticeStatus.DRAFT,
        to_status=PracticeStatus.SUBMITTED,
        actor_label="Anne",
    )
    # 10:30 UTC is 11:30 in Paris, the site's time zone.
    when = datetime.datetime(2026, 12, 1, 10, 30, tzinfo=datetime.UTC)
    PracticeEvent.objects.filter(pk=event.pk).update(created_at=when)
    client.force_login(reviewer)

    page = client.get(f"/{lang}/review/{practice.pk}/").content.decode()

    assert f'<td><time datetime="2026-12-01T11:30:00+01:00">{shown}</time></td>' in page


def _french_translations():
    """Every msgstr of the French catalogue, its continuation lines joined."""
    catalogue = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    translations, current = [], None
    for line in catalogue.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.partition('"')[2].removesuffix('"')]
            translations.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            current = None
    return ["".join(parts) for parts in translations]


def test_french_punctuation_is_kept_with_its_word_by_a_non_breaking_space():
    # French puts a space before : ; ? ! » and after «; an ordinary one lets a line
    # break leave the mark alone at the start of the next line.
    loose = [text for text in _french_translations() if re.search(r" [:;?!»]|« ", text)]

    assert loose == []
