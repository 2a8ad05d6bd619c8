"""Load the reference data and the demo practices from the TOML files in ``data/``.

Every loader is idempotent: rows are matched on their slug or natural key, and
running a loader twice leaves the database as running it once does.

The reference data (criteria and their scales, vocabularies, reference frameworks)
belongs to staff once it is loaded: they curate it in the admin. By default its
loader only creates the rows that are missing, and leaves the names, labels,
definitions, positions and ranks of existing rows as they are; ``update=True``
(``load_reference_data --update``) makes them match the file again. Reference rows
are never deleted: staff may have added their own, and practices may use them.

The demo content (practices, guide, sample submissions) is always reset to the
files: rows are updated, many-to-many sets replaced, and the child rows of a demo
practice (partnerships, assessments, outcome indicators, references, links) made to
match the file exactly.

Each row is validated with ``full_clean()`` before it is saved, so a mistake in a
data file stops the load with a clear error instead of storing junk.
"""

import datetime
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from evaluations.choices import AssessmentSource, EvidenceLevel, OutcomeDirection
from evaluations.models import Assessment, Criterion, OutcomeIndicator, RatingLevel
from guides.choices import GuideStatus
from guides.models import Chapter, ChapterPractice, Guide
from partners.choices import OrganisationKind
from partners.models import Organisation, Partnership
from submissions.models import InternalNote, Message

from ..choices import CostBand, EventAction, Language, PracticeStatus, Timeline, VersionKind
from ..models import (
    Domain,
    InterventionPoint,
    Level,
    Practice,
    PracticeEvent,
    PracticeType,
    PracticeVersion,
    Recommendation,
    Reference,
    ReferenceFramework,
    TargetAudience,
    UsefulLink,
)
from ..roles import EDITOR, REVIEWER, roles_sync
from ..services import (
    access_link_issue,
    practice_facets_update_many,
    practice_search_index_update_many,
)
from ..translation import PRACTICE_TEXT_FIELDS
from ..versions import practice_snapshot
from ..workflow import TRANSITIONS

