from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import URLField as URLFormField

HTTPS_MESSAGE = (
    "Use a secure web address that starts with https:// "
    "(for example https://www.example.org.uk)."
)


PORT_MESSAGE = "This web address has a port number that cannot exist."


def validate_https(value):
    """Accept only web addresses served over https (an allow-list: every other
    scheme is refused), with a port that can exist."""
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        raise ValidationError(HTTPS_MESSAGE, code="https_only")
    try:
        parts.port  # noqa: B018 - reading it checks its range (0 to 65535)
    except ValueError:
        raise ValidationError(PORT_MESSAGE, code="invalid") from None


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
