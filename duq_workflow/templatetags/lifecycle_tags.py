"""Public rendering of lifecycle notices, for any page type that opts in."""

from django import template

register = template.Library()


@register.inclusion_tag("duq_workflow/public/notices.html")
def lifecycle_notices(notices):
    """The notices of a page's lifecycles (see ``duq_workflow.notices``)."""
    return {"notices": notices}
