from django.core.management.base import BaseCommand

from duq_workflow.sender import send_queued


class Command(BaseCommand):
    help = "Send the queued emails that are ready (the outbox sender, once)."

    def handle(self, *args, **options):
        self.stdout.write(send_queued().summary())
