import pytest

from tests.factories import PracticeFactory

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


def test_the_x_default_address_sends_visitors_to_their_language(client):
    response = client.get("/practices/?q=police", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/?q=police"
