from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Pages name their icon; this answers browsers and tools that ask for the old address.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    *i18n_patterns(
        path("", include("practices.urls")),
        path("", include("submissions.urls")),
        path("", include("guides.urls")),
        path("api/v1/", include("practices.api.urls")),
        path("admin/", admin.site.urls),
    ),
]
