from django.urls import path

from . import views

urlpatterns = [
    path("meetings/<int:pk>/export/<slug:kind>.<str:fmt>", views.download, name="document_download"),
]