__all__ = [
    "DEMO_PASSWORD_DEFAULT",
    "DEMO_ROLE_ACCOUNTS",
    "DEMO_USERNAME",
    "demo_role_accounts_ensure",
    "demo_staff_ensure",
    "load_demo_guides",
    "load_demo_practices",
    "load_demo_samples",
    "load_reference_data",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_FILE = DATA_DIR / "reference.toml"
PRACTICES_FILE = DATA_DIR / "practices.toml"
GUIDES_FILE = DATA_DIR / "guides.toml"
SAMPLES_FILE = DATA_DIR / "samples.toml"

DEMO_USERNAME = "demo"
# Documented in the README and printed by load_demo_data; override with DEMO_PASSWORD.
DEMO_PASSWORD_DEFAULT = "efus-demo-2026"
# Staff accounts with one role each, to try the review workflow as a reviewer and as an
# editor; same password as the demo account.
DEMO_ROLE_ACCOUNTS = {"demo-reviewer": REVIEWER, "demo-editor": EDITOR}
# Who the history of the demo data says acted, where no account did.
DEMO_DATA_LABEL = "Efus (demo data)"

# The [vocabularies] table's keys, and the practice fields that use them.
VOCABULARIES = {
    "levels": Level,
    "domains": Domain,
    "target_audiences": TargetAudience,
    "types": PracticeType,
    "intervention_points": InterventionPoint,
}


@dataclass(frozen=True)
class ReferenceSummary:
    """What the file holds, and how many rows the load created."""

    criteria: int
    rating_levels: int
    terms: int
    frameworks: int
    recommendations: int
    created: int


@dataclass(frozen=True)
class GuideSummary:
    guides: int
    chapters: int
    slugs: list[str]


@dataclass(frozen=True)
class DemoSummary:
    practices: int
    organisations: int
    partnerships: int
    assessments: int


@dataclass(frozen=True)
class SampleSummary:
    samples: int
    # A private link to the sample waiting for the submitter's changes, so the
    # submitter's side can be tried too (the samples' e-mail addresses are fictional).
    submitter_token: str
    submitter_sample: Practice


def _read(path):
    with path.open("rb") as f:
        return tomllib.load(f)


def _upsert(model, lookup, values, *, update=True):
    """Create or update the ``model`` row matching ``lookup``; return ``(obj, changed)``.

    Unlike ``update_or_create``, this validates the row and saves only when a
    value actually differs, so a reload does not touch ``auto_now`` timestamps.
    With ``update=False`` an existing row is returned as it is.
    """
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if not (created or update):
        return obj, False
    if created:
        obj = model(**lookup)
    changed = created
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.many_to_one:
            # Compare keys: the related object may not be set yet on a new row.
            current, wanted = getattr(obj, field.attname), value and value.pk
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj, changed


def _choice(enum, value):
    """``value`` as a member of ``enum``; blank stays blank; junk raises ValueError."""
    return enum(value) if value else ""


# --- Reference data ---------------------------------------------------------------


def _load_criteria(criteria, *, update):
    level_count = 0
    for position, data in enumerate(criteria, start=1):
        criterion, _changed = _upsert(
            Criterion,
            {"slug": data["slug"]},
            {
                "name_en": data["name_en"],
                "name_fr": data["name_fr"],
                "definition_en": data["definition_en"],
                "definition_fr": data["definition_fr"],
                "position": position,
            },
            update=update,
        )
        levels = data["levels"] if update else _scale_with_missing_levels(criterion, data["levels"])
        if levels:
            _load_scale(criterion, levels)
        level_count += len(data["levels"])
    return level_count


def _scale_with_missing_levels(criterion, levels):
    """``criterion``'s scale as staff left it, lowest first, with the ``levels`` of the
    file it lacks inserted just above the level the file lists before them (at the
    bottom if there is none); empty when no level is missing.
    """
    scale = [
        {"slug": level.slug, "en": level.label_en, "fr": level.label_fr}
        for level in criterion.levels.order_by("rank")
    ]
    missing = False
    for index, data in enumerate(levels):
        slugs = [entry["slug"] for entry in scale]
        if data["slug"] in slugs:
            continue
        missing = True
        below = next((d["slug"] for d in reversed(levels[:index]) if d["slug"] in slugs), None)
        scale.insert(slugs.index(below) + 1 if below else 0, data)
    return scale if missing else []


def _load_scale(criterion, levels):
    """Make ``criterion``'s scale match ``levels``, listed from the lowest up.

    Levels are matched on their slug, so ratings that use them survive a relabel
    or a reorder. Ranks are unique per criterion: levels whose rank changes are
    first moved out of the way. Levels no longer in the file are left alone (they
    may be in use; staff can remove unused ones in the admin).
    """
    wanted = {data["slug"]: rank for rank, data in enumerate(levels, start=1)}
    moving = [
        level.pk
        for level in criterion.levels.filter(slug__in=wanted)
        if level.rank != wanted[level.slug]
    ]
    if moving:
        top = max(criterion.levels.values_list("rank", flat=True))
        for offset, pk in enumerate(moving, start=1):
            RatingLevel.objects.filter(pk=pk).update(rank=top + len(wanted) + offset)
    for rank, data in enumerate(levels, start=1):
        _upsert(
            RatingLevel,
            {"criterion": criterion, "slug": data["slug"]},
            {"rank": rank, "label_en": data["en"], "label_fr": data["fr"]},
        )


def _load_vocabularies(vocabularies, *, update):
    count = 0
    for key, model in VOCABULARIES.items():
        for position, data in enumerate(vocabularies[key], start=1):
            _upsert(
                model,
                {"slug": data["slug"]},
                {"name_en": data["en"], "name_fr": data["fr"], "position": position},
                update=update,
            )
            count += 1
    return count


def _load_frameworks(frameworks, *, update):
    count = 0
    for data in frameworks:
        framework, _changed = _upsert(
            ReferenceFramework,
            {"slug": data["slug"]},
            {
                "title_en": data["title_en"],
                "title_fr": data["title_fr"],
                "issuer": data["issuer"],
                "year": data["year"],
                "url": data.get("url", ""),
                "summary_en": data["summary_en"],
                "summary_fr": data["summary_fr"],
            },
            update=update,
        )
        for position, rec in enumerate(data["recommendations"], start=1):
            _upsert(
                Recommendation,
                {"slug": rec["slug"]},
                {
                    "framework": framework,
                    "number": rec["number"],
                    "summary_en": rec["summary_en"],
                    "summary_fr": rec["summary_fr"],
                    "position": position,
                },
                update=update,
            )
            count += 1
    return count


REFERENCE_MODELS = [
    Criterion,
    RatingLevel,
    *VOCABULARIES.values(),
    ReferenceFramework,
    Recommendation,
]


def _reference_row_count():
    return sum(model.objects.count() for model in REFERENCE_MODELS)


@transaction.atomic
def load_reference_data(*, path=REFERENCE_FILE, update=False) -> ReferenceSummary:
    """Criteria with their scales, vocabularies and reference frameworks.

    Creates what is missing; rows already there keep what staff made of them, unless
    ``update`` asks to make them match the file.
    """
    data = _read(path)
    before = _reference_row_count()
    criteria_before = Criterion.objects.count()
    levels = _load_criteria(data["criteria"], update=update)
    if Criterion.objects.count() > criteria_before:
        # Every practice is "not yet rated" on a new criterion: its facet keys say so.
        practice_facets_update_many()
    terms = _load_vocabularies(data["vocabularies"], update=update)
    recommendations = _load_frameworks(data["frameworks"], update=update)
    return ReferenceSummary(
        criteria=len(data["criteria"]),
        rating_levels=levels,
        terms=terms,
        frameworks=len(data["frameworks"]),
        recommendations=recommendations,
        # The loader never deletes a reference row.
        created=_reference_row_count() - before,
    )


# --- Demo practices ---------------------------------------------------------------

# Translated prose fields of a practice, each given as <field>_en and <field>_fr.
PRACTICE_TEXTS = PRACTICE_TEXT_FIELDS


def _bilingual(data, field):
    return {f"{field}_{code}": data.get(f"{field}_{code}", "") for code in ("en", "fr")}


def _load_organisations(organisations):
    for data in organisations:
        _upsert(
            Organisation,
            {"slug": data["slug"]},
            {
                "name_en": data["name_en"],
                "name_fr": data.get("name_fr", ""),
                "kind": _choice(OrganisationKind, data["kind"]),
                "country": data.get("country", ""),
                "website": data.get("website", ""),
            },
        )
    return len(organisations)


def _by_slug(model, slugs):
    """The ``model`` rows for ``slugs``; a slug missing from the database raises."""
    rows = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {row.slug for row in rows}
    if missing:
        raise ValueError(
            "Unknown {model} slug(s): {slugs}".format(
                model=model._meta.model_name, slugs=", ".join(sorted(missing))
            )
        )
    return rows


def _load_practice(data, *, now):
    values = {
        "original_language": Language(data["original_language"]),
        "country": data["country"],
        "start_date": data.get("start_date"),
        "end_date": data.get("end_date"),
        "ongoing": data.get("ongoing", False),
        "timeline": _choice(Timeline, data.get("timeline")),
        "cost_band": _choice(CostBand, data.get("cost_band")),
        "evidence_level": _choice(EvidenceLevel, data.get("evidence_level")),
        "status": PracticeStatus.PUBLISHED,
        "featured": data.get("featured", False),
    }
    for field in PRACTICE_TEXTS:
        values.update(_bilingual(data, field))
    existing = Practice.objects.filter(slug=data["slug"]).first()
    # Keep the first publication date across reloads; raise the version when an
    # existing record changes, so an editor's open form notices.
    values["published_at"] = (existing and existing.published_at) or now
    practice, changed = _upsert(Practice, {"slug": data["slug"]}, values)
    if existing and changed:
        Practice.objects.filter(pk=practice.pk).update(version=practice.version + 1)

    for field in [*VOCABULARIES, "recommendations"]:
        model = practice._meta.get_field(field).related_model
        getattr(practice, field).set(_by_slug(model, data.get(field, [])))

    partnerships = _load_partnerships(practice, data.get("partnerships", []))
    assessments = _load_assessments(practice, data.get("assessments", []))
    _record_publication(practice)
    _load_positioned(
        practice,
        Reference,
        [
            {
                "citation": ref["citation"],
                "language": _choice(Language, ref.get("language")),
                "url": ref.get("url", ""),
                "date": ref.get("date"),
            }
            for ref in data.get("references", [])
        ],
    )
    _load_positioned(
        practice,
        UsefulLink,
        [{"url": link["url"], **_bilingual(link, "label")} for link in data.get("links", [])],
    )
    _load_positioned(
        practice,
        OutcomeIndicator,
        [
            {
                **_bilingual(outcome, "indicator"),
                **_bilingual(outcome, "result"),
                "baseline": outcome.get("baseline", ""),
                "direction": _choice(OutcomeDirection, outcome.get("direction")),
                "period": outcome.get("period", ""),
                "source": outcome.get("source", ""),
            }
            for outcome in data.get("outcomes", [])
        ],
    )
    return partnerships, assessments


def _load_partnerships(practice, partnerships):
    organisations = {
        org.slug: org for org in _by_slug(Organisation, [p["organisation"] for p in partnerships])
    }
    for position, data in enumerate(partnerships, start=1):
        _upsert(
            Partnership,
            {"practice": practice, "organisation": organisations[data["organisation"]]},
            {
                "is_lead": data.get("is_lead", False),
                "is_statutory": data.get("is_statutory", False),
                "position": position,
                **_bilingual(data, "role"),
            },
        )
    practice.partnerships.exclude(organisation__in=organisations.values()).delete()
    return len(partnerships)


def _load_assessments(practice, assessments, *, source=AssessmentSource.STAFF):
    """The evaluation in the file (staff's, or the self-assessment of a sample); any
    other assessment of the practice goes.
    """
    criteria = {c.slug: c for c in _by_slug(Criterion, [a["criterion"] for a in assessments])}
    kept = []
    for data in assessments:
        criterion = criteria[data["criterion"]]
        level = criterion.levels.get(slug=data["level"]) if data.get("level") else None
        assessment, _changed = _upsert(
            Assessment,
            {"practice": practice, "criterion": criterion, "source": source},
            {"level": level, **_bilingual(data, "text")},
        )
        kept.append(assessment.pk)
    practice.assessments.exclude(pk__in=kept).delete()
    return len(assessments)


def _load_positioned(practice, model, rows):
    """Child rows without a natural key, matched on their position in the file."""
    kept = [
        _upsert(model, {"practice": practice, "position": position}, values)[0].pk
        for position, values in enumerate(rows, start=1)
    ]
    model.objects.filter(practice=practice).exclude(pk__in=kept).delete()


def _backdate(row, when):
    """Set an ``auto_now_add`` date, which ``save()`` would overwrite."""
    type(row).objects.filter(pk=row.pk).update(created_at=when)


def _record_publication(practice):
    """The publication event and first published version of a demo practice, once."""
    if practice.events.filter(action=EventAction.PUBLISHED).exists():
        return
    event = PracticeEvent.objects.create(
        practice=practice,
        action=EventAction.PUBLISHED,
        from_status="",
        to_status=PracticeStatus.PUBLISHED,
        actor_label=DEMO_DATA_LABEL,
    )
    version = PracticeVersion.objects.create(
        practice=practice,
        number=1,
        kind=VersionKind.PUBLICATION,
        content=practice_snapshot(practice, with_staff_assessment=True),
    )
    for row in (event, version):
        _backdate(row, practice.published_at)


@transaction.atomic
def load_demo_practices(*, path=PRACTICES_FILE) -> DemoSummary:
    """The demo organisations and published practices, search documents included;
    needs the reference data."""
    data = _read(path)
    organisations = _load_organisations(data["organisations"])
    now = timezone.now()
    partnerships = assessments = 0
    for practice in data["practices"]:
        p, a = _load_practice(practice, now=now)
        partnerships += p
        assessments += a
    slugs = [practice["slug"] for practice in data["practices"]]
    practice_search_index_update_many(queryset=Practice.objects.filter(slug__in=slugs))
    return DemoSummary(
        practices=len(data["practices"]),
        organisations=organisations,
        partnerships=partnerships,
        assessments=assessments,
    )


# --- Demo guide -------------------------------------------------------------------


def _load_chapter_practices(chapter, slugs):
    """Make the chapter's practices, in order, exactly the ones in the file."""
    practices = {p.slug: p for p in _by_slug(Practice, slugs)}
    kept = []
    for position, slug in enumerate(slugs):
        entry, _changed = _upsert(
            ChapterPractice,
            {"chapter": chapter, "practice": practices[slug]},
            {"position": position},
        )
        kept.append(entry.pk)
    chapter.entries.exclude(pk__in=kept).delete()


@transaction.atomic
def load_demo_guides(*, path=GUIDES_FILE) -> GuideSummary:
    """The published demo guide built from the demo practices; needs them loaded first."""
    data = _read(path)
    now = timezone.now()
    chapter_count = 0
    slugs = []
    for guide_data in data["guides"]:
        existing = Guide.objects.filter(slug=guide_data["slug"]).first()
        values = {
            "status": GuideStatus.PUBLISHED,
            "published_at": (existing and existing.published_at) or now,
        }
        for field in ("title", "subtitle", "foreword", "introduction"):
            values.update(_bilingual(guide_data, field))
        guide, _changed = _upsert(Guide, {"slug": guide_data["slug"]}, values)
        kept = []
        for position, chapter_data in enumerate(guide_data["chapters"]):
            chapter, _changed = _upsert(
                Chapter,
                {"guide": guide, "position": position},
                {**_bilingual(chapter_data, "title"), **_bilingual(chapter_data, "introduction")},
            )
            _load_chapter_practices(chapter, chapter_data["practices"])
            kept.append(chapter.pk)
        guide.chapters.exclude(pk__in=kept).delete()
        chapter_count += len(kept)
        slugs.append(guide.slug)
    return GuideSummary(guides=len(slugs), chapters=chapter_count, slugs=slugs)


# --- Sample submissions -------------------------------------------------------------

SAMPLE_FIELDS = [
    "original_language",
    "country",
    "timeline",
    "cost_band",
    "evidence_level",
    "contact_name",
    "contact_email",
    "contact_organisation",
    "contact_language",
]
TRANSITIONS_BY_ACTION = {t.action: t for t in TRANSITIONS.values()}


def _load_sample(data, *, users, now):
    def at(days_ago):
        return now - datetime.timedelta(days=days_ago)

    def user(username):
        return users[username] if username else None

    values = {
        **{field: data.get(field, "") for field in SAMPLE_FIELDS},
        "original_language": Language(data["original_language"]),
        "contact_language": Language(data.get("contact_language", data["original_language"])),
        "timeline": _choice(Timeline, data.get("timeline")),
        "cost_band": _choice(CostBand, data.get("cost_band")),
        "evidence_level": _choice(EvidenceLevel, data.get("evidence_level")),
        "status": PracticeStatus(data["status"]),
        "assigned_to": user(data.get("assigned_to")),
        "published_at": None,
        "featured": False,
    }
    for field in PRACTICE_TEXTS:
        values.update(_bilingual(data, field))
    existing = Practice.objects.filter(slug=data["slug"]).first()
    practice, changed = _upsert(Practice, {"slug": data["slug"]}, values)
    if existing and changed:
        Practice.objects.filter(pk=practice.pk).update(version=practice.version + 1)
    for field in VOCABULARIES:
        model = practice._meta.get_field(field).related_model
        getattr(practice, field).set(_by_slug(model, data.get(field, [])))
    _load_partnerships(practice, data.get("partnerships", []))
    _load_assessments(practice, data.get("self_assessment", []), source=AssessmentSource.SELF)

    # The history is rebuilt from the file: what a demo user did is undone.
    for related in (practice.events, practice.versions, practice.messages, practice.internal_notes):
        related.all().delete()
    practice.access_links.all().delete()
    history = data["history"]
    started = PracticeEvent.objects.create(
        practice=practice,
        action=EventAction.CREATED,
        from_status="",
        to_status=PracticeStatus.DRAFT,
        actor_label=practice.contact_name,
    )
    _backdate(started, at(history[0]["days_ago"] + 2))
    status, versions = PracticeStatus.DRAFT, 0
    for step in history:
        transition = TRANSITIONS_BY_ACTION[EventAction(step["action"])]
        if status not in transition.sources:
            raise ValueError(f"{data['slug']}: {step['action']} cannot follow {status}")
        actor = user(step.get("by"))
        event = PracticeEvent.objects.create(
            practice=practice,
            action=transition.action,
            from_status=status,
            to_status=transition.target,
            actor=actor,
            actor_label=actor.get_username() if actor else practice.contact_name,
            comment=step.get("comment", ""),
        )
        _backdate(event, at(step["days_ago"]))
        status = transition.target
        if transition.action in (EventAction.SUBMITTED, EventAction.RESUBMITTED):
            versions += 1
            version = PracticeVersion.objects.create(
                practice=practice,
                number=versions,
                kind=VersionKind.SUBMISSION
                if transition.action == EventAction.SUBMITTED
                else VersionKind.RESUBMISSION,
                content=practice_snapshot(practice),
            )
            _backdate(version, at(step["days_ago"]))
    if status != practice.status:
        raise ValueError(f"{data['slug']}: the history ends in {status}, not {practice.status}")
    for model, key in [(Message, "messages"), (InternalNote, "notes")]:
        for item in data.get(key, []):
            author = user(item.get("by"))
            row = model.objects.create(
                practice=practice,
                author=author,
                author_label=author.get_username() if author else practice.contact_name,
                body=item["body"],
            )
            _backdate(row, at(item["days_ago"]))
    return practice


@transaction.atomic
def load_demo_samples(*, path=SAMPLES_FILE) -> SampleSummary:
    """The fictional sample submissions, in several review states; needs the reference
    data and the demo role accounts (``demo_role_accounts_ensure``).
    """
    data = _read(path)
    _load_organisations(data["organisations"])
    users = {user.get_username(): user for user in _demo_role_users()}
    now = timezone.now()
    samples = [_load_sample(sample, users=users, now=now) for sample in data["samples"]]
    waiting = next(p for p in samples if p.status == PracticeStatus.CHANGES_REQUESTED)
    return SampleSummary(
        samples=len(samples),
        submitter_token=access_link_issue(practice=waiting),
        submitter_sample=waiting,
    )


def _demo_email(username):
    """A demo account's address (example.org, reserved: nothing is ever delivered), so
    the staff e-mails of the workflow show in the demo, e.g. in the console."""
    return f"{username}@example.org"


def _demo_role_users():
    user_model = get_user_model()
    return user_model.objects.filter(
        **{f"{user_model.USERNAME_FIELD}__in": list(DEMO_ROLE_ACCOUNTS)}
    )


@transaction.atomic
def demo_role_accounts_ensure(*, password):
    """Create or reset the demo reviewer and editor accounts, each in its role's group."""
    roles_sync()
    user_model = get_user_model()
    accounts = []
    for username, role in DEMO_ROLE_ACCOUNTS.items():
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: username})
        user.email = _demo_email(username)
        user.is_staff = True
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        accounts.append((user, role))
    return accounts


@transaction.atomic
def demo_staff_ensure(*, username=DEMO_USERNAME, password=None):
    """Create or reset the demo staff account; return ``(user, password)``.

    The password is always reset, so the login printed by load_demo_data works.
    It comes from ``password``, else the DEMO_PASSWORD environment variable, else
    the documented default.
    """
    password = password or os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT
    user_model = get_user_model()
    user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
    if user is None:
        user = user_model(**{user_model.USERNAME_FIELD: username})
    user.email = _demo_email(username)
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(password)
    user.save()
    return user, password
