from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("", include("practices.urls")),
    path("", include("submissions.urls")),
    path("", include("guides.urls")),
    path("api/v1/", include("practices.api.urls")),
    path("admin/", admin.site.urls),
)
