from django import template

from home import shared_parts
from home.models.public_page import SITE_DESCRIPTION

register = template.Library()


def current_state(path, url, is_home):
    """aria-current: "page" for the page itself, "true" for the section it is in."""
    if path == url:
        return "page"
    if not is_home and path.startswith(url):
        return "true"
    return ""


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """The home page and its live 'show in menus' children."""
    request = context.get("request")
    menu = shared_parts.get(request, "menu", [])
    items = [
        {"title": title, "url": url, "current": current_state(request.path, url, home)}
        for title, url, home in menu
    ]
    return {"items": items}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own address: what the view chose, else the path without its
    query string (tracking tags and the like). Empty without a request."""
    if context.get("canonical_url"):
        return context["canonical_url"]
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request else ""


@register.simple_tag(takes_context=True)
def meta_description(context):
    page = context.get("page")
    if hasattr(page, "meta_description"):
        return page.meta_description()
    return SITE_DESCRIPTION


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The links editors chose under Settings › Footer links."""
    return {"links": shared_parts.get(context.get("request"), "footer_links", [])}


@register.simple_tag(takes_context=True)
def suspension_help_url(context):
    """``{% suspension_help_url as url %}``: the FAQ's answer on what a
    suspension means, which every suspension notice links to ("" when there
    is no FAQ page)."""
    return shared_parts.get(context.get("request"), "suspension_help_url", "")
