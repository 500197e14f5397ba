"""Forms anyone may send without signing in (a sign-up, a concern) are
limited per internet address with django-ratelimit, counted in the cache."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


class RateLimitedFormMixin:
    """For a ``FormView`` whose form is a ``DescribedFormMixin``: a valid
    form sent once too often from the visitor's address is shown again with
    ``too_many_message`` and nothing typed lost; otherwise :meth:`accepted`
    takes it.

    ``rate_group`` names the count; ``rate_setting`` names the Django setting
    with the rate (``5/h``), read on each request so a changed setting counts.
    """

    rate_group = ""
    rate_setting = ""
    too_many_message = ""

    def form_valid(self, form):
        if self.too_many():
            form.add_error(None, self.too_many_message)
            form.describe_fields()
            return self.form_invalid(form)
        return self.accepted(form)

    def accepted(self, form):
        raise NotImplementedError

    def too_many(self):
        """Counts this sending against the visitor's address."""
        return is_ratelimited(
            self.request,
            group=self.rate_group,
            key="ip",
            rate=getattr(settings, self.rate_setting),
            method="POST",
            increment=True,
        )
