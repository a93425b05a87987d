from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全管理"

    def ready(self):
        # The login events of the audit trail, connected here and nowhere else (security/events.py):
        # Django's signals for login, logout and a failed login, axes' for a lockout. dispatch_uid keeps
        # one connection each however often ready() runs.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import events

        user_logged_in.connect(events.on_logged_in, dispatch_uid="security.login")
        user_logged_out.connect(events.on_logged_out, dispatch_uid="security.logout")
        user_login_failed.connect(events.on_login_failed, dispatch_uid="security.login_failed")
        user_locked_out.connect(events.on_locked_out, dispatch_uid="security.locked_out")
