from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.accounts import DEMO_PASSWORD, load_demo_logins
from home.demo.loader import load_demo_content


class Command(BaseCommand):
    help = (
        "Build or refresh the demo site: home, the Code, the FAQ and the register "
        "with demo providers. Safe to run again. With DEBUG on, also creates an "
        "editor login (the admin) and a provider login (/account/)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            home, register, outcomes = load_demo_content()
            logins = load_demo_logins(home, register) if settings.DEBUG else []
        summary = ", ".join(
            f"{count} {name}" for name, count in sorted(outcomes.items())
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary} pages."))
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        for description, username, where in logins:
            self.stdout.write(
                f"  {description}: username {username}, password {DEMO_PASSWORD}, "
                f"sign in at {base}{where}"
            )
