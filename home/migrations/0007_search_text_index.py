# Wagtail's PostgreSQL search matches a search on an index entry's title and
# body together (``title || body``), which its own indexes (one on each) do
# not serve: every search read every entry, about 18 ms at 10,000 providers
# even for a word nobody has. An index on that expression serves the match
# (0.2 ms for such a word) and gives PostgreSQL's planner the statistics to
# tell how many entries a word matches. SQLite's search has no such column.

from django.db import migrations

INDEX = "home_search_text"
TABLE = "wagtailsearch_indexentry"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON "{TABLE}" '
            'USING GIN (("title" || "body"))'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_provider_signed_up_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
