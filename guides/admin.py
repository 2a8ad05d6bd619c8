from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from config.admin import LookupGuardMixin

from .models import Guide, GuideBuild


@admin.register(Guide)
class GuideAdmin(LookupGuardMixin, TabbedTranslationAdmin):
    """Guides are composed in the guide builder; here: the list, the history, deletion."""

    list_display = ["title", "status", "updated_at", "builder_link"]
    list_filter = ["status"]
    search_fields = ["title_en", "title_fr", "slug"]
    fields = ["title", "subtitle", "slug", "foreword", "introduction", "status", "published_at"]
    # Publishing checks the guide first: it is done in the builder only.
    readonly_fields = ["status", "published_at"]

    @admin.display(description=_("guide builder"))
    def builder_link(self, guide):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("guides:guide_builder", kwargs={"slug": guide.slug}),
            _("Open in the guide builder"),
        )


@admin.register(GuideBuild)
class GuideBuildAdmin(LookupGuardMixin, admin.ModelAdmin):
    """A read-only record of the PDF builds, their progress and their errors."""

    list_display = ["guide", "language", "status", "pages", "created_at", "finished_at"]
    list_filter = ["status", "language"]
    list_select_related = ["guide"]
    readonly_fields = [field.name for field in GuideBuild._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
