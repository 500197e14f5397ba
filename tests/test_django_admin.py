"""Django's own admin lets in superusers only: it can edit django-q2's
schedules, which name any function to run."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db

URLS = [
    "/django-admin/",
    "/django-admin/django_q/schedule/",
    "/django-admin/django_q/schedule/add/",
]


@pytest.fixture
def staff_with_every_permission(django_user_model):
    user = django_user_model.objects.create_user(
        "staff", "staff@example.org", "pw-staff-1", is_staff=True
    )
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.mark.parametrize("url", URLS)
def test_staff_with_every_permission_is_sent_to_sign_in(
    client, staff_with_every_permission, url
):
    client.force_login(staff_with_every_permission)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")


def test_staff_cannot_add_a_schedule(client, staff_with_every_permission):
    from django_q.models import Schedule

    client.force_login(staff_with_every_permission)
    client.post(
        "/django-admin/django_q/schedule/add/",
        {"name": "run anything", "func": "os.system", "schedule_type": "O"},
    )
    assert not Schedule.objects.filter(name="run anything").exists()


@pytest.mark.parametrize("url", URLS)
def test_superuser_is_let_in(admin_client, url):
    assert admin_client.get(url).status_code == 200
