from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from config.admin import LookupGuardMixin
from evaluations.admin import AssessmentInline, OutcomeIndicatorInline
from partners.admin import PartnershipInline

from . import services
from .models import (
    Attachment,
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
from .slugs import practice_slug
from .workflow import DECIDED, EDIT_DECIDED

# The admin as a whole: named after the site, in the staff member's language.
admin.site.site_header = admin.site.site_title = _("Efus good-practice repository")


class UserAdmin(LookupGuardMixin, auth_admin.UserAdmin):
    """Django's user admin, refusing filter values no column can hold."""


class GroupAdmin(LookupGuardMixin, auth_admin.GroupAdmin):
    """Django's group (role) admin, refusing filter values no column can hold."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)

# Background jobs are guide builds only, each followed (progress, error) on the guide
# builds' own read-only page (guides.admin.GuideBuildAdmin); their task records, with no
# translated labels, add nothing to it. The error's traceback is in the worker's log.
admin.site.unregister(DBTaskResult)


@admin.register(Level, Domain, TargetAudience, PracticeType, InterventionPoint)
class VocabularyAdmin(LookupGuardMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def delete_model(self, request, obj):
        services.vocabulary_terms_delete(terms=type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.vocabulary_terms_delete(terms=queryset)


class RecommendationInline(TranslationTabularInline):
    model = Recommendation
    extra = 0
    prepopulated_fields = {"slug": ["number"]}


@admin.register(ReferenceFramework)
class ReferenceFrameworkAdmin(LookupGuardMixin, TabbedTranslationAdmin):
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


class PracticeAdminForm(forms.ModelForm):
    """The admin's practice form, refused if someone saved the practice meanwhile.

    The title is required in the practice's original language only (``Practice.clean``),
    and a slug left empty is made from that title.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        for code, _language in settings.LANGUAGES:
            self.fields[f"title_{code}"].required = False
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Used in the practice's address; changing it breaks shared links. Left empty, "
            "it is made from the title in the original language."
        )

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get(f"title_{cleaned.get('original_language')}")
        if not cleaned.get("slug") and title:
            cleaned["slug"] = practice_slug(Practice.objects.exclude(pk=self.instance.pk), title)
        if self.instance.pk:
            try:
                # Locks the row until the admin's transaction ends, after the save.
                services.practice_lock(
                    practice=self.instance, expected_version=cleaned.get("expected_version")
                )
            except services.StaleVersionError as error:
                raise forms.ValidationError(error.message, code="stale") from None
        return cleaned


class AttachmentInline(admin.TabularInline):
    """Reports are uploaded through the submission form and made public on the review page,
    where it is recorded; here they are only listed.
    """

    model = Attachment
    extra = 0
    can_delete = False
    fields = ["original_name", "content_type", "size", "is_public", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(LookupGuardMixin, TabbedTranslationAdmin):
    """Practices, for editors. The status changes only through the review page, where
    each transition is recorded; a practice added here starts in review.
    """

    form = PracticeAdminForm
    list_display = ["title", "country", "city", "status", "featured", "updated_at"]
    list_filter = ["status", "featured", "country", "original_language", "evidence_level"]
    search_fields = ["title_en", "title_fr", "city_en", "city_fr", "slug"]
    readonly_fields = [
        "status",
        "assigned_to",
        "consent_given_at",
        "created_at",
        "updated_at",
        "published_at",
        "version",
    ]
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
            {
                "fields": [
                    "title",
                    "slug",
                    "original_language",
                    "status",
                    "featured",
                    "expected_version",
                ]
            },
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
            {
                "fields": [
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "contact_organisation",
                    "contact_language",
                    "consent_given_at",
                ]
            },
        ),
        (
            _("History"),
            {
                "fields": [
                    "assigned_to",
                    "created_at",
                    "updated_at",
                    "published_at",
                    "version",
                ]
            },
        ),
    ]
    inlines = [
        PartnershipInline,
        AssessmentInline,
        OutcomeIndicatorInline,
        ReferenceInline,
        UsefulLinkInline,
        AttachmentInline,
    ]

    def view_on_site(self, practice):
        """The public page of a published practice; the staff preview of any other."""
        if practice.is_published:
            return practice.get_absolute_url()
        return reverse("practices:practice_preview", kwargs={"pk": practice.pk})

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in DECIDED and not request.user.has_perm(EDIT_DECIDED):
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.practice_saved_in_admin(
            practice=form.instance, by=request.user, created=not change
        )
