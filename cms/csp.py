"""The site's Content-Security-Policy, with one allowance for the Wagtail admin.

The public pages keep to the policy in settings: only the site's own files,
no inline scripts or styles. The Wagtail admin's own templates still carry
inline scripts and ``style`` attributes (Wagtail 8), so under /admin/ those are
allowed too; everything it loads must still come from the site itself.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_ALLOWANCE, **(parts.update or {})}
        return parts
