from django.conf import settings
from django.views.generic import DetailView, ListView, TemplateView

from evaluations.charts import practice_chart
from evaluations.selectors import is_evaluated, practice_evaluation

from .filtersets import PracticeFilterSet
from .selectors import (
    criteria_with_scales,
    home_summary,
    practice_detail,
    practice_list,
    with_search_passages,
)


class HomeView(TemplateView):
    template_name = "practices/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, **home_summary())


class PracticeListView(ListView):
    """The public catalogue: filters with counts, sort, pages; the URL holds it all."""

    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = settings.CATALOGUE_PAGE_SIZE

    def get_queryset(self):
        self.filterset = PracticeFilterSet(self.request.GET or None, request=self.request)
        return practice_list(filterset=self.filterset)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, practices, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = with_search_passages(practices, query=self.search_query())
        return paginator, page, page.object_list, is_paginated

    def search_query(self):
        """The valid search query, or ""."""
        if not self.filterset.is_bound or not self.filterset.is_valid():
            return ""
        return self.filterset.form.cleaned_data.get("q") or ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["facets"] = self.filterset.facets()
        context["query"] = self.search_query()
        return context


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_object(self, queryset=None):
        return practice_detail(slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ratings = practice_evaluation(practice=self.object, criteria=criteria_with_scales())
        context["ratings"] = ratings
        context["is_evaluated"] = is_evaluated(ratings)
        context["chart"] = practice_chart(practice=self.object, ratings=ratings)
        return context


class SubmitInfoView(TemplateView):
    """Who may submit a practice, what makes a good one, and what happens next."""

    template_name = "practices/submit_info.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, criteria=criteria_with_scales())
