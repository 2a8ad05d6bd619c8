"""Snapshots of a practice's content, and what changed between two of them.

A snapshot (``PracticeVersion.content``) is plain JSON: texts in both languages, facts,
vocabulary terms and partner names in both languages, partners, assessments,
references, links and the names of attached reports. It is kept at each submission
and publication, so staff can see what changed since the last version even after the
vocabularies or organisations are renamed.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from evaluations.choices import AssessmentSource, EvidenceLevel
from partners.choices import OrganisationKind

from .choices import CostBand, Language, Timeline
from .i18n import LANGUAGE_CODES
from .models import Practice
from .translation import PRACTICE_TEXT_FIELDS

# Texts are compared word by word; a text of more words than this (on either side) is
# compared paragraph by paragraph, and one of more paragraphs too is shown replaced as a
# whole: SequenceMatcher's work grows with the product of the two lengths, and the
# review page computes every diff at each load.
DIFF_MAX_TOKENS = 10_000
# From the finest to the coarsest: words with the spaces before them (and the spaces
# after the last word), then lines.
DIFF_TOKENS = [re.compile(r"\s*\S+|\s+"), re.compile(r"[^\n]*\n|[^\n]+")]
TEXT_FIELDS = list(PRACTICE_TEXT_FIELDS)
CHOICE_FIELDS = {
    "original_language": Language,
    "timeline": Timeline,
    "cost_band": CostBand,
    "evidence_level": EvidenceLevel,
}
FACT_FIELDS = [
    "original_language",
    "country",
    "start_date",
    "end_date",
    "ongoing",
    "timeline",
    "cost_band",
    "evidence_level",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_organisation",
]
VOCABULARY_FIELDS = Practice.CLASSIFICATIONS


def _in_each_language(obj):
    """``str(obj)`` in every language, e.g. ``{"en": "Youth", "fr": "Jeunes"}``."""
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            names[code] = str(obj)
    return names


def _texts(obj, field):
    return {f"{field}_{code}": getattr(obj, f"{field}_{code}") or "" for code in LANGUAGE_CODES}


def _assessments(assessments):
    return {
        a.criterion.slug: {
            "criterion": _in_each_language(a.criterion),
            "level": _in_each_language(a.level) if a.level else None,
            **_texts(a, "text"),
        }
        for a in assessments
    }


def practice_snapshot(practice, *, with_staff_assessment=False):
    """The content of ``practice`` as JSON-ready data, read fresh from the database."""
    practice = Practice.objects.prefetch_related(
        *VOCABULARY_FIELDS,
        "partnerships__organisation",
        "assessments__criterion",
        "assessments__level",
        "references",
        "links",
        "attachments",
    ).get(pk=practice.pk)
    content = {}
    for field in TEXT_FIELDS:
        content.update(_texts(practice, field))
    for field in FACT_FIELDS:
        value = getattr(practice, field)
        content[field] = value if isinstance(value, bool) else str(value or "")
    for field in VOCABULARY_FIELDS:
        content[field] = [_in_each_language(term) for term in getattr(practice, field).all()]
    content["partnerships"] = [
        {
            "organisation": _in_each_language(p.organisation),
            "kind": p.organisation.kind,
            **_texts(p, "role"),
            "is_lead": p.is_lead,
            "is_statutory": p.is_statutory,
        }
        for p in practice.partnerships.all()
    ]
    assessments = list(practice.assessments.all())
    content["self_assessment"] = _assessments(
        a for a in assessments if a.source == AssessmentSource.SELF
    )
    if with_staff_assessment:
        content["staff_assessment"] = _assessments(
            a for a in assessments if a.source == AssessmentSource.STAFF
        )
    content["references"] = [
        {"citation": r.citation, "language": r.language, "url": r.url, "date": str(r.date or "")}
        for r in practice.references.all()
    ]
    content["links"] = [{"url": link.url, **_texts(link, "label")} for link in practice.links.all()]
    content["attachments"] = [a.original_name for a in practice.attachments.all()]
    return content


# --- Showing and comparing snapshots -----------------------------------------------


@dataclass(frozen=True)
class Change:
    """One part of the record that differs between two versions."""

    label: str
    old: str
    new: str

    @property
    def diff(self):
        """The new text with deleted words in ``<del>`` and added ones in ``<ins>``."""
        old, new = _tokens(self.old, self.new)
        parts = []
        # autojunk: tokens frequent in a long text ("the", "de") do not anchor a match,
        # which keeps long texts fast; a match still extends over them.
        matcher = difflib.SequenceMatcher(a=old, b=new)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            removed, added = "".join(old[a1:a2]), "".join(new[b1:b2])
            if op == "equal":
                parts.append(escape(added))
                continue
            # The space before a replaced word is no part of the change.
            space = re.match(r"\s*", removed).group()
            if op == "replace" and added.startswith(space):
                parts.append(escape(space))
                removed, added = removed[len(space) :], added[len(space) :]
            if removed:
                parts.append(f"<del>{escape(removed)}</del>")
            if added:
                parts.append(f"<ins>{escape(added)}</ins>")
        # Every piece is escaped above.
        return mark_safe("".join(parts))


def _tokens(old, new):
    """``old`` and ``new`` split into the finest tokens that keep both within
    ``DIFF_MAX_TOKENS``; each text whole if none does."""
    for pattern in DIFF_TOKENS:
        old_tokens, new_tokens = pattern.findall(old), pattern.findall(new)
        if max(len(old_tokens), len(new_tokens)) <= DIFF_MAX_TOKENS:
            return old_tokens, new_tokens
    return [old], [new]


def _pick(names, language):
    return names.get(language) or next((name for name in names.values() if name), "")


def _label(name):
    return str(Practice._meta.get_field(name).verbose_name).capitalize()


def _yes_no(value):
    return str(_("yes") if value else _("no"))


def _fact(field, value):
    if field in CHOICE_FIELDS and value:
        return str(CHOICE_FIELDS[field](value).label)
    if field == "country" and value:
        return str(countries.name(value))
    if isinstance(value, bool):
        return _yes_no(value)
    return value


def _language(reference):
    """The cited document's language, as "(English)"; snapshots taken before references
    had one have none."""
    code = reference.get("language")
    return f"({Language(code).label})" if code else ""


def _assessment_lines(assessments, language):
    lines = {}
    for data in assessments.values():
        level = _pick(data["level"], language) if data["level"] else str(_("not rated"))
        text = data.get(f"text_{language}") or ""
        lines[_pick(data["criterion"], language)] = f"{level}\n{text}".strip()
    return lines


def _partner_line(partner, language):
    flags = [
        str(label)
        for flag, label in [("is_lead", _("lead")), ("is_statutory", _("statutory"))]
        if partner[flag]
    ]
    kind = OrganisationKind(partner["kind"]).label if partner["kind"] else ""
    role = partner.get(f"role_{language}") or ""
    line = f"{_pick(partner['organisation'], language)} ({kind})"
    if flags:
        line += " [" + ", ".join(flags) + "]"
    return f"{line}: {role}" if role else line


def describe(content):
    """``{key: (label, text)}`` for every part of a snapshot, in the active language."""
    language = get_language()
    rows = {}
    for field in TEXT_FIELDS:
        for code in LANGUAGE_CODES:
            label = f"{_label(field)} ({Language(code).label})"
            rows[f"{field}_{code}"] = (label, content.get(f"{field}_{code}", ""))
    for field in FACT_FIELDS:
        rows[field] = (_label(field), _fact(field, content.get(field, "")))
    for field in VOCABULARY_FIELDS:
        terms = [_pick(term, language) for term in content.get(field, [])]
        rows[field] = (_label(field), ", ".join(terms))
    rows["partnerships"] = (
        str(_("Partners")),
        "\n".join(_partner_line(p, language) for p in content.get("partnerships", [])),
    )
    for key, heading in [
        ("self_assessment", _("Self-assessment")),
        ("staff_assessment", _("Staff assessment")),
    ]:
        for criterion, text in _assessment_lines(content.get(key, {}), language).items():
            rows[f"{key}:{criterion}"] = (f"{heading}: {criterion}", text)
    rows["references"] = (
        str(_("References")),
        "\n".join(
            " ".join(part for part in (r["citation"], _language(r), r["date"], r["url"]) if part)
            for r in content.get("references", [])
        ),
    )
    rows["links"] = (
        str(_("Useful links")),
        "\n".join(
            " ".join(part for part in (link.get(f"label_{language}", ""), link["url"]) if part)
            for link in content.get("links", [])
        ),
    )
    rows["attachments"] = (str(_("Evaluation reports")), "\n".join(content.get("attachments", [])))
    return rows


def version_changes(old, new):
    """The parts of the record that differ between snapshots ``old`` and ``new``."""
    before, after = describe(old), describe(new)
    changes = []
    for key in dict.fromkeys([*before, *after]):
        label, old_text = before.get(key, (after.get(key, ("", ""))[0], ""))
        new_text = after.get(key, (label, ""))[1]
        if old_text != new_text:
            changes.append(Change(label, old_text, new_text))
    return changes
