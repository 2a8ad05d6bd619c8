from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache, patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView

from evaluations.charts import practice_chart
from evaluations.selectors import is_evaluated, practice_evaluation

from .access import session_link
from .choices import Language
from .filtersets import PracticeFilterSet
from .models import Attachment
from .selectors import (
    criteria_with_scales,
    home_summary,
    practice_detail,
    practice_list,
    practice_preview,
)
from .workflow import REVIEW, can_review


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["facets"] = self.filterset.facets()
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


@method_decorator(never_cache, name="dispatch")
class PracticePreviewView(PermissionRequiredMixin, PracticeDetailView):
    """A practice of any status as its public page would show it; staff only, never cached."""

    permission_required = REVIEW

    def get_object(self, queryset=None):
        return practice_preview(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, preview=True)


def attachment_download(request, pk):
    """Send a report to who may read it; the file itself is never reachable by address.

    Staff who review may read every report, the submitter those of their practice, the
    public only those an editor made public, while their practice is published.
    """
    attachment = get_object_or_404(Attachment.objects.select_related("practice"), pk=pk)
    public = attachment.is_public and attachment.practice.is_published
    if not (
        public
        or can_review(request.user)
        or session_link(request, attachment.practice_id) is not None
    ):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


class SubmitInfoView(TemplateView):
    """Who may submit a practice, what makes a good one, and what happens next."""

    template_name = "practices/submit_info.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, criteria=criteria_with_scales(), languages=Language.choices
        )
