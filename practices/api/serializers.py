"""What the public may read of a practice: the API, the JSON and CSV exports and the
feed all use these serializers, so this is the one list of public fields.

Contact details (``contact_*``), the workflow status, the submitter's self-assessment,
the search columns and anything not named here are never serialized.

Translated texts come in the active language, falling back to the other one (see
``practices.i18n.translated``); with ``context["bilingual"]`` they come as
``{"en": …, "fr": …}`` instead, for exports with both languages side by side.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import Criterion
from evaluations.selectors import practice_evaluation
from partners.models import Partnership

from ..i18n import LANGUAGE_CODES, translated
from ..models import Practice, Recommendation, Reference, UsefulLink

# The practice's translated texts and vocabularies, in the order of its record.
TEXT_FIELDS = ["title", "summary", *(name for name, _heading in Practice.SECTIONS)]
VOCABULARY_FIELDS = Practice.VOCABULARIES


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """A translated text of the object: see the module's docstring."""

    def __init__(self, field=None, **kwargs):
        self.text_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.text_field = self.text_field or field_name

    def to_representation(self, value):
        if self.context.get("bilingual"):
            return {
                code: getattr(value, f"{self.text_field}_{code}") or "" for code in LANGUAGE_CODES
            }
        return str(translated(value, self.text_field))


class ChoiceSerializer(serializers.Serializer):
    """A coded value with its label in the active language."""

    code = serializers.CharField()
    label = serializers.CharField()


@extend_schema_field(ChoiceSerializer(allow_null=True))
class ChoiceField(serializers.Field):
    """``{"code", "label"}`` for a choice field of the object, or null when blank."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        code = getattr(value, self.field_name)
        if not code:
            return None
        return {"code": code, "label": str(getattr(value, f"get_{self.field_name}_display")())}


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, country) -> str:
        return str(country.name)


class TermSerializer(serializers.Serializer):
    """A term of a controlled vocabulary."""

    slug = serializers.SlugField()
    name = TranslatedField()


class RecommendationSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    summary = TranslatedField()

    class Meta:
        model = Recommendation
        fields = ["slug", "framework", "number", "summary"]


class RatingSerializer(serializers.Serializer):
    criterion = serializers.SlugField(source="criterion.slug")
    criterion_name = serializers.SerializerMethodField()
    level = serializers.SlugField(source="level.slug", allow_null=True, default=None)
    label = serializers.SerializerMethodField()
    rank = serializers.IntegerField(source="level.rank", allow_null=True, default=None)
    scale_size = serializers.IntegerField()
    text = serializers.SerializerMethodField()

    def get_criterion_name(self, rating) -> str:
        return str(rating.criterion.name)

    def get_label(self, rating) -> str | None:
        return str(rating.level.label) if rating.level else None

    def get_text(self, rating) -> str:
        if self.context.get("bilingual"):
            return {
                code: getattr(rating.assessment, f"text_{code}", "") or ""
                for code in LANGUAGE_CODES
            }
        return str(rating.text)


class PartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_slug = serializers.SlugField(source="organisation.slug")
    kind = serializers.SerializerMethodField()
    country = serializers.CharField(source="organisation.country.code")
    website = serializers.URLField(source="organisation.website")
    role = TranslatedField()

    class Meta:
        model = Partnership
        fields = [
            "organisation",
            "organisation_slug",
            "kind",
            "country",
            "website",
            "role",
            "is_lead",
            "is_statutory",
        ]

    def get_kind(self, partnership) -> str:
        return str(partnership.organisation.get_kind_display())


class ReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = ["citation", "language", "url", "date"]


class LinkSerializer(serializers.ModelSerializer):
    label = TranslatedField()

    class Meta:
        model = UsefulLink
        fields = ["url", "label"]


class OutcomeSerializer(serializers.Serializer):
    indicator = TranslatedField()
    baseline = serializers.CharField()
    result = TranslatedField()
    direction = ChoiceField()
    period = serializers.CharField()
    source = serializers.CharField()


class PracticeSerializer(serializers.ModelSerializer):
    """A published practice: every public field of its record."""

    # Needs the related rows prefetched (practices.selectors.with_record), the
    # publication dates (with_publication_dates) and context["criteria"]
    # (criteria_with_scales()).

    url = serializers.SerializerMethodField()
    title = TranslatedField()
    summary = TranslatedField()
    description = TranslatedField()
    objectives = TranslatedField()
    sustainability = TranslatedField()
    transferability = TranslatedField()
    evidence = TranslatedField()
    cost_description = TranslatedField()
    country = CountrySerializer()
    city = TranslatedField()
    timeline = ChoiceField()
    cost_band = ChoiceField()
    evidence_level = ChoiceField()
    maryland_scale = serializers.SerializerMethodField()
    levels = TermSerializer(many=True)
    domains = TermSerializer(many=True)
    target_audiences = TermSerializer(many=True)
    types = TermSerializer(many=True)
    intervention_points = TermSerializer(many=True)
    recommendations = RecommendationSerializer(many=True)
    evaluation = serializers.SerializerMethodField()
    partners = PartnerSerializer(source="partnerships", many=True)
    references = ReferenceSerializer(many=True)
    links = LinkSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)
    # What the practice's page and its citation say (practices.selectors.with_publication_dates).
    updated_at = serializers.DateTimeField(
        source="last_updated_at",
        read_only=True,
        help_text="When the latest published version was published.",
    )
    version = serializers.IntegerField(
        source="publication_count",
        read_only=True,
        help_text="The number of the latest published version (0 if none was recorded).",
    )

    class Meta:
        model = Practice
        fields = [
            "id",
            "slug",
            "url",
            *TEXT_FIELDS,
            "original_language",
            "country",
            "city",
            "start_date",
            "end_date",
            "ongoing",
            "timeline",
            "cost_band",
            "evidence_level",
            "maryland_scale",
            *VOCABULARY_FIELDS,
            "recommendations",
            "evaluation",
            "partners",
            "references",
            "links",
            "outcomes",
            "published_at",
            "updated_at",
            "version",
        ]

    def get_url(self, practice) -> str:
        request = self.context.get("request")
        path = practice.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_maryland_scale(self, practice) -> str:
        return str(practice.evidence_maryland)

    @extend_schema_field(RatingSerializer(many=True))
    def get_evaluation(self, practice):
        ratings = practice_evaluation(practice=practice, criteria=self.context["criteria"])
        return RatingSerializer(ratings, many=True, context=self.context).data


class LevelSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    rank = serializers.IntegerField()
    label = TranslatedField()


class CriterionSerializer(serializers.ModelSerializer):
    """An evaluation criterion with its ordered scale, lowest first."""

    name = TranslatedField()
    definition = TranslatedField()
    filter = serializers.SerializerMethodField()
    levels = LevelSerializer(many=True)

    class Meta:
        model = Criterion
        fields = ["slug", "name", "definition", "filter", "levels"]

    def get_filter(self, criterion) -> str:
        return f"rating_{criterion.slug}"


class VocabularySerializer(serializers.Serializer):
    """A controlled vocabulary: the practices' filter parameter and its terms."""

    field = serializers.CharField()
    label = serializers.CharField()
    filter = serializers.CharField()
    terms = TermSerializer(many=True)


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    options = FacetOptionSerializer(many=True)
