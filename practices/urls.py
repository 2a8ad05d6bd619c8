from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("practices/", views.PracticeListView.as_view(), name="practice_list"),
    path("practices/<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    path(
        "practices/preview/<int:pk>/", views.PracticePreviewView.as_view(), name="practice_preview"
    ),
    path("reports/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("submit/", views.SubmitInfoView.as_view(), name="submit_info"),
]
