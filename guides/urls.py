from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    # PDFs of practices, in the language of the address (/en/… or /fr/…).
    path("practices.pdf", views.practice_list_pdf, name="practice_list_pdf"),
    path("practices/<slug:slug>.pdf", views.practice_pdf, name="practice_pdf"),
    path("compare.pdf", views.comparison_pdf, name="comparison_pdf"),
    # Public guide pages and PDFs.
    path("guides/", views.GuideListView.as_view(), name="guide_list"),
    path("guides/<slug:slug>/", views.GuideDetailView.as_view(), name="guide_detail"),
    path("guides/<slug:slug>.pdf", views.guide_pdf, name="guide_pdf"),
    path("guides/builds/<uuid:pk>/", views.build_status, name="build_detail"),
    path("guides/builds/<uuid:pk>/status.json", views.build_status_json, name="build_status"),
    path("guides/builds/<uuid:pk>/download/", views.build_download, name="build_download"),
    # The guide builder (staff with the guide permissions).
    path("manage/guides/", views.GuideManageListView.as_view(), name="guide_manage_list"),
    path("manage/guides/new/", views.guide_create, name="guide_create"),
    path("manage/guides/<slug:slug>/", views.builder, name="guide_builder"),
    path("manage/guides/<slug:slug>/publish/", views.guide_publish, name="guide_publish"),
    path("manage/guides/<slug:slug>/unpublish/", views.guide_unpublish, name="guide_unpublish"),
    path("manage/guides/<slug:slug>/pdf/", views.build_request, name="build_request"),
    path("manage/guides/<slug:slug>/chapters/", views.chapter_add, name="chapter_add"),
    path("manage/guides/<slug:slug>/chapters/<int:pk>/", views.chapter_edit, name="chapter_edit"),
    path(
        "manage/guides/<slug:slug>/chapters/<int:pk>/remove/",
        views.chapter_remove,
        name="chapter_remove",
    ),
    path(
        "manage/guides/<slug:slug>/chapters/<int:pk>/move/",
        views.chapter_move,
        name="chapter_move",
    ),
    path("manage/guides/<slug:slug>/practices/", views.practice_add, name="practice_add"),
    path(
        "manage/guides/<slug:slug>/practices/<int:pk>/remove/",
        views.practice_remove,
        name="practice_remove",
    ),
    path(
        "manage/guides/<slug:slug>/practices/<int:pk>/move/",
        views.practice_move,
        name="practice_move",
    ),
]
