from django import template

from home.models import EasyReadLinks, EasyReadPages

register = template.Library()


@register.simple_tag(takes_context=True)
def easy_read_links(context):
    """``{% easy_read_links as links %}``: ``links.code`` and ``links.notice``,
    the addresses of the pages chosen under Settings › Easy Read pages, each
    None when none is chosen or it is not published."""
    # An inclusion tag's template has no "request" variable, but its context
    # still carries the request it was made from.
    request = getattr(context, "request", None) or context.get("request")
    if request is None:
        return EasyReadLinks()
    return EasyReadPages.links_for_request(request)
