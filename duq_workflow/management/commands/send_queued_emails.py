from django.core.management.base import BaseCommand

from duq_workflow.management.moments import add_now_argument, check_rehearsal
from duq_workflow.sender import send_queued


class Command(BaseCommand):
    help = "Send the queued emails that are ready (the outbox sender, once)."

    def add_arguments(self, parser):
        add_now_argument(parser)

    def handle(self, *args, now=None, **options):
        check_rehearsal(now, False, "send_queued_emails")
        self.stdout.write(send_queued(now=now).summary())
