import pytest
from django.contrib.auth.models import Permission

from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    ReferenceFactory,
)

from .factories import ChapterFactory, ChapterPracticeFactory, GuideFactory


def _staff(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(
        username=username, password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)
    )
    return user


@pytest.fixture
def editor(django_user_model):
    """Staff who may compose guides but not publish them."""
    return _staff(django_user_model, "guide-editor", "view_guide", "add_guide", "change_guide")


@pytest.fixture
def publisher(django_user_model):
    """Staff who may compose and publish guides."""
    return _staff(
        django_user_model,
        "guide-publisher",
        "view_guide",
        "add_guide",
        "change_guide",
        "publish_guide",
    )


@pytest.fixture
def criteria():
    return [
        CriterionFactory(slug="relevance", name_en="Relevance", name_fr="Pertinence"),
        CriterionFactory(slug="impact", name_en="Impact", name_fr="Impact"),
    ]


def assessed_practice(criteria, **kwargs):
    """A published practice with a staff rating on the first criterion, a partner, a reference."""
    practice = PracticeFactory(**kwargs)
    AssessmentFactory(
        practice=practice,
        criterion=criteria[0],
        text_en="Answers a need the city measured.",
        text_fr="Répond à un besoin mesuré par la ville.",
    )
    PartnershipFactory(
        practice=practice,
        organisation=OrganisationFactory(name_en=f"Partner of {practice.slug}"),
        role_en="Runs the night patrols",
        role_fr="Assure les patrouilles de nuit",
    )
    ReferenceFactory(practice=practice, citation=f"Report on {practice.slug}, 2014.")
    return practice


@pytest.fixture
def guide_with_practices(criteria):
    """A published guide: two chapters, three published practices and one draft practice.

    Practices are in France and the United Kingdom; the draft one, in chapter one,
    must never appear anywhere public.
    """
    guide = GuideFactory(
        title_en="Citizens and police", title_fr="Citoyens et police", slug="citizens"
    )
    first = ChapterFactory(guide=guide, title_en="Partnerships", title_fr="Partenariats locaux")
    second = ChapterFactory(guide=guide, title_en="Volunteers", title_fr="Bénévoles")
    practices = [
        assessed_practice(
            criteria, title_en="Street Pastors", title_fr="Pasteurs de rue", country="GB"
        ),
        assessed_practice(
            criteria, title_en="Night mediators", title_fr="Médiateurs de nuit", country="FR"
        ),
        assessed_practice(
            criteria, title_en="Bus stop angels", title_fr="Anges des arrêts", country="FR"
        ),
    ]
    draft = PracticeFactory(
        title_en="Secret draft scheme", title_fr="Dispositif brouillon secret", draft=True
    )
    ChapterPracticeFactory(chapter=first, practice=practices[0], position=0)
    ChapterPracticeFactory(chapter=first, practice=draft, position=1)
    ChapterPracticeFactory(chapter=first, practice=practices[1], position=2)
    ChapterPracticeFactory(chapter=second, practice=practices[2], position=0)
    guide.practices = practices
    guide.draft_practice = draft
    return guide
