"""Accessible forms: each input is described by its hint and its error (by
``aria-describedby``) and marked ``aria-invalid`` when wrong, matching the ids
that ``accounts/includes/field.html`` gives them."""

GROUP_WIDGETS = {"checkboxselectmultiple", "radioselect"}


class DescribedFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        """Call again after adding errors to a validated form."""
        for bound in self:
            self._describe(bound)

    def _describe(self, bound):
        ids = []
        if bound.help_text:
            ids.append(f"{bound.auto_id}-hint")
        if self.is_bound and bound.name in (self._errors or {}):
            ids.append(f"{bound.auto_id}-error")
            bound.field.widget.attrs["aria-invalid"] = "true"
        else:
            bound.field.widget.attrs.pop("aria-invalid", None)
        if bound.widget_type in GROUP_WIDGETS:
            return  # the fieldset carries the description
        if ids:
            bound.field.widget.attrs["aria-describedby"] = " ".join(ids)
        else:
            bound.field.widget.attrs.pop("aria-describedby", None)
