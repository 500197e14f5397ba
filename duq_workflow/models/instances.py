"""Lifecycle instances: the live state of one workflow on one page.

State lives here and never in page fields: page fields are saved into
revisions, and publishing an old draft must not undo a suspension.
"""

import swapper
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _


class LifecycleInstanceQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(page_id=page.pk)

    def due(self, now):
        """Instances whose next check time has come (served by an index)."""
        return self.filter(next_check_at__lte=now)

    def with_page_summary(self):
        """Annotate each instance with its page's admin title, content type
        and ``url_path``, read in the same query, so history and messages can
        name and link the page without building a page object for each row
        (in a sweep, building them costs more than all of its writes).
        """
        return self.annotate(
            # Wagtail's admin title: the draft title, else the live one.
            _page_label=Coalesce(NullIf("page__draft_title", Value("")), "page__title"),
            _page_type_id=F("page__content_type_id"),
            _page_url_path=F("page__url_path"),
        )

    def open(self):
        """Instances that may still change by themselves (they have a timer)."""
        return self.filter(next_check_at__isnull=False)


class LifecycleInstance(models.Model):
    """One workflow's state for one page, keyed so a page can hold several.

    ``version`` is bumped by every write; writers compare and set it, so two
    sweeps never apply the same transition twice.
    """

    page = models.ForeignKey(
        swapper.get_model_name("wagtailcore", "Page"),
        on_delete=models.CASCADE,
        related_name="lifecycle_instances",
        verbose_name=_("page"),
    )
    workflow = models.CharField(_("workflow"), max_length=100)
    key = models.CharField(_("key"), max_length=100, blank=True, default="")
    state = models.CharField(_("state"), max_length=50)
    entered_at = models.DateTimeField(_("state entered at"))
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    next_check_at = models.DateTimeField(_("next check at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LifecycleInstanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("lifecycle instance")
        verbose_name_plural = _("lifecycle instances")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "workflow", "key"], name="duq_unique_instance_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["next_check_at"], name="duq_instance_due"),
            # The instances of a workflow in given states (the notices in
            # force, those withdrawn): a few among every page's instances.
            models.Index(fields=["workflow", "state"], name="duq_instance_state"),
        ]
        permissions = [
            ("manage_lifecycle", _("Can extend, suspend, reinstate or withdraw")),
        ]

    def __str__(self):
        suffix = f" [{self.key}]" if self.key else ""
        return f"{self.workflow}{suffix} on page {self.page_id}: {self.state}"

    @property
    def page_label(self):
        """The page's title as the admin shows it; read without loading the
        page when the instance came from ``with_page_summary()``."""
        try:
            return self._page_label
        except AttributeError:
            return self.page.get_admin_display_title()

    @property
    def page_type_id(self):
        """The id of the page's content type (its specific page model)."""
        try:
            return self._page_type_id
        except AttributeError:
            return self.page.content_type_id

    @property
    def definition(self):
        from duq_workflow.engine.registry import get_definition

        return get_definition(self.workflow)

    @property
    def state_spec(self):
        return self.definition.state(self.state)

    @property
    def notice(self):
        """The public notice the instance shows now, or None."""
        return self.definition.notice_for(self)
