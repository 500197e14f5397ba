from django.urls import path

from .views import signup

app_name = "sign_up"

urlpatterns = [
    path("", signup.SignUpView.as_view(), name="form"),
    path("check-your-email/", signup.check_email, name="check_email"),
    path("confirm/<str:token>/", signup.verify, name="verify"),
]
