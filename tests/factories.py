"""factory_boy factories for every model, with bilingual text by default."""

import datetime

import factory
from django.utils import timezone

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment, Criterion, OutcomeIndicator, RatingLevel
from partners.choices import OrganisationKind
from partners.models import Organisation, Partnership
from practices.choices import PracticeStatus
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
from practices.services import practice_facets_update_many, practice_search_index_update


class VocabularyFactory(factory.django.DjangoModelFactory):
    name_en = factory.Sequence(lambda n: f"Term {n}")
    name_fr = factory.Sequence(lambda n: f"Terme {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")

    class Meta:
        abstract = True


class LevelFactory(VocabularyFactory):
    class Meta:
        model = Level


class DomainFactory(VocabularyFactory):
    class Meta:
        model = Domain


class TargetAudienceFactory(VocabularyFactory):
    class Meta:
        model = TargetAudience


class PracticeTypeFactory(VocabularyFactory):
    class Meta:
        model = PracticeType


class InterventionPointFactory(VocabularyFactory):
    class Meta:
        model = InterventionPoint


class ReferenceFrameworkFactory(factory.django.DjangoModelFactory):
    title_en = factory.Sequence(lambda n: f"Resolution {n}")
    title_fr = factory.Sequence(lambda n: f"Résolution {n}")
    slug = factory.Sequence(lambda n: f"resolution-{n}")
    year = 2007

    class Meta:
        model = ReferenceFramework


class RecommendationFactory(factory.django.DjangoModelFactory):
    framework = factory.SubFactory(ReferenceFrameworkFactory)
    number = factory.Sequence(lambda n: f"7.{n}")
    slug = factory.Sequence(lambda n: f"rec-{n}")
    summary_en = "Bring young people and police officers closer together"
    summary_fr = "Rapprocher les jeunes et les policiers"

    class Meta:
        model = Recommendation


def _sets(relation):
    """A post-generation declaration: ``PracticeFactory(<relation>=[...])`` sets the
    practice's many-to-many ``relation``."""

    def set_relation(practice, create, extracted, **kwargs):
        if create and extracted:
            getattr(practice, relation).set(extracted)

    return factory.PostGeneration(set_relation)


class PracticeFactory(factory.django.DjangoModelFactory):
    title_en = factory.Sequence(lambda n: f"Neighbourhood scheme {n}")
    title_fr = factory.Sequence(lambda n: f"Dispositif de quartier {n}")
    slug = factory.Sequence(lambda n: f"neighbourhood-scheme-{n}")
    summary_en = "Officers and residents meet every month."
    summary_fr = "Policiers et habitants se réunissent chaque mois."
    description_en = "A structured approach to working with residents."
    description_fr = "Une démarche structurée de travail avec les habitants."
    country = "GB"
    city_en = "London"
    start_date = datetime.date(2014, 1, 1)
    status = PracticeStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    contact_name = "Jane Officer"
    contact_email = "jane.officer@example.org"
    contact_phone = "+44 20 7946 0000"

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=PracticeStatus.DRAFT, published_at=None)
        # A submission somewhere in the review workflow, not (yet) published.
        unpublished = factory.Trait(published_at=None)

    # Vocabularies and recommendations: PracticeFactory(domains=[...], ...), set before
    # the practice is indexed below.
    domains = _sets("domains")
    levels = _sets("levels")
    target_audiences = _sets("target_audiences")
    types = _sets("types")
    intervention_points = _sets("intervention_points")
    recommendations = _sets("recommendations")

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        """Index the practice (search document and facet keys), as every write path of
        the site does; ``search_index=False`` leaves it unindexed."""
        if create and extracted is not False:
            practice_search_index_update(practice=self)


class CriterionFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"criterion-{n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    name_fr = factory.Sequence(lambda n: f"Critère {n}")
    definition_en = "How well the practice answers the need."
    definition_fr = "Dans quelle mesure la pratique répond au besoin."
    position = factory.Sequence(int)

    class Meta:
        model = Criterion
        skip_postgeneration_save = True

    @factory.post_generation
    def scale(self, create, extracted, **kwargs):
        """Give the criterion an ordered scale: ``scale=[("low", "Low", "Bas"), ...]``."""
        if not create:
            return
        steps = extracted or [
            ("not-met", "Not met", "Non atteint"),
            ("partly-met", "Partly met", "Partiellement atteint"),
            ("met", "Met", "Atteint"),
        ]
        for rank, (slug, label_en, label_fr) in enumerate(steps, start=1):
            RatingLevel.objects.create(
                criterion=self, rank=rank, slug=slug, label_en=label_en, label_fr=label_fr
            )

    @factory.post_generation
    def facets(self, create, extracted, **kwargs):
        """Every practice is now not rated on it, as adding a criterion in the admin
        records."""
        if create:
            practice_facets_update_many()


class AssessmentFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    criterion = factory.SubFactory(CriterionFactory)
    level = factory.LazyAttribute(lambda o: o.criterion.levels.order_by("-rank").first())
    source = AssessmentSource.STAFF
    text_en = "The partnership reviews its strategy every year."
    text_fr = "Le partenariat revoit sa stratégie chaque année."

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        """Index the practice again, as saving an assessment through the site does;
        ``search_index=False`` leaves it as it was."""
        if create and extracted is not False:
            practice_search_index_update(practice=self.practice)


class OutcomeIndicatorFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    indicator_en = "Reported thefts"
    indicator_fr = "Vols signalés"

    class Meta:
        model = OutcomeIndicator


class OrganisationFactory(factory.django.DjangoModelFactory):
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.LOCAL_AUTHORITY
    country = "GB"

    class Meta:
        model = Organisation


class PartnershipFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role_en = "Chairs the partnership"
    role_fr = "Préside le partenariat"

    class Meta:
        model = Partnership


class ReferenceFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    citation = "City of London Police. About community policing. 29 January 2014."
    url = "https://www.cityoflondon.police.uk/community-policing/"

    class Meta:
        model = Reference


class UsefulLinkFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    url = "https://www.cityoflondon.police.uk/safer-city-partnership/"

    class Meta:
        model = UsefulLink
