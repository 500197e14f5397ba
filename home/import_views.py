"""The admin page for importing the existing register: upload a CSV file, see
what it would do (or every problem in it), then import it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from . import signatory_import as importer
from .models import SIGN_UP_PERMISSION

MAX_BYTES = 5 * 1024 * 1024


def can_import(user):
    """Editors who may set sign-up dates and add pages under the register."""
    if not user.has_perm(SIGN_UP_PERMISSION):
        return False
    try:
        register = importer.register_page()
    except importer.FileProblem:
        return False
    return register.permissions_for_user(user).can_add_subpage()


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Register file (CSV)",
        help_text="A spreadsheet saved as CSV UTF-8, with the columns in the guide.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is over 5 MB. Split it in two.")
        try:
            self.text = importer.decode(upload.read())
            return importer.read_rows(self.text)
        except importer.FileProblem as problem:
            raise forms.ValidationError(str(problem)) from problem


class ConfirmForm(forms.Form):
    """The checked file's text, sent back with "Import": it is checked again."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean_text(self):
        try:
            return importer.read_rows(self.cleaned_data["text"])
        except importer.FileProblem as problem:
            raise forms.ValidationError(str(problem)) from problem


class ImportSignatoriesView(View):
    template_name = "home/admin/import_signatories.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(UploadForm())

    def post(self, request):
        if "text" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        checked = importer.check(form.cleaned_data["file"])
        return self.render(
            UploadForm(),
            checked=checked,
            confirm=ConfirmForm(initial={"text": form.text}) if checked.ok else None,
        )

    def confirm(self, request):
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.render(UploadForm(), problem=form.errors["text"][0])
        checked = importer.check(form.cleaned_data["text"])
        if not checked.ok:
            return self.render(UploadForm(), checked=checked)
        imported = importer.write(checked, user=request.user)
        states = "; ".join(importer.describe_states(imported.states))
        if imported.pages:
            messages.success(
                request,
                f"Added {len(imported.pages)} providers to the register"
                + (f": {states}." if states else "."),
            )
        else:
            messages.info(
                request,
                "Nothing was added: every provider in the file is already "
                "on the register.",
            )
        return redirect(reverse("home_import_signatories"))

    def render(self, form, **context):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "columns": importer.COLUMNS, **context},
        )
