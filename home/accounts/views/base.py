from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import FormView

from ..access import ProviderRequiredMixin
from ..forms import put_errors


class ProviderFormView(ProviderRequiredMixin, FormView):
    """A provider's form whose action may be refused by the service that does
    it: the refusal comes back at its field, nothing is written, and the form
    keeps what was typed. On success, back to "Where you stand" with a message
    that says what happens next."""

    success_url = "/account/"

    def act(self, form):
        """Do the form's action; return the confirmation, or None if nothing
        needed doing."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                confirmation = self.act(form)
        except ValidationError as error:
            put_errors(form, error)
            return self.form_invalid(form)
        if confirmation:
            messages.success(self.request, confirmation)
        return redirect(self.get_success_url())
