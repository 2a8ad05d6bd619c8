"""WeasyPrint reads the site's static files and nothing else."""

import logging

import pytest
from django.utils import translation
from weasyprint.urls import FatalURLFetchingError

from guides.pdf import StaticFilesFetcher, page_counter_content, render_pdf

# The test settings' SITE_URL, on which documents are rendered.
BASE_URL = "http://testserver/"


@pytest.fixture
def fetcher():
    return StaticFilesFetcher()


def test_serves_the_print_stylesheet_from_disk(fetcher):
    response = fetcher.fetch(f"{BASE_URL}static/css/print.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/urandom",
        "http://example.org/static/css/print.css",
        "http://testserver.example.org/static/css/print.css",
        "http://testserver:8080/static/css/print.css",
        "https://testserver/static/css/print.css",
        f"{BASE_URL}static/",
        f"{BASE_URL}media/evaluation-report.pdf",
        f"{BASE_URL}static/../config/settings/base.py",
        f"{BASE_URL}static/%2e%2e/config/settings/base.py",
        f"{BASE_URL}static/css/print.css?x=1",
        "data:text/css,body{}",
        "ftp://example.org/file",
    ],
)
def test_refuses_everything_else(fetcher, url):
    with pytest.raises(ValueError, match="Only the site's static files"):
        fetcher.fetch(url)


def test_a_missing_static_file_stops_the_build(fetcher):
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(f"{BASE_URL}static/css/no-such-file.css")


@pytest.mark.django_db
def test_a_document_pointing_elsewhere_renders_without_it(tmp_path, settings, caplog):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red; }")
    (tmp_path / "probe.html").write_text(
        f'<html><head><link rel="stylesheet" href="file://{secret}"></head>'
        '<body><img src="http://example.org/tracker.png"><p>Hello</p></body></html>'
    )

    with caplog.at_level(logging.WARNING):
        rendered = render_pdf(template_name="probe.html", context={})

    assert rendered.pages == 1
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 2


def test_page_numbers_follow_the_language():
    with translation.override("fr"):
        french = page_counter_content()
    english = page_counter_content()

    assert english == '"Page " counter(page) " of " counter(pages)'
    assert french == '"Page " counter(page) " sur " counter(pages)'
