from django import template

from home import shared_parts
from home.models import EasyReadLinks

register = template.Library()


@register.simple_tag(takes_context=True)
def easy_read_links(context):
    """``{% easy_read_links as links %}``: ``links.code`` and ``links.notice``,
    the addresses of the pages chosen under Settings › Easy Read pages, each
    None when none is chosen or it is not published."""
    # An inclusion tag's template has no "request" variable, but its context
    # still carries the request it was made from.
    request = getattr(context, "request", None) or context.get("request")
    return shared_parts.get(request, "easy_read_links", EasyReadLinks())
