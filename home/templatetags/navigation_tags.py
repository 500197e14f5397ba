from django import template
from wagtail.models import Site

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
