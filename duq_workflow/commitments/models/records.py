"""Records a provider's commitments rest on: report links and concerns.

They hang off the page but are not page fields, so publishing an old
revision neither loses nor revives them. Nothing here is ever deleted:
a withdrawn link keeps its row, its reason and who withdrew it.
"""

import swapper
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duq_workflow.commitments.validators import SecureURLField
from duq_workflow.commitments.words import long_date

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class Participant(models.TextChoices):
    PEOPLE_SUPPORTED = "people_supported", _("People who use the service")
    FAMILIES = "families", _("Family members")
    COMMISSIONERS = "commissioners", _("Commissioners")
    FRONTLINE_STAFF = "frontline_staff", _("Front-line staff")
    BOARD = "board", _("Trustees or board members")
    MANAGERS = "managers", _("Managers")


class Method(models.TextChoices):
    MEETINGS = "meetings", _("Meetings")
    SURVEYS = "surveys", _("Surveys")
    INTERVIEWS = "interviews", _("Interviews")
    OTHER = "other", _("Other ways")


class ReportLinkQuerySet(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_at__isnull=True)

    def full_reports(self):
        return self.filter(kind=ReportLink.Kind.REPORT)

    def interims(self):
        return self.filter(kind=ReportLink.Kind.INTERIM)

    def for_page(self, page):
        return self.filter(page_id=page.pk)

    def newest_first(self):
        return self.order_by("-published_on", "-pk")

    def latest_reports_first(self):
        """Live full reports, newest first: a page's first one is its latest
        report, the one its reporting year runs from (public pages, the
        register's CSV and the editors' register all read it so)."""
        return self.live().full_reports().newest_first()


class ReportLink(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Self-assessment report")
        INTERIM = "interim", _("Interim update")

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = SecureURLField(_("web address"))
    published_on = models.DateField(_("published on"))
    full_report_promised_on = models.DateField(
        _("full report promised by"), null=True, blank=True
    )
    participants = models.JSONField(_("who took part"), default=list, blank=True)
    methods = models.JSONField(_("how it was done"), default=list, blank=True)
    includes_quotes = models.BooleanField(_("includes quotes"), default=False)
    includes_action_plan = models.BooleanField(
        _("includes an action plan with timescales"), default=False
    )
    names_challenges = models.BooleanField(_("names challenges"), default=False)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        db_table = "duq_workflow_reportlink"
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["page", "published_on"], name="duq_report_page")
        ]

    def __str__(self):
        published = long_date(self.published_on)
        return f"{self.title} ({self.get_kind_display()}, {published})"

    @property
    def is_interim(self):
        return self.kind == self.Kind.INTERIM

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def participant_labels(self):
        return [Participant(value).label for value in self.participants]

    def method_labels(self):
        return [Method(value).label for value in self.methods]

    @property
    def covers(self):
        """What the report says it includes, of the FAQ's marks of a good one."""
        marks = [
            (self.includes_quotes, "quotes from the people involved"),
            (self.includes_action_plan, "an action plan with timescales"),
            (self.names_challenges, "the challenges still to tackle"),
        ]
        return [label for present, label in marks if present]


class ConcernQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(page_id=page.pk)

    def answered(self):
        return self.exclude(response_url="")


class Concern(models.Model):
    """A concern about a provider's services, forwarded to it by the Code's
    team. Its summary is private; only the provider's answer is public."""

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    received_on = models.DateField(_("received on"))
    summary = models.TextField(
        _("summary (private)"), help_text=_("Never shown on the public site.")
    )
    forwarded_on = models.DateField(_("forwarded to the provider on"))
    response_url = SecureURLField(_("public response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        db_table = "duq_workflow_concern"
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Concern received {long_date(self.received_on)}"

    @property
    def lifecycle_key(self):
        return f"concern-{self.pk}"
