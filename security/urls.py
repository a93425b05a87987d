from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path(
        "accounts/",
        include(
            [
                path("login/", views.LoginView.as_view(), name="login"),
                path("logout/", auth_views.LogoutView.as_view(), name="logout"),
                path("password/", views.PasswordChangeView.as_view(), name="password_change"),
            ]
        ),
    ),
    # The security administrator's pages (安全管理员, 三员分立).
    path(
        "security/",
        include(
            [
                path("lockouts/", views.lockouts, name="security_lockouts"),
                path("lockouts/unlock/", views.unlock, name="security_unlock"),
                path("reset-password/", views.reset_password_search, name="security_reset_password"),
                path(
                    "reset-password/<int:person_pk>/",
                    views.reset_password,
                    name="security_reset_password_person",
                ),
                path("settings/", views.policy_edit, name="security_policy"),
            ]
        ),
    ),
]
