"""Making provider logins. A login signs in with its email address, which is
also its username, so two people cannot share one."""

from django.contrib.auth import get_user_model

from .models import ProviderLogin


def username_for(email):
    return email.strip().lower()


def email_in_use(email):
    return get_user_model().objects.filter(username=username_for(email)).exists()


def create_login(page, email, password=None, active=True):
    """A new user acting for ``page``; no password means it cannot sign in
    until one is set (by an invitation or a reset)."""
    user = get_user_model().objects.create_user(
        username=username_for(email), email=email.strip(), password=password
    )
    if not active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ProviderLogin.objects.create(user=user, page=page)
    return user
