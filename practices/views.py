from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache, patch_cache_control
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from evaluations.charts import comparison_chart, practice_chart
from evaluations.selectors import comparison_evaluation, is_evaluated, practice_evaluation

from .access import session_link
from .charts import TILES, country_tile_map, shades
from .choices import Language
from .citations import FORMATS, as_text, practice_citation, schema_org
from .exports import csv_chunks, json_chunks
from .filtersets import PracticeFilterSet
from .models import Attachment
from .selectors import (
    COMPARISON_MAX,
    comparison_practices,
    comparison_requested,
    comparison_selection,
    country_counts,
    criteria_with_scales,
    home_summary,
    practice_detail,
    practice_for_citation,
    practice_list,
    practice_open_data,
    practice_preview,
    published_practice,
    related_practices,
    with_search_passages,
)
from .services import comparison_add, comparison_clear, comparison_remove, comparison_replace
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

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.filterset.result_count()
        return paginator

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
        citation = practice_citation(
            practice=self.object,
            url=self.request.build_absolute_uri(self.object.get_absolute_url()),
        )
        context["citation"] = as_text(citation)
        context["structured_data"] = schema_org(citation, self.object)
        context["related"] = related_practices(practice=self.object)
        return context


@method_decorator(never_cache, name="dispatch")
class PracticePreviewView(PermissionRequiredMixin, PracticeDetailView):
    """A practice of any status as its public page would show it; staff only, never cached."""

    permission_required = REVIEW

    def get_object(self, queryset=None):
        return practice_preview(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, preview=True)


@require_safe
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


@require_safe
def practice_citation_view(request, slug, extension):
    """The practice's citation as a file: RIS, BibTeX or CSL-JSON."""
    citation_format = FORMATS.get(extension)
    if citation_format is None:
        raise Http404
    practice = practice_for_citation(slug=slug)
    citation = practice_citation(
        practice=practice, url=request.build_absolute_uri(practice.get_absolute_url())
    )
    response = HttpResponse(
        citation_format.render(citation), content_type=citation_format.content_type
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{citation.key}.{citation_format.extension}"
    )
    return response


class SubmitInfoView(TemplateView):
    """Who may submit a practice, what makes a good one, and what happens next."""

    template_name = "practices/submit_info.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, criteria=criteria_with_scales(), languages=Language.choices
        )


class ComparisonView(TemplateView):
    """2 to 4 practices side by side: the visitor's selection, or the one in the link
    (``?p=slug&p=slug``), which anyone can open."""

    template_name = "practices/comparison.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = comparison_selection(session=self.request.session)
        requested = comparison_requested(values=self.request.GET.getlist("p"))
        slugs = requested[:COMPARISON_MAX] if requested else own
        practices = comparison_practices(slugs=slugs)
        criteria = criteria_with_scales()
        ratings, rows = comparison_evaluation(practices=practices, criteria=criteria)
        shown = [practice.slug for practice in practices]
        evaluated = any(is_evaluated(practice_ratings) for practice_ratings in ratings)
        context.update(
            practices=practices,
            criterion_rows=rows,
            chart=comparison_chart(
                practices=practices, ratings_per_practice=ratings, criteria=criteria
            )
            if evaluated
            else None,
            left_out=len(slugs) - len(practices),
            too_many=len(requested) > COMPARISON_MAX,
            is_own_selection=shown == own,
            comparison_max=COMPARISON_MAX,
            share_url=self.request.build_absolute_uri(
                reverse("practices:comparison") + "?" + urlencode([("p", slug) for slug in shown])
            ),
        )
        return context


def _comparison_done(request, *, message, selected, error=False):
    """Answer a comparison form: JSON for the page's script, else back where the visitor
    was, with the message."""
    count = len(comparison_selection(session=request.session))
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse(
            {"message": message, "selected": selected, "count": count},
            status=409 if error else 200,
        )
    (messages.error if error else messages.success)(request, message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("practices:comparison")
    return redirect(target)


@require_POST
def comparison_add_view(request):
    practice = published_practice(slug=request.POST.get("practice", ""))
    try:
        slugs = comparison_add(session=request.session, practice=practice)
    except ValidationError as error:
        return _comparison_done(request, message=error.messages[0], selected=False, error=True)
    message = _("“{title}” is in the comparison ({count} of {max}).").format(
        title=practice.title, count=len(slugs), max=COMPARISON_MAX
    )
    return _comparison_done(request, message=message, selected=True)


@require_POST
def comparison_remove_view(request):
    practice = published_practice(slug=request.POST.get("practice", ""))
    comparison_remove(session=request.session, slug=practice.slug)
    message = _("“{title}” is no longer in the comparison.").format(title=practice.title)
    return _comparison_done(request, message=message, selected=False)


@require_POST
def comparison_keep_view(request):
    """Make the practices of a shared comparison link the visitor's own selection."""
    slugs = comparison_requested(values=request.POST.getlist("p"))[:COMPARISON_MAX]
    comparison_replace(session=request.session, practices=comparison_practices(slugs=slugs))
    messages.success(request, _("This comparison is now your selection."))
    return redirect("practices:comparison")


@require_POST
def comparison_clear_view(request):
    comparison_clear(session=request.session)
    messages.success(request, _("The comparison is empty."))
    return redirect("practices:comparison")


class CountryOverviewView(TemplateView):
    """Where practices come from: a tile map of Europe and a table of every country."""

    template_name = "practices/country_overview.html"

    def get_context_data(self, **kwargs):
        counts = country_counts()
        classes = shades(max((entry.count for entry in counts), default=0))
        return super().get_context_data(
            **kwargs,
            counts=counts,
            classes=classes,
            country_map=country_tile_map(counts, classes=classes),
            off_map=[entry for entry in counts if entry.country.code not in TILES],
        )


def invalid_filters_response(filterset):
    """400, naming each filter whose value is not valid (the exports and the feed; the
    catalogue shows the errors next to the filters, the API in JSON)."""
    problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    return HttpResponseBadRequest(
        "\n".join([_("Some filter values are not valid:"), *problems]),
        content_type="text/plain; charset=utf-8",
    )


EXPORT_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_safe
def practice_export_view(request, extension):
    """The catalogue's current result set (same filters, search and sort) as open data.

    ``?languages=both`` gives English and French side by side; ``?separator=semicolon``
    a CSV for spreadsheets in French and other continental locales.
    """
    if extension not in EXPORT_CONTENT_TYPES:
        raise Http404
    filterset = PracticeFilterSet(request.GET or None, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return invalid_filters_response(filterset)
    bilingual = request.GET.get("languages") == "both"
    options = {
        "criteria": criteria_with_scales(),
        "request": request,
        "bilingual": bilingual,
    }
    queryset = practice_open_data(filterset=filterset)
    if extension == "csv":
        delimiter = ";" if request.GET.get("separator") == "semicolon" else ","
        chunks = csv_chunks(queryset, delimiter=delimiter, **options)
    else:
        chunks = json_chunks(queryset, **options)
    languages = "en-fr" if bilingual else request.LANGUAGE_CODE
    filename = f"efus-practices-{timezone.localdate().isoformat()}-{languages}.{extension}"
    response = StreamingHttpResponse(chunks, content_type=EXPORT_CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
