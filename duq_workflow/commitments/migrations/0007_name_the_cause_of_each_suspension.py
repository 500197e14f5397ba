"""Suspensions made before their cause was kept say why, read from the page's
history: an editor's "Suspend", or the deadline for a report. Their public
notice then names the right cause."""

from django.db import migrations

REPORTING = "duq.reporting"


def name_the_cause(apps, schema_editor):
    Instance = apps.get_model("duq_workflow", "LifecycleInstance")
    LogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    suspended = Instance.objects.filter(workflow=REPORTING, state="suspended")
    for instance in suspended.iterator():
        if "suspended_for" in instance.data:
            continue
        entry = (
            LogEntry.objects.filter(
                page_id=instance.page_id,
                data__workflow=REPORTING,
                data__to="suspended",
            )
            .order_by("-timestamp", "-pk")
            .first()
        )
        by_editors = entry is not None and entry.data.get("transition") == "suspend"
        instance.data["suspended_for"] = "editors" if by_editors else "no_report"
        instance.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("duq_commitments", "0006_notices_by_cause_and_emails_for_each_case"),
        ("duq_workflow", "0005_outbox_claims_retry_time_failure"),
        ("wagtailcore", "0089_log_entry_data_json_null_to_object"),
    ]

    operations = [migrations.RunPython(name_the_cause, migrations.RunPython.noop)]
