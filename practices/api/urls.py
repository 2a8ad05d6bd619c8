from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("practices", views.PracticeViewSet, basename="practice")

urlpatterns = [
    path("", include(router.urls)),
    path("vocabularies/", views.VocabularyListView.as_view(), name="vocabulary_list"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation_list"),
    path("criteria/", views.CriterionListView.as_view(), name="criterion_list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
