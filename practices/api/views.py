"""The public, read-only JSON API: published practices (filtered with the catalogue's
own FilterSet), their facet counts, vocabularies, recommendations and criteria."""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from ..filtersets import NOT_STATED, PracticeFilterSet, RatingFilter
from ..i18n import LANGUAGE_CODES
from ..models import Practice, Recommendation
from ..selectors import criteria_with_scales, with_publication_dates, with_record
from .serializers import (
    CriterionSerializer,
    FacetSerializer,
    PracticeSerializer,
    RecommendationSerializer,
    VocabularySerializer,
)

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANGUAGE_CODES,
    description="Language of texts and labels; overrides the /en/ or /fr/ prefix.",
)
# What every endpoint answers to a parameter it cannot take (lang, a filter, a page).
BAD_PARAMETERS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="A parameter's value is not valid: each such parameter with what is wrong, "
    'e.g. {"page": ["That page contains no results."]}.',
)


def answers(serializer):
    """The responses of an endpoint that gives ``serializer``'s data."""
    return {200: serializer, 400: BAD_PARAMETERS}


class PracticeSchema(AutoSchema):
    """Also lists the filter of each evaluation criterion, ``rating_<criterion>``, which
    the FilterSet adds from the database as it is made."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.view.action == "retrieve":
            return parameters
        filters = PracticeFilterSet().filters
        return [
            *parameters,
            *(
                OpenApiParameter(
                    name,
                    OpenApiTypes.STR,
                    many=True,
                    explode=True,
                    style="form",
                    enum=[value for value, _label in rating.extra["choices"]],
                    description=f"{rating.label} ('{NOT_STATED}': not yet rated).",
                )
                for name, rating in filters.items()
                if isinstance(rating, RatingFilter)
            ),
        ]


class LanguageMixin:
    """``?lang=en`` or ``?lang=fr`` chooses the language, whatever the URL prefix."""

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language is not None:
            if language not in LANGUAGE_CODES:
                raise ValidationError(
                    {
                        "lang": [
                            _("Choose one of: {languages}.").format(
                                languages=", ".join(LANGUAGE_CODES)
                            )
                        ]
                    }
                )
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="Published practices",
        description="Filtered, searched and sorted exactly as the catalogue.",
        parameters=[LANG_PARAMETER],
        responses=answers(PracticeSerializer),
    ),
    retrieve=extend_schema(
        summary="One published practice",
        parameters=[LANG_PARAMETER],
        responses=answers(PracticeSerializer),
    ),
)
class PracticeViewSet(LanguageMixin, ReadOnlyModelViewSet):
    """Published practices, every public field; never contact details."""

    schema = PracticeSchema()
    serializer_class = PracticeSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"
    # Only a well-formed slug reaches the database (PostgreSQL refuses a NUL byte in a
    # query: /api/v1/practices/%00/ was a server error there, where it is a 404).
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return with_publication_dates(with_record(Practice.objects.published()))

    def filter_queryset(self, queryset):
        # One practice is found by its slug alone.
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "criteria": criteria_with_scales()}

    @extend_schema(
        summary="Facet counts",
        description="For each filter, how many practices each value gives with the other "
        "filters applied, as the catalogue shows them.",
        parameters=[LANG_PARAMETER],
        responses=answers(FacetSerializer(many=True)),
    )
    @action(detail=False, pagination_class=None)
    def facets(self, request):
        filterset = PracticeFilterSet(request.query_params, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(FacetSerializer(filterset.facets(), many=True).data)


@extend_schema(
    summary="Controlled vocabularies",
    description="Each vocabulary with the practices' filter parameter that uses it.",
    parameters=[LANG_PARAMETER],
    responses=answers(VocabularySerializer(many=True)),
)
class VocabularyListView(LanguageMixin, APIView):
    def get(self, request):
        filters = PracticeFilterSet.base_filters
        vocabularies = [
            {
                "field": filters[parameter].field_name,
                "label": str(filters[parameter].label),
                "filter": parameter,
                "terms": model.objects.all(),
            }
            for parameter, model in PracticeFilterSet.VOCABULARIES.items()
        ]
        return Response(VocabularySerializer(vocabularies, many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="Recommendations of reference frameworks",
        description="Practices can be filtered by them with ?recommendation=<slug>.",
        parameters=[LANG_PARAMETER],
        responses=answers(RecommendationSerializer(many=True)),
    )
)
class RecommendationListView(LanguageMixin, ListAPIView):
    serializer_class = RecommendationSerializer
    pagination_class = None
    filter_backends = []
    queryset = Recommendation.objects.select_related("framework")


@extend_schema_view(
    get=extend_schema(
        summary="Evaluation criteria",
        description="Each criterion with its rating scale, lowest first, and the practices' "
        "filter parameter for it.",
        parameters=[LANG_PARAMETER],
        responses=answers(CriterionSerializer(many=True)),
    )
)
class CriterionListView(LanguageMixin, ListAPIView):
    serializer_class = CriterionSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return criteria_with_scales()
