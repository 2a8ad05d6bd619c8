"""How to cite a practice, citation downloads and the schema.org description."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from practices.choices import VersionKind
from practices.models import Practice, PracticeVersion
from tests.factories import DomainFactory, PracticeFactory

pytestmark = pytest.mark.django_db

# The day the latest published version was published; the record was saved since
# (e.g. an internal note), which readers are not told about.
UPDATED = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC)
SAVED = datetime.datetime(2026, 4, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def practice():
    practice = PracticeFactory(
        slug="street-pastors",
        title_en="Street Pastors & {friends} in 100% of #London_pubs",
        title_fr="Les Street Pastors à Londres",
        summary_en="Church volunteers help people\non nights out.",
        city_en="London",
        # Raised by every save, from the first draft on: not a version readers know.
        version=9,
        published_at=datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC),
        start_date=datetime.date(2014, 1, 1),
    )
    practice.domains.set([DomainFactory(name_en="Night-time economy", name_fr="Vie nocturne")])
    # Submitted, published, resubmitted, published again, and a snapshot of the
    # resubmission of changes still in review: 3 is the latest published version.
    kinds = [VersionKind.SUBMISSION, VersionKind.PUBLICATION, VersionKind.RESUBMISSION]
    kinds += [VersionKind.PUBLICATION, VersionKind.PUBLICATION, VersionKind.RESUBMISSION]
    for number, kind in enumerate(kinds, start=1):
        PracticeVersion.objects.create(practice=practice, number=number, kind=kind, content={})
    PracticeVersion.objects.filter(practice=practice).update(created_at=UPDATED)
    PracticeVersion.objects.filter(practice=practice, number=6).update(created_at=SAVED)
    Practice.objects.filter(pk=practice.pk).update(updated_at=SAVED)
    return practice


def download(client, extension, language="en"):
    with_language = (
        f"/{language}"
        + reverse(
            "practices:practice_citation", kwargs={"slug": "street-pastors", "extension": extension}
        )[3:]
    )
    return client.get(with_language)


def test_how_to_cite_names_version_date_and_address(client, practice):
    page = client.get(practice.get_absolute_url()).content.decode()

    assert "How to cite" in page
    assert (
        "European Forum for Urban Security (12 March 2026). Street Pastors &amp; {friends} in "
        "100% of #London_pubs (version 3) [Good practice record]. Efus good-practice "
        "repository. http://testserver/en/practices/street-pastors/ (consulted on"
    ) in page
    for extension in ["ris", "bib", "json"]:
        assert f'href="/en/practices/street-pastors/cite.{extension}"' in page
    # The version and date the page itself states.
    assert "Last updated on 12 March 2026" in page
    assert "3 published versions" in page


def test_without_a_recorded_publication_no_version_is_cited(client, practice):
    PracticeVersion.objects.filter(practice=practice).delete()

    page = client.get(practice.get_absolute_url()).content.decode()

    assert (
        "European Forum for Urban Security (20 April 2026). Street Pastors &amp; {friends} "
        "in 100% of #London_pubs [Good practice record]. Efus good-practice repository."
    ) in page
    assert "ET  - " not in download(client, "ris").content.decode()
    bibtex = download(client, "bib").content.decode()
    assert "version" not in bibtex
    assert "  note = {Good practice record, last updated on 2026-04-20}," in bibtex
    assert "version" not in json.loads(download(client, "json").content)[0]


def test_how_to_cite_in_french(client, practice):
    page = client.get("/fr/practices/street-pastors/").content.decode()

    assert "Comment citer" in page
    assert (
        "Forum européen pour la sécurité urbaine (12 mars 2026). Les Street Pastors à Londres "
        "(version 3) [Fiche de bonne pratique]. Répertoire de bonnes pratiques de l’Efus. "
        "http://testserver/fr/practices/street-pastors/"
    ) in page


def test_ris(client, practice):
    response = download(client, "ris")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="efus-street-pastors.ris"'
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ELEC"
    assert lines[-2:] == ["ER  - ", ""]
    assert "AU  - European Forum for Urban Security" in lines
    assert "TI  - Street Pastors & {friends} in 100% of #London_pubs" in lines
    assert "T2  - Efus good-practice repository" in lines
    assert "ET  - version 3" in lines
    assert "DA  - 2026/03/12" in lines
    assert "PY  - 2026" in lines
    assert "UR  - http://testserver/en/practices/street-pastors/" in lines
    assert "KW  - Night-time economy" in lines
    assert "LA  - en" in lines
    assert "AB  - Church volunteers help people on nights out." in lines
    # Every line is one tag: line breaks inside values are flattened.
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])


def test_bibtex(client, practice):
    response = download(client, "bib")

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="efus-street-pastors.bib"'
    text = response.content.decode()
    assert text.startswith("@misc{efus-street-pastors,\n")
    assert text.endswith("\n}\n")
    assert "  author = {{European Forum for Urban Security}}," in text
    # LaTeX's special characters are escaped, so the entry compiles.
    assert r"  title = {{Street Pastors \& \{friends\} in 100\% of \#London\_pubs}}," in text
    assert "  year = {2026}," in text
    assert "  version = {3}," in text
    assert "  note = {Good practice record, version 3, last updated on 2026-03-12}," in text
    assert "  url = {http://testserver/en/practices/street-pastors/}," in text
    unescaped = text.replace(r"\{", "").replace(r"\}", "")
    assert unescaped.count("{") == unescaped.count("}")


def test_csl_json(client, practice):
    response = download(client, "json", language="fr")

    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert response["Content-Disposition"] == 'attachment; filename="efus-street-pastors.json"'
    [item] = json.loads(response.content)
    assert item["id"] == "efus-street-pastors"
    assert item["type"] == "webpage"
    assert item["title"] == "Les Street Pastors à Londres"
    assert item["author"] == [{"literal": "Forum européen pour la sécurité urbaine"}]
    assert item["version"] == "3"
    assert item["issued"] == {"date-parts": [[2026, 3, 12]]}
    assert item["URL"] == "http://testserver/fr/practices/street-pastors/"
    assert item["language"] == "fr"
    assert item["keyword"] == "Vie nocturne"


def test_unknown_format_or_unpublished_practice_gives_404(client, practice):
    assert download(client, "docx").status_code == 404
    PracticeFactory(slug="draft", draft=True)
    url = reverse("practices:practice_citation", kwargs={"slug": "draft", "extension": "ris"})
    assert client.get(url).status_code == 404


def test_json_ld_describes_the_practice_and_cannot_break_out(client, practice):
    Practice.objects.filter(pk=practice.pk).update(title_en="</script><script>alert('x')</script>")

    page = client.get(practice.get_absolute_url()).content.decode()

    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(raw)
    assert "<script>alert" not in page
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "</script><script>alert('x')</script>"
    assert data["url"] == "http://testserver/en/practices/street-pastors/"
    assert data["inLanguage"] == "en"
    assert data["version"] == "3"
    assert data["dateModified"].startswith("2026-03-12")
    assert data["datePublished"].startswith("2025-01-02")
    assert data["publisher"]["name"] == "European Forum for Urban Security"
    assert data["spatialCoverage"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "GB",
        "addressLocality": "London",
    }
    assert data["temporalCoverage"] == "2014-01-01/.."
    assert data["keywords"] == ["Night-time economy"]
    assert "jane.officer" not in raw


def test_a_citation_download_takes_two_queries(client, practice, django_assert_num_queries):
    # The practice, then its domains (the keywords), however many it has.
    practice.domains.add(DomainFactory(), DomainFactory())

    with django_assert_num_queries(2):
        assert download(client, "ris").status_code == 200
