from django import template
from wagtail.models import Site

from home.models import FooterLinks
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
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    home = site.root_page
    items = [{"title": "Home", "url": home.get_url(request), "is_home": True}]
    items += [
        {"title": child.title, "url": child.get_url(request), "is_home": False}
        for child in home.get_children().live().in_menu()
    ]
    for item in items:
        item["current"] = current_state(request.path, item["url"], item["is_home"])
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
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"links": []}
    links = FooterLinks.for_site(site).live_links()
    return {"links": [(label, page.get_url(request)) for label, page in links]}
