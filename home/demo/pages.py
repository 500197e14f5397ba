"""Create-or-update for pages, so loading the demo twice leaves one copy of each."""

import json

from wagtail.fields import StreamField
from wagtail.models import Page


def strip_block_ids(value):
    """StreamField data without block ids, which are new every time data is set."""
    if isinstance(value, dict):
        return {
            key: strip_block_ids(item) for key, item in value.items() if key != "id"
        }
    if isinstance(value, list):
        return [strip_block_ids(item) for item in value]
    return value


def content_signature(page, field_names):
    """A comparable snapshot of ``field_names`` as they would be saved."""
    data = page.serializable_data()
    chosen = {}
    for name in field_names:
        if isinstance(page._meta.get_field(name), StreamField):
            chosen[name] = getattr(page, name).get_prep_value()
        else:
            chosen[name] = data.get(name)
    return json.dumps(strip_block_ids(chosen), sort_keys=True, default=str)


def upsert_page(parent, page_class, slug, fields):
    """
    The child of ``parent`` with ``slug``, created or brought up to date with
    ``fields``. A new revision is published only when something changed.
    Returns the page and "created", "updated" or "unchanged".
    """
    page = page_class.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = page_class(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, "created"
    before = content_signature(page, fields)
    for name, value in fields.items():
        setattr(page, name, value)
    if content_signature(page, fields) == before and page.live:
        return page, "unchanged"
    page.save_revision().publish()
    return page, "updated"


def remove_wagtail_welcome_page(root, site):
    """Delete the placeholder page from Wagtail's first migration, keeping the Site."""
    welcome = Page.objects.child_of(root).filter(
        content_type__app_label="wagtailcore", content_type__model="page"
    )
    if site is not None and welcome.filter(pk=site.root_page_id).exists():
        site.root_page = root
        site.save()
    welcome.delete()
