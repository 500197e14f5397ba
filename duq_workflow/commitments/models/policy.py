"""The Code's policy: periods and notice that editors tune, without a deploy."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="calendar-alt")
class LifecyclePolicy(BaseGenericSetting):
    """Changing a value re-times every open lifecycle at the next sweep."""

    reporting_period_months = models.PositiveSmallIntegerField(
        _("months between reports"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "A report is due this many months after sign-up or the last report."
        ),
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder (days before the due date)"),
        default=60,
        validators=[MaxValueValidator(365)],
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("second reminder (days before the due date)"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    minimum_notice_days = models.PositiveSmallIntegerField(
        _("minimum notice before a suspension (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "The deadline in a warning is the end of the month, or the next month "
            "end if this month's is closer than this."
        ),
    )
    interim_cap_months = models.PositiveSmallIntegerField(
        _("longest hold for an interim update (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    concern_window_days = models.PositiveSmallIntegerField(
        _("days to answer a concern publicly"),
        default=28,
        validators=[MinValueValidator(7), MaxValueValidator(120)],
        help_text=_(
            "Changing this moves the date to answer of every concern still "
            "waiting for an answer: it becomes this many days from when the "
            "provider was told, but never less than the minimum notice from "
            "the day of the change. Each provider is emailed the new date."
        ),
    )
    concern_reminder_days = models.PositiveSmallIntegerField(
        _("concern reminder (days before its deadline)"),
        default=7,
        validators=[MaxValueValidator(60)],
    )
    editors_email = models.EmailField(
        _("editors' address"),
        blank=True,
        help_text=_("Where notices about suspensions are sent. Leave blank for none."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("reporting_period_months"),
                FieldPanel("first_reminder_days"),
                FieldPanel("second_reminder_days"),
                FieldPanel("minimum_notice_days"),
                FieldPanel("interim_cap_months"),
            ],
            heading=_("Self-assessment reports"),
        ),
        MultiFieldPanel(
            [FieldPanel("concern_window_days"), FieldPanel("concern_reminder_days")],
            heading=_("Concerns"),
        ),
        FieldPanel("editors_email"),
    ]

    class Meta:
        db_table = "duq_workflow_lifecyclepolicy"
        verbose_name = _("reporting policy")

    def clean(self):
        errors = {}
        if self.second_reminder_days >= self.first_reminder_days:
            errors["second_reminder_days"] = _(
                "The second reminder must come after the first: use fewer days."
            )
        if self.concern_reminder_days >= self.concern_window_days:
            errors["concern_reminder_days"] = _(
                "The reminder must fall inside the time allowed to answer."
            )
        if errors:
            raise ValidationError(errors)
