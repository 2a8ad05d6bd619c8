from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class PracticePagination(PageNumberPagination):
    """Pages of the catalogue's size; ``?page_size=`` up to 100."""

    page_size = settings.CATALOGUE_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100
