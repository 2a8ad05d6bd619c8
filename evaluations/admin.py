from django.contrib import admin
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from config.admin import LookupGuardMixin
from practices.selectors import criteria_with_scales
from practices.services import practice_facets_update_many

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Every practice is "not yet rated" on a new criterion: its facet keys say so.
            practice_facets_update_many()


class AssessmentInline(TranslationStackedInline):
    model = Assessment
    extra = 0
    fields = ["criterion", "source", "level", "text", "assessed_by"]
    autocomplete_fields = ["assessed_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "level":
            # Each scale's levels under its criterion's name, so that a level of another
            # criterion is not picked by mistake (Assessment.clean refuses it anyway).
            field.choices = [
                ("", field.empty_label),
                *(
                    (criterion.name, [(level.pk, level.label) for level in criterion.levels.all()])
                    for criterion in criteria_with_scales()
                ),
            ]
        return field


class OutcomeIndicatorInline(TranslationStackedInline):
    model = OutcomeIndicator
    extra = 0
