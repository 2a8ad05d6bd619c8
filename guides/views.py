"""Guides: public pages, PDFs, background builds and the editors' guide builder."""

import copy
import io
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from practices.filtersets import PracticeFilterSet
from practices.i18n import translated
from practices.selectors import (
    COMPARISON_MAX,
    comparison_practices,
    comparison_requested,
    comparison_selection,
    practice_detail,
)

from . import services
from .forms import (
    AddPracticeForm,
    BuildForm,
    ChapterForm,
    GuideForm,
    MoveForm,
    PracticeSearchForm,
)
from .models import Chapter, ChapterPractice, Guide
from .pdf import render_practices_pdf
from .selectors import (
    SEARCH_LIMIT,
    build_detail,
    can_edit_guides,
    document_practices,
    guide_builder,
    guide_detail,
    guide_list,
    guide_pdf_links,
    guides_for_editors,
    practice_selection,
    visible_guide,
)

# --- PDF responses ----------------------------------------------------------------


def pdf_response(content, *, filename):
    """A PDF download named ``filename``."""
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type="application/pdf"
    )


def too_many_practices(request, *, count, back_url):
    """The page that refuses a PDF of ``count`` practices and says how to get one."""
    context = {"count": count, "limit": settings.PDF_MAX_PRACTICES, "back_url": back_url}
    return render(request, "guides/pdf_too_large.html", context, status=400)


def nothing_to_print(request, *, message, back_url):
    """The page that says why there is no PDF to make, and leads back."""
    context = {"message": message, "back_url": back_url}
    return render(request, "guides/pdf_empty_selection.html", context, status=400)


def practices_pdf_response(
    request, *, practices, title, filename, back_url, description="", compare=False
):
    """The PDF of an ordered list of published practices, in the page's language.

    ``practices`` must come from ``guides.selectors.document_practices`` (or
    ``practices.selectors.practice_detail``): one practice, a comparison, or a
    catalogue selection no longer than ``settings.PDF_MAX_PRACTICES``
    (``guides.selectors.practice_selection``), so a web process never lays out a
    whole guide.
    """
    rendered = render_practices_pdf(
        practices=practices,
        language=translation.get_language(),
        title=title,
        description=description,
        compare=compare,
    )
    return pdf_response(rendered.content, filename=filename)


def practice_pdf(request, slug):
    """One published practice as a PDF (the "Download PDF" link on its page)."""
    practice = practice_detail(slug=slug)
    return practices_pdf_response(
        request,
        practices=[practice],
        title=translated(practice, "title"),
        filename=f"{practice.slug}-{translation.get_language()}.pdf",
        back_url=practice.get_absolute_url(),
    )


def practice_list_pdf(request):
    """The catalogue's current result set (same filters, same order) as one PDF."""
    filterset = PracticeFilterSet(request.GET or None, request=request)
    back_url = reverse("practices:practice_list")
    if request.GET:
        back_url += "?" + request.GET.urlencode()
    selection = practice_selection(filterset=filterset)
    if not selection.count:
        message = (
            _(
                "Some filter values are not valid, so no practice matches. See the message "
                "next to the filter concerned."
            )
            if selection.invalid_filters
            else _(
                "No published practice matches these filters. Remove a filter to widen the search."
            )
        )
        return nothing_to_print(request, message=message, back_url=back_url)
    if selection.too_large:
        return too_many_practices(request, count=selection.count, back_url=back_url)
    return practices_pdf_response(
        request,
        practices=document_practices(pks=selection.pks),
        title=_("A selection of practices"),
        description=", ".join(filterset.describe()),
        filename=f"practices-{translation.get_language()}.pdf",
        back_url=back_url,
    )


def comparison_pdf(request):
    """The comparison (the link's ``?p=slug&p=slug``, else the visitor's selection) as a PDF."""
    slugs = comparison_requested(values=request.GET.getlist("p"))[:COMPARISON_MAX] or (
        comparison_selection(session=request.session)
    )
    compared = comparison_practices(slugs=slugs)
    back_url = reverse("practices:comparison")
    if request.GET:
        back_url += "?" + request.GET.urlencode()
    if not compared:
        message = _("No published practice is selected for comparison.")
        return nothing_to_print(request, message=message, back_url=back_url)
    return practices_pdf_response(
        request,
        practices=document_practices(pks=[practice.pk for practice in compared]),
        title=_("Comparison of practices"),
        filename=f"comparison-{translation.get_language()}.pdf",
        back_url=back_url,
        compare=True,
    )


# --- Public guide pages ---------------------------------------------------------


