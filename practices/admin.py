from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from evaluations.admin import AssessmentInline, OutcomeIndicatorInline
from partners.admin import PartnershipInline

from .models import (
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
from .services import practice_search_index_update


@admin.register(Level, Domain, TargetAudience, PracticeType, InterventionPoint)
class VocabularyAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class RecommendationInline(TranslationTabularInline):
    model = Recommendation
    extra = 0
    prepopulated_fields = {"slug": ["number"]}


@admin.register(ReferenceFramework)
class ReferenceFrameworkAdmin(TabbedTranslationAdmin):
    list_display = ["title", "issuer", "year"]
    search_fields = ["title_en", "title_fr"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [RecommendationInline]


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0


class UsefulLinkInline(TranslationTabularInline):
    model = UsefulLink
    extra = 0


@admin.register(Practice)
class PracticeAdmin(TabbedTranslationAdmin):
    list_display = ["title", "country", "city", "status", "featured", "updated_at"]
    list_filter = ["status", "featured", "country", "original_language", "evidence_level"]
    search_fields = ["title_en", "title_fr", "city", "slug"]
    date_hierarchy = "updated_at"
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["created_at", "updated_at", "published_at", "version"]
    filter_horizontal = [
        "levels",
        "domains",
        "target_audiences",
        "types",
        "intervention_points",
        "recommendations",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "original_language", "status", "featured"]},
        ),
        (
            _("Where and when"),
            {"fields": ["country", "city", "start_date", "end_date", "ongoing", "timeline"]},
        ),
        (
            _("The record"),
            {
                "fields": [
                    "summary",
                    "description",
                    "objectives",
                    "sustainability",
                    "transferability",
                    "evidence",
                    "evidence_level",
                    "cost_description",
                    "cost_band",
                ]
            },
        ),
        (
            _("Classification"),
            {
                "fields": [
                    "levels",
                    "domains",
                    "target_audiences",
                    "types",
                    "intervention_points",
                    "recommendations",
                ]
            },
        ),
        (
            _("Contact (never published)"),
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
        (
            _("History"),
            {"fields": ["created_at", "updated_at", "published_at", "version"]},
        ),
    ]
    inlines = [
        PartnershipInline,
        AssessmentInline,
        OutcomeIndicatorInline,
        ReferenceInline,
        UsefulLinkInline,
    ]

    def save_related(self, request, form, formsets, change):
        # The search document includes the assessments' texts, saved by the inlines.
        super().save_related(request, form, formsets, change)
        practice_search_index_update(practice=form.instance)
