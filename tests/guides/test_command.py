"""``manage.py build_guide_pdf``."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from .pdf import pdf_pages, reader

pytestmark = pytest.mark.django_db


def test_builds_a_guide_pdf_in_the_language_asked(guide_with_practices, tmp_path):
    output = tmp_path / "guide.pdf"
    out = StringIO()

    call_command("build_guide_pdf", "citizens", "--language", "fr", "-o", str(output), stdout=out)

    content = output.read_bytes()
    pages = pdf_pages(content)
    assert f"{output}" in out.getvalue() and f"{len(pages)} pages" in out.getvalue()
    assert reader(content).metadata.title == "Citoyens et police"
    assert pages[1][1] == "Avant-propos"


def test_builds_drafts_too_and_names_the_file_after_the_guide(
    guide_with_practices, tmp_path, monkeypatch
):
    guide_with_practices.status = "draft"
    guide_with_practices.save()
    monkeypatch.chdir(tmp_path)

    call_command("build_guide_pdf", "citizens", stdout=StringIO())

    assert (tmp_path / "citizens-en.pdf").read_bytes().startswith(b"%PDF-")


def test_unknown_guide_or_unwritable_file_is_a_clear_error(guide_with_practices, tmp_path):
    with pytest.raises(CommandError, match="There is no guide with the slug “nope”"):
        call_command("build_guide_pdf", "nope", stdout=StringIO())
    with pytest.raises(CommandError, match="Could not write"):
        call_command(
            "build_guide_pdf",
            "citizens",
            "-o",
            str(tmp_path / "missing" / "x.pdf"),
            stdout=StringIO(),
        )


def test_a_failed_build_leaves_no_broken_file(guide_with_practices, tmp_path):
    output = tmp_path / "guide.pdf"
    output.write_bytes(b"%PDF- the previous edition")

    def fail_halfway(*, target, **kwargs):
        target.write(b"%PDF-1.7 half a document")
        raise OSError("cannot load font")

    with (
        mock.patch(
            "guides.management.commands.build_guide_pdf.render_guide_pdf", side_effect=fail_halfway
        ),
        pytest.raises(CommandError, match="Could not build the PDF: cannot load font"),
    ):
        call_command("build_guide_pdf", "citizens", "-o", str(output), stdout=StringIO())

    # The earlier file is untouched and nothing else is left behind.
    assert output.read_bytes() == b"%PDF- the previous edition"
    assert [path.name for path in tmp_path.iterdir()] == ["guide.pdf"]
