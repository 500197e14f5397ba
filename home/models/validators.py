from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import URLField as URLFormField

HTTPS_ONLY_MESSAGE = (
    "Use a secure web address that starts with https:// "
    "(for example https://www.example.org.uk)."
)


def validate_https_url(value):
    """Reject any web address that is not served over https."""
    if value and urlsplit(value).scheme.lower() != "https":
        raise ValidationError(HTTPS_ONLY_MESSAGE, code="https_only")


class HttpsURLField(models.URLField):
    """A URL field that accepts only https, and assumes it when no scheme is given."""

    default_validators = [*models.URLField.default_validators, validate_https_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": URLFormField, "assume_scheme": "https", **kwargs}
        )
