"""The site's Content-Security-Policy, with one allowance for the Wagtail admin.

The public pages keep to the policy in settings (no inline scripts or styles).
The Wagtail admin writes inline ``style`` attributes in its own templates, so
under /admin/ styles may also be inline; its scripts stay to files of our own.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
