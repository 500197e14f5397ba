# The register lists providers in name order, a page at a time
# (home/register.py, NAME_ORDER). Without an index on that order the database
# sorts every provider to find the first 20; with it, it reads the first 20.
# The index is on Wagtail's page table, where the titles are, so it is made
# here in SQL (SQLite and PostgreSQL read this statement alike).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_easy_read_pages"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX home_page_title_order "
            'ON "wagtailcore_page" (LOWER("title"), "path")',
            "DROP INDEX home_page_title_order",
        ),
    ]
