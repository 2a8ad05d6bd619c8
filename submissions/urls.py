from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    # The submitter's side, under the public "Submit a practice" page (practices:submit_info).
    path("submit/new/", views.submission_create, name="submission_create"),
    path("submit/link/", views.link_request, name="link_request"),
    path("submit/organisations/", views.organisation_suggest, name="organisation_suggest"),
    path("submit/access/<str:token>/", views.submission_access, name="submission_access"),
    path("submit/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submit/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("submit/<int:pk>/message/", views.submission_message, name="submission_message"),
    path(
        "submit/<int:pk>/reports/<int:attachment_pk>/remove/",
        views.submission_attachment_remove,
        name="submission_attachment_remove",
    ),
    path("submit/<int:pk>/<slug:step>/", views.submission_step, name="submission_step"),
    # Staff.
    path("review/", views.review_queue_view, name="review_queue"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("review/<int:pk>/texts/", views.review_edit, name="review_edit"),
    path("review/<int:pk>/assessment/", views.review_assess, name="review_assess"),
    path("review/<int:pk>/assign/", views.review_assign, name="review_assign"),
    path("review/<int:pk>/recommend/", views.review_recommend, name="review_recommend"),
    path("review/<int:pk>/notes/", views.review_note, name="review_note"),
    path("review/<int:pk>/messages/", views.review_message, name="review_message"),
    path("review/<int:pk>/links/revoke/", views.review_links_revoke, name="review_links_revoke"),
    path(
        "review/<int:pk>/reports/<int:attachment_pk>/public/",
        views.review_attachment_public,
        name="review_attachment_public",
    ),
    path("review/<int:pk>/<slug:action>/", views.review_transition, name="review_transition"),
]
