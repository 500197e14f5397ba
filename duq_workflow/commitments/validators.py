from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import URLField as URLFormField

HTTPS_MESSAGE = (
    "Use a secure web address that starts with https:// "
    "(for example https://www.example.org.uk)."
)


def validate_https(value):
    """Reject any web address that is not served over https."""
    if value and urlsplit(value).scheme.lower() != "https":
        raise ValidationError(HTTPS_MESSAGE, code="https_only")


class SecureURLField(models.URLField):
    """A link that must be https; a missing scheme is taken to be https."""

    default_validators = [*models.URLField.default_validators, validate_https]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": URLFormField, "assume_scheme": "https", **kwargs}
        )
