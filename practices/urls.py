from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import PracticeFeed

app_name = "practices"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("practices/", views.PracticeListView.as_view(), name="practice_list"),
    path("practices/feed/", require_safe(PracticeFeed()), name="practice_feed"),
    path("practices/export.<str:extension>", views.practice_export_view, name="practice_export"),
    path("practices/<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    path(
        "practices/preview/<int:pk>/", views.PracticePreviewView.as_view(), name="practice_preview"
    ),
    path("reports/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(
        "practices/<slug:slug>/cite.<str:extension>",
        views.practice_citation_view,
        name="practice_citation",
    ),
    path("submit/", views.SubmitInfoView.as_view(), name="submit_info"),
    path("countries/", views.CountryOverviewView.as_view(), name="country_overview"),
    path("compare/", views.ComparisonView.as_view(), name="comparison"),
    path("compare/add/", views.comparison_add_view, name="comparison_add"),
    path("compare/remove/", views.comparison_remove_view, name="comparison_remove"),
    path("compare/keep/", views.comparison_keep_view, name="comparison_keep"),
    path("compare/clear/", views.comparison_clear_view, name="comparison_clear"),
]
