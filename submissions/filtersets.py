"""The review queue's filters; facet counts come from the catalogue's machinery."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.choices import Language, PracticeStatus
from practices.filtersets import (
    NOT_STATED,
    BaseFilterSet,
    FieldFacetFilter,
    title_in_active_language,
)
from practices.models import Practice
from practices.workflow import REVIEW


class AssigneeFilter(FieldFacetFilter):
    """Filters on the member of staff assigned; "none" is nobody."""

    def condition(self, values):
        condition = Q(assigned_to__in=[int(value) for value in values - {NOT_STATED}])
        if NOT_STATED in values:
            condition |= Q(assigned_to__isnull=True)
        return condition


class ReviewQueueFilterSet(BaseFilterSet):
    """Staff's filters on submissions: status, assignee, country, language, text."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = FieldFacetFilter(
        label=_("Status"), field_name="status", choices=PracticeStatus.choices
    )
    assigned = AssigneeFilter(label=_("Assigned to"), field_name="assigned_to")
    country = FieldFacetFilter(label=_("Country"), field_name="country")
    language = FieldFacetFilter(
        label=_("Original language"), field_name="original_language", choices=Language.choices
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_results",
        empty_label=None,
        choices=[
            ("waiting", _("Waiting longest first")),
            ("recent", _("Most recent first")),
            ("title", _("Title (A to Z)")),
        ],
    )

    class Meta:
        model = Practice
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["country"].extra["choices"] = list(countries)
        staff = get_user_model().objects.with_perm(REVIEW, is_active=True).order_by("username")
        self.filters["assigned"].extra["choices"] = [
            *((str(user.pk), user.get_full_name() or user.get_username()) for user in staff),
            (NOT_STATED, _("Nobody")),
        ]

    def search(self, queryset, name, value):
        # Titles in both languages on purpose: staff search whatever the language.
        condition = Q()
        for field in [
            "title_en",
            "title_fr",
            "city_en",
            "city_fr",
            "contact_name",
            "contact_email",
            "contact_organisation",
        ]:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)

    def sort_results(self, queryset, name, value):
        if value == "recent":
            return queryset.order_by("-created_at", "-pk")
        if value == "title":
            return queryset.order_by(title_in_active_language(), "pk")
        return queryset.order_by("waiting_since", "pk")