class GuideListView(ListView):
    """Published guides."""

    template_name = "guides/guide_list.html"
    context_object_name = "guides"

    def get_queryset(self):
        return guide_list()


class GuideDetailView(DetailView):
    """A guide's chapters and practices; editors also see drafts (never cached)."""

    template_name = "guides/guide_detail.html"
    context_object_name = "guide"

    def get_object(self, queryset=None):
        return guide_detail(slug=self.kwargs["slug"], user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            can_edit=can_edit_guides(self.request.user),
            pdf_links=guide_pdf_links(guide=self.object),
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


def guide_pdf(request, slug):
    """The guide's PDF in the page's language: the cached file, or a build to wait for."""
    guide = visible_guide(slug=slug, user=request.user)
    build = services.guide_build_request(
        guide=guide, language=translation.get_language(), by=request.user
    )
    if build.is_done:
        return _build_file_response(build, private=not guide.is_published)
    return redirect(build)


def _build_file_response(build, *, private):
    response = FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=f"{build.guide.slug}-{build.language}.pdf",
        content_type="application/pdf",
    )
    if private:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, private=True, max_age=300)
    return response


@never_cache
def build_status(request, pk):
    """A build's progress page; it refreshes itself until the PDF is ready or failed."""
    build = build_detail(pk=pk, user=request.user)
    if build.superseded:
        return redirect(build.guide.get_pdf_url(build.language))
    context = {"build": build, "can_edit": can_edit_guides(request.user)}
    return render(request, "guides/build_detail.html", context)


@never_cache
def build_status_json(request, pk):
    """The same progress, for the page's script (which reloads the page once finished)."""
    build = build_detail(pk=pk, user=request.user)
    return JsonResponse(
        {
            "status": build.status,
            "status_label": build.get_status_display(),
            "finished": build.is_finished,
            "lost": build.is_lost,
            "pages_done": build.pages_done,
            "pages": build.pages,
            "practices_total": build.practices_total,
            "progress_text": build.progress_text,
            "download_url": reverse("guides:build_download", kwargs={"pk": build.pk})
            if build.is_done and not build.superseded
            else None,
        }
    )


def build_download(request, pk):
    """A finished build's PDF; readers holding the link to an old edition get the current one."""
    build = build_detail(pk=pk, user=request.user)
    if build.superseded:
        return redirect(build.guide.get_pdf_url(build.language))
    if not (build.is_done and build.file):
        raise Http404
    return _build_file_response(build, private=not build.guide.is_published)


# --- The guide builder (editors) ------------------------------------------------


