from django.urls import path

from . import views

app_name = "raise_concern"

urlpatterns = [
    path("", views.RaiseConcernView.as_view(), name="form"),
    path("thank-you/", views.thanks, name="thanks"),
]
