"""Production settings from the environment (issue 14, items 4, 7 and the acceptance's check --deploy):
with DEBUG off the app refuses to start without a real SECRET_KEY; over https the cookies are Secure
and HSTS is on; ``manage.py check --deploy`` has nothing to say. Each runs manage.py as a deployment
would, in a fresh process with only the environment given (not the test run's settings)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "q8Vn2xLr0Zk7Tf4Wb1Hs9Jd6Mc3Pg5Ye8Ua2Ni0Ro7Sl4Kv1Qx6Bw9Ez3Dt5Cy"
HTTPS_SITE = {
    "SECRET_KEY": GOOD_KEY,
    "SITE_URL": "https://dsh.example.gov.cn",
    "ALLOWED_HOSTS": "dsh.example.gov.cn",
}


def run(*args, **environment):
    """``python <args>`` in the checkout with nothing of the test run's environment but PATH."""
    # No key file either, unless a test gives one (the checkout's var/secret_key would be read).
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY_FILE": str(ROOT / "var" / "no-such-key-file"),
        **environment,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def setting(name, **environment):
    script = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    result = run("-c", script, DJANGO_SETTINGS_MODULE="config.settings", **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_with_debug_off_and_no_secret_key_the_app_refuses_to_start():
    result = run("manage.py", "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "拒绝启动：DEBUG 关闭时必须在环境变量 SECRET_KEY 中设置" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_without_secret_key_the_key_file_is_read(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY + "\n")
    assert run("manage.py", "check", SECRET_KEY_FILE=str(key_file)).returncode == 0
    key_file.write_text("too-short-a-key-0123456789")
    refused = run("manage.py", "check", SECRET_KEY_FILE=str(key_file))
    assert refused.returncode != 0
    assert "拒绝启动" in refused.stderr


def test_a_short_key_or_the_development_key_is_refused_too():
    short = run("manage.py", "check", SECRET_KEY="too-short-a-key-0123456789")
    development = run("manage.py", "check", SECRET_KEY="dev-only-insecure-key-change-me-in-production")
    django_default = run("manage.py", "check", SECRET_KEY="django-insecure-" + GOOD_KEY)

    for result in (short, development, django_default):
        assert result.returncode != 0
        assert "拒绝启动" in result.stderr


def test_with_a_real_key_the_app_starts():
    result = run("manage.py", "check", SECRET_KEY=GOOD_KEY)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_with_debug_on_the_development_key_is_allowed():
    result = run("manage.py", "check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_the_demo_runner_brings_a_key_of_its_own():
    # dev.py run, up to starting the processes: the key it keeps in var/secret_key starts the app.
    script = (
        "import os, subprocess, sys; import dev; dev.demo_environment(); "
        "sys.exit(subprocess.run([sys.executable, 'manage.py', 'check']).returncode)"
    )
    result = run("-c", script)

    assert result.returncode == 0, result.stderr
    assert (ROOT / "var" / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_check_deploy_with_production_settings_prints_no_warning():
    result = run("manage.py", "check", "--deploy", **HTTPS_SITE)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_over_https_the_cookies_are_secure_and_hsts_is_on_by_default():
    assert setting("SESSION_COOKIE_SECURE", **HTTPS_SITE) == "True"
    assert setting("CSRF_COOKIE_SECURE", **HTTPS_SITE) == "True"
    assert setting("SECURE_SSL_REDIRECT", **HTTPS_SITE) == "True"
    assert setting("SECURE_HSTS_SECONDS", **HTTPS_SITE) == str(365 * 24 * 3600)
    assert setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", **HTTPS_SITE) == "True"


def test_over_plain_http_the_secure_flags_are_off_unless_set():
    plain = {"SECRET_KEY": GOOD_KEY}
    assert setting("SESSION_COOKIE_SECURE", **plain) == "False"
    assert setting("SECURE_HSTS_SECONDS", **plain) == "0"
    assert setting("SESSION_COOKIE_SECURE", **plain, SESSION_COOKIE_SECURE="true") == "True"
    # Behind a proxy that ends TLS, its header says the request was https.
    assert setting(
        "SECURE_PROXY_SSL_HEADER", **HTTPS_SITE, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"
    ) == ("('HTTP_X_FORWARDED_PROTO', 'https')")


def test_production_defaults_of_sessions_lockout_and_passwords():
    key = {"SECRET_KEY": GOOD_KEY}
    assert setting("SESSION_IDLE_MINUTES", **key) == "30"
    assert setting("SESSION_ABSOLUTE_HOURS", **key) == "12"
    assert setting("SESSION_COOKIE_AGE", **key) == str(12 * 3600)
    assert setting("LOGIN_FAILURE_LIMIT", **key) == "5"
    assert setting("LOGIN_LOCKOUT_MINUTES", **key) == "30"
    assert setting("PASSWORD_EXPIRY_DAYS", **key) == "90"
    assert setting("PASSWORD_EXPIRY_DAYS", **key, PASSWORD_EXPIRY_DAYS="0") == "0"
    assert setting("X_FRAME_OPTIONS", **key) == "'DENY'"
    assert setting("SECURE_REFERRER_POLICY", **key) == "'same-origin'"
