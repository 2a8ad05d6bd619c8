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
