from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from config.admin import LookupGuardMixin

from .models import Organisation, Partnership


@admin.register(Organisation)
class OrganisationAdmin(LookupGuardMixin, TabbedTranslationAdmin):
    list_display = ["name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class PartnershipInline(TranslationTabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "is_lead", "is_statutory", "position"]
