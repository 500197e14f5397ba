"""Django's own admin, for superusers only.

It lists django-q2's schedules, and a schedule names any function to run, so
a staff account with the right model permissions could run arbitrary code from
it. Wagtail's admin (/admin/) is where editors work; /django-admin/ is kept for
the operators' superusers.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser


class SuperuserAdminConfig(AdminConfig):
    default_site = "cms.django_admin.SuperuserAdminSite"
