"""Sign-in attempts, limited by django-axes."""

from axes.backends import AxesStandaloneBackend


def attempted_username(request, credentials):
    """The username as providers' sign-in reads it (case and spaces do not
    make a new name to try)."""
    source = credentials or getattr(request, "POST", {}) or {}
    return str(source.get("username", "")).strip().lower()


class SignInAttemptsBackend(AxesStandaloneBackend):
    """Axes' check on every sign-in made through a form (those always pass
    the request). An authentication made by code, with no request, is not a
    visitor's attempt and is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
