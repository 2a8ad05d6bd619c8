from django.contrib import admin
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from config.admin import LookupGuardMixin

from .models import Assessment, Criterion, OutcomeIndicator, RatingLevel


class RatingLevelInline(TranslationTabularInline):
    model = RatingLevel
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(LookupGuardMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [RatingLevelInline]


class AssessmentInline(TranslationStackedInline):
    model = Assessment
    extra = 0
    fields = ["criterion", "source", "level", "text", "assessed_by"]
    autocomplete_fields = ["assessed_by"]


class OutcomeIndicatorInline(TranslationStackedInline):
    model = OutcomeIndicator
    extra = 0
