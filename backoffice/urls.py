from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("organise/", views.organiser_area, name="organiser-area"),
]
