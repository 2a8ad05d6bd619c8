from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("practices/", views.PracticeListView.as_view(), name="practice_list"),
    path("practices/<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    path("submit/", views.SubmitInfoView.as_view(), name="submit_info"),
]
