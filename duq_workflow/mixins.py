"""How a page type takes part in lifecycles."""

from django.core import checks


class LifecyclePageMixin:
    """Opt a page model in to lifecycles.

    ``lifecycle_workflows`` names registered definitions; those marked
    ``auto_start`` get an instance when a page of this type is published.
    """

    lifecycle_workflows = ()
    # The model field holding the address that workflow emails go to.
    lifecycle_contact_field = None

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        from duq_workflow.engine.registry import get_definitions

        known = get_definitions()
        for name in cls.lifecycle_workflows:
            if name not in known:
                errors.append(
                    checks.Error(
                        f"{cls.__name__}.lifecycle_workflows names {name!r}, "
                        "which is not a registered lifecycle definition.",
                        hint="Register it with the register_lifecycle_definitions hook.",  # noqa: E501
                        obj=cls,
                        id="duq_workflow.E001",
                    )
                )
        return errors

    def lifecycle_start_date(self):
        """The first day of the page's lifecycles; override to use a field."""
        from duq_workflow.calendar import local_date, today

        published = getattr(self, "first_published_at", None)
        return local_date(published) if published else today()

    def lifecycle_instances(self):
        from duq_workflow.models import LifecycleInstance

        return LifecycleInstance.objects.for_page(self)
