"""A site that had the Code, FAQ and register in a fixed footer keeps those
links, now as footer links editors can change."""

from django.db import migrations

# The footer's fixed links before editors chose them, in their order.
FORMER_FOOTER = [
    ("codepage", "The Code"),
    ("faqpage", "Questions and answers"),
    ("registerpage", "Signatories"),
]


def link_existing_pages(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    FooterLinks = apps.get_model("home", "FooterLinks")
    FooterLink = apps.get_model("home", "FooterLink")
    for site in Site.objects.select_related("root_page"):
        footer, _created = FooterLinks.objects.get_or_create(site=site)
        if footer.links.exists():
            continue
        root = site.root_page
        children = Page.objects.filter(
            path__startswith=root.path, depth=root.depth + 1, live=True
        )
        order = 0
        for model, label in FORMER_FOOTER:
            page = children.filter(
                content_type__app_label="home", content_type__model=model
            ).first()
            if page is not None:
                FooterLink.objects.create(
                    footer=footer, page=page, label=label, sort_order=order
                )
                order += 1


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_footer_links"),
    ]

    operations = [migrations.RunPython(link_existing_pages, migrations.RunPython.noop)]