def editor_required(permission="guides.change_guide"):
    """Staff with ``permission`` only: others are sent to log in, or refused (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (can_edit_guides(user) and user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(wrapper)

    return decorator


@method_decorator(editor_required(), name="dispatch")
class GuideManageListView(ListView):
    """Every guide, drafts included, and a form to start a new one."""

    template_name = "guides/guide_manage_list.html"
    context_object_name = "guides"

    def get_queryset(self):
        return guides_for_editors()


@editor_required("guides.add_guide")
def guide_create(request):
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.guide_create(by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The guide was created. Now add its chapters."))
            return redirect("guides:guide_builder", slug=guide.slug)
    return render(request, "guides/guide_form.html", {"form": form})


@editor_required()
def builder(request, slug):
    """Compose a guide: its details, chapters, practices, publication and PDFs."""
    search = PracticeSearchForm(request.GET)
    page = guide_builder(slug=slug, query=search.query)
    # The form edits a copy: the page keeps showing the saved guide until it is valid.
    form = GuideForm(request.POST or None, instance=copy.copy(page.guide), prefix="guide")
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.guide_update(
                guide=form.instance, by=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The guide’s details were saved."))
            return redirect("guides:guide_builder", slug=guide.slug)
    context = {
        "guide": page.guide,
        "form": form,
        "chapters": page.chapters,
        "chapter_form": ChapterForm(prefix="chapter"),
        "search": search,
        "query": search.query,
        "results": page.results,
        "search_limit": SEARCH_LIMIT,
        "builds": page.editions,
        "can_publish": request.user.has_perm("guides.publish_guide"),
        "unpublished_count": page.unpublished_count,
    }
    return render(request, "guides/guide_builder.html", context)


def _back(guide, anchor=""):
    return redirect(reverse("guides:guide_builder", kwargs={"slug": guide.slug}) + anchor)


def _report(request, error):
    for message in error.messages:
        messages.error(request, message)


@require_POST
@editor_required()
def chapter_add(request, slug):
    guide = get_object_or_404(Guide, slug=slug)
    form = ChapterForm(request.POST, prefix="chapter")
    if form.is_valid():
        try:
            chapter = services.chapter_add(guide=guide, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The chapter was added."))
            return _back(guide, f"#chapter-{chapter.pk}")
    return render(request, "guides/chapter_form.html", {"guide": guide, "form": form})


@editor_required()
def chapter_edit(request, slug, pk):
    chapter = get_object_or_404(Chapter.objects.select_related("guide"), guide__slug=slug, pk=pk)
    form = ChapterForm(request.POST or None, instance=chapter, prefix="chapter")
    if request.method == "POST" and form.is_valid():
        try:
            services.chapter_update(chapter=chapter, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The chapter was saved."))
            return _back(chapter.guide, f"#chapter-{chapter.pk}")
    context = {"guide": chapter.guide, "chapter": chapter, "form": form}
    return render(request, "guides/chapter_form.html", context)


@editor_required()
def chapter_remove(request, slug, pk):
    """Ask first (GET), then remove the chapter (POST)."""
    chapter = get_object_or_404(Chapter.objects.select_related("guide"), guide__slug=slug, pk=pk)
    if request.method != "POST":
        return render(request, "guides/chapter_confirm_remove.html", {"chapter": chapter})
    services.chapter_remove(chapter=chapter, by=request.user)
    messages.success(request, _("The chapter was removed."))
    return _back(chapter.guide, "#chapters")


@require_POST
@editor_required()
def chapter_move(request, slug, pk):
    chapter = get_object_or_404(Chapter.objects.select_related("guide"), guide__slug=slug, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.chapter_move(
            chapter=chapter, direction=form.cleaned_data["direction"], by=request.user
        )
    else:
        messages.error(request, _("Choose whether to move the chapter up or down."))
    return _back(chapter.guide, f"#chapter-{chapter.pk}")


@require_POST
@editor_required()
def practice_add(request, slug):
    guide = get_object_or_404(Guide, slug=slug)
    form = AddPracticeForm(request.POST, guide=guide)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(guide, "#add-practices")
    chapter = form.cleaned_data["chapter"]
    try:
        services.chapter_practice_add(
            chapter=chapter, practice=form.cleaned_data["practice"], by=request.user
        )
    except ValidationError as error:
        _report(request, error)
        return _back(guide, "#add-practices")
    messages.success(
        request,
        _("“{practice}” was added to “{chapter}”.").format(
            practice=translated(form.cleaned_data["practice"], "title"),
            chapter=translated(chapter, "title"),
        ),
    )
    # Back to the same search, to add the next practice.
    query = request.POST.get("q", "").strip()
    url = reverse("guides:guide_builder", kwargs={"slug": guide.slug})
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url + "#add-practices")


def _entry(slug, pk):
    return get_object_or_404(
        ChapterPractice.objects.select_related("chapter__guide", "practice"),
        chapter__guide__slug=slug,
        pk=pk,
    )


@require_POST
@editor_required()
def practice_remove(request, slug, pk):
    entry = _entry(slug, pk)
    services.chapter_practice_remove(entry=entry, by=request.user)
    messages.success(
        request,
        _("“{practice}” was removed from the guide.").format(
            practice=translated(entry.practice, "title")
        ),
    )
    return _back(entry.chapter.guide, f"#chapter-{entry.chapter_id}")


@require_POST
@editor_required()
def practice_move(request, slug, pk):
    entry = _entry(slug, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        entry = services.chapter_practice_move(
            entry=entry, direction=form.cleaned_data["direction"], by=request.user
        )
    else:
        messages.error(request, _("Choose whether to move the practice up or down."))
    return _back(entry.chapter.guide, f"#entry-{entry.pk}")


@require_POST
@editor_required("guides.publish_guide")
def guide_publish(request, slug):
    guide = get_object_or_404(Guide, slug=slug)
    try:
        services.guide_publish(guide=guide, by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("The guide is published. Its PDFs are being built in the background.")
        )
    return _back(guide)


@require_POST
@editor_required("guides.publish_guide")
def guide_unpublish(request, slug):
    guide = get_object_or_404(Guide, slug=slug)
    services.guide_unpublish(guide=guide, by=request.user)
    messages.success(request, _("The guide is no longer published."))
    return _back(guide)


@require_POST
@editor_required()
def build_request(request, slug):
    """Build the guide's PDF again in one language, even if a cached one matches."""
    guide = get_object_or_404(Guide, slug=slug)
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the PDF to build."))
        return _back(guide, "#pdfs")
    build = services.guide_build_request(
        guide=guide, language=form.cleaned_data["language"], by=request.user, force=True
    )
    return redirect(build)
