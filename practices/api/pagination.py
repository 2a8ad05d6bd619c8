from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class PracticePagination(PageNumberPagination):
    """Pages of the catalogue's size; ``?page_size=`` up to 100 (more gives 100).

    A page or page size that is not a whole number from 1, or a page past the last,
    gets a 400 answer naming the parameter, as a bad filter value does.
    """

    page_size = settings.CATALOGUE_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100
    # Django's paginator says what is wrong ("That page contains no results").
    invalid_page_message = "{message}."

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is not None:
            try:
                forms.IntegerField(min_value=1).clean(value)
            except DjangoValidationError as error:
                raise ValidationError({self.page_size_query_param: error.messages}) from None
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise ValidationError({self.page_query_param: [error.detail]}) from None
