from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def pdf_max_practices():
    """``{% pdf_max_practices as limit %}``: the most practices a PDF made on request holds."""
    return settings.PDF_MAX_PRACTICES
