from django.urls import path
from django.views.generic import TemplateView

from .views import auth, commitments, email_change, invitations, page, standing

app_name = "accounts"


def page_view(template, heading):
    return TemplateView.as_view(
        template_name=f"accounts/{template}.html", extra_context={"heading": heading}
    )


urlpatterns = [
    path("", standing.StandingView.as_view(), name="standing"),
    path("report/", commitments.ReportView.as_view(), name="report"),
    path("interim/", commitments.InterimView.as_view(), name="interim"),
    path(
        "concerns/<int:pk>/",
        commitments.ConcernAnswerView.as_view(),
        name="concern",
    ),
    path("page/", page.PageDetailsView.as_view(), name="page"),
    path("invite/", invitations.InviteColleagueView.as_view(), name="invite"),
    path("join/<str:token>/", invitations.JoinView.as_view(), name="join"),
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", auth.SignOutView.as_view(), name="logout"),
    path(
        "signed-out/", page_view("signed_out", "You have signed out"), name="signed_out"
    ),
    path("password/", auth.ChangePasswordView.as_view(), name="password"),
    path("email/", email_change.EmailChangeView.as_view(), name="email"),
    path("email/confirm/<str:token>/", email_change.confirm, name="email_confirm"),
    path("reset/", auth.ResetRequestView.as_view(), name="reset"),
    path("reset/sent/", page_view("reset_sent", "Check your email"), name="reset_sent"),
    path(
        "reset/<uidb64>/<token>/",
        auth.ResetConfirmView.as_view(),
        name="reset_confirm",
    ),
    path(
        "reset/done/",
        page_view("reset_done", "Your password is changed"),
        name="reset_done",
    ),
]
