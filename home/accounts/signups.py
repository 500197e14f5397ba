"""Joining the Code: a sign-up waits for its email address to be confirmed;
confirming makes the provider's page as a draft under the register and sends
it through the "Sign-up approval" moderation workflow. Approval publishes the
page (which starts the reporting commitment) and welcomes the provider;
rejection sends the editor's comment."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Workflow

from duq_workflow.calendar import add_months
from duq_workflow.commitments.calendar import local_date
from home.models import ProviderPage, RegisterPage

from .logins import username_for
from .mail import queue_email, site_url
from .models import ProviderLogin, SignUp
from .records import LifecyclePolicy

SALT = "home.accounts.sign-up"
LIFETIME = dt.timedelta(days=3)
WORKFLOW_NAME = "Sign-up approval"


class SignUpError(Exception):
    """Why a confirmation link cannot be used, in words for the reader."""


def start_sign_up(data, now=None):
    """Keep the sign-up and email a link to confirm the address. An earlier
    sign-up from the same address that was never confirmed is replaced."""
    now = now or timezone.now()
    username = username_for(data["contact_email"])
    get_user_model().objects.filter(
        username=username, is_active=False, sign_up__verified_at__isnull=True
    ).delete()
    user = get_user_model().objects.create_user(
        username=username,
        email=data["contact_email"].strip(),
        password=data["password1"],
        first_name=data["contact_name"].strip()[:150],
        is_active=False,
    )
    sign_up = SignUp.objects.create(
        user=user,
        organisation=data["organisation"].strip(),
        website=data["website"],
        description=data["description"].strip(),
        agreed_at=now,
    )
    sign_up.regions.set(data["regions"])
    sign_up.service_types.set(data["service_types"])
    token = signing.dumps({"sign_up": sign_up.pk}, salt=SALT)
    queue_email(
        "verify",
        user.email,
        "verify",
        {
            "sign_up": sign_up,
            "link": site_url(reverse("sign_up:verify", args=[token])),
            "days": LIFETIME.days,
        },
        key=f"account:verify:{sign_up.pk}",
    )
    return sign_up


def read_token(token):
    try:
        data = signing.loads(token, salt=SALT, max_age=LIFETIME)
    except signing.SignatureExpired as error:
        raise SignUpError(
            "This link is too old. Please fill in the sign-up form again."
        ) from error
    except signing.BadSignature as error:
        raise SignUpError(
            "This link does not work. Check that you copied all of it."
        ) from error
    sign_up = SignUp.objects.filter(pk=data.get("sign_up")).first()
    if sign_up is None:
        raise SignUpError(
            "We cannot find this sign-up. Please fill in the sign-up form again."
        )
    return sign_up


def confirm(token, now=None):
    """Confirm the address: the page is made as a draft and sent for
    approval. Safe to repeat: a confirmed sign-up is returned as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        sign_up = read_token(token)
        sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if sign_up.verified_at is None:
            _make_draft_page(sign_up, now)
    return sign_up


def _make_draft_page(sign_up, now):
    user = sign_up.user
    register = RegisterPage.objects.live().first()
    page = ProviderPage(
        title=sign_up.organisation,
        slug=_free_slug(register, sign_up.organisation),
        website=sign_up.website,
        description=sign_up.description,
        contact_email=user.email,
        signed_up_on=local_date(now),
        live=False,
        owner=user,
    )
    page.regions = list(sign_up.regions.all())
    page.service_types = list(sign_up.service_types.all())
    register.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    user.is_active = True
    user.save(update_fields=["is_active"])
    _quiet_wagtail_notifications(user)
    ProviderLogin.objects.get_or_create(user=user, defaults={"page": page})
    sign_up.verified_at, sign_up.page = now, page
    sign_up.save(update_fields=["verified_at", "page"])
    sign_up_workflow().start(page, user)


def _free_slug(parent, name):
    base = slugify(name)[:200] or "provider"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _quiet_wagtail_notifications(user):
    """The provider hears from us (welcome, or the editor's comment), never
    Wagtail's own notifications, which link to the admin."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = False
    profile.rejected_notifications = False
    profile.updated_comments_notifications = False
    profile.save()


def sign_up_workflow():
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is None:
        raise LookupError(f"The “{WORKFLOW_NAME}” workflow is missing.")
    return workflow


def approve_on_publish(page, revision=None, now=None):
    """The first publication of a signed-up provider's page is its approval:
    the sign-up date becomes today (on the page and in the published revision,
    which the admin edits from next), and the provider is welcomed."""
    sign_up = SignUp.objects.filter(page_id=page.pk, approved_at=None).first()
    if sign_up is None:
        return
    now = now or timezone.now()
    today = local_date(now)
    page.signed_up_on = today
    ProviderPage.objects.filter(pk=page.pk).update(signed_up_on=today)
    if revision is not None:
        revision.content["signed_up_on"] = today.isoformat()
        revision.save(update_fields=["content"])
    sign_up.approved_at = now
    sign_up.save(update_fields=["approved_at"])
    _welcome(sign_up, page, today)


def _welcome(sign_up, page, today):
    policy = LifecyclePolicy.load()
    queue_email(
        "welcome",
        sign_up.user.email,
        "welcome",
        {
            "page": page,
            "sign_up": sign_up,
            "page_link": site_url(page.url or ""),
            "account_link": site_url(reverse("accounts:standing")),
            "report_link": site_url(reverse("accounts:report")),
            "period_months": policy.reporting_period_months,
            "first_due": add_months(today, policy.reporting_period_months),
            "concern_days": policy.concern_window_days,
        },
        key=f"account:welcome:{page.pk}",
    )


def tell_rejected(task_state):
    """The editor asked for changes (Wagtail's "reject"): send the comment."""
    page = task_state.workflow_state.content_object
    sign_up = SignUp.objects.filter(page_id=page.pk, approved_at=None).first()
    if sign_up is None:
        return
    queue_email(
        "rejected",
        sign_up.user.email,
        "rejected",
        {"sign_up": sign_up, "comment": task_state.comment},
        key=f"account:rejected:{task_state.pk}",
    )
