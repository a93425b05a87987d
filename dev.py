#!/usr/bin/env python3
"""The two Quick start commands, with nothing needed but Python 3.11 and pip.

    python3 dev.py run    # virtualenv, install, migrate, demo data, web + Celery worker + beat
    python3 dev.py test   # virtualenv, dev requirements, system packages (when root), the whole suite

Extra arguments after ``test`` go to pytest.
"""

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"

# Debian packages: WeasyPrint's libraries, the CJK fonts for the PDF (Noto CJK; FandolFang
# and FandolKai come with texlive-lang-chinese), poppler-utils for reading PDFs back in the
# tests, and chromium for the browser tests.
RUN_PACKAGES = [
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "fontconfig",
    "fonts-noto-cjk",
    "texlive-lang-chinese",
]
# libreoffice-writer-nogui: tests/documents/test_libreoffice_pages.py lays out every .docx of the demo
# as Word would and compares its pages with the PDF's.
TEST_PACKAGES = [*RUN_PACKAGES, "poppler-utils", "chromium", "libreoffice-writer-nogui"]


# Seconds apt-get waits for the dpkg lock another installer holds.
APT_LOCK_WAIT = 600


def fail(message):
    """Stops with a message saying what to do, in Chinese, and no traceback."""
    print(f"\033[1;31m==> 出错：\033[0m{message}", file=sys.stderr, flush=True)
    sys.exit(1)


def say(message):
    print(f"\033[1;31m==>\033[0m {message}", flush=True)


def run(*command, **kwargs):
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT, **kwargs)


def ensure_venv(requirements):
    if not PYTHON.exists():
        say(f"创建虚拟环境 {VENV}")
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{requirements}"
    digest = hashlib.sha256(
        b"".join((ROOT / name).read_bytes() for name in ("requirements.txt", requirements))
    ).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        say(f"安装依赖 {requirements}")
        run(PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", requirements)
        stamp.write_text(digest)


def missing_packages(packages):
    if not shutil.which("dpkg-query"):
        return packages
    missing = []
    for name in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in result.stdout:
            missing.append(name)
    return missing


def ensure_system_packages(packages):
    missing = missing_packages(packages)
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("安装系统软件包：" + " ".join(missing))
        say(f"如有其他程序正在安装软件包（dpkg 被锁定），将等待其完成，最长 {APT_LOCK_WAIT // 60} 分钟……")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        # apt waits for the dpkg lock held by another apt-get (e.g. unattended-upgrades) instead of failing.
        wait = f"DPkg::Lock::Timeout={APT_LOCK_WAIT}"
        try:
            run("apt-get", "-o", wait, "update", "-qq", env=env)
            run("apt-get", "-o", wait, "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
        except subprocess.CalledProcessError:
            fail(
                "系统软件包安装失败（见上方 apt-get 的输出）。请检查网络和软件源，"
                "或等待其他安装程序结束后重试；也可以手动运行：\n    apt-get install --no-install-recommends "
                + " ".join(missing)
            )
    else:
        say("缺少系统软件包（PDF 字体、浏览器测试需要），请以 root 身份安装：")
        print("    apt-get install --no-install-recommends " + " ".join(missing))


def ensure_fonts():
    run(PYTHON, "-m", "documents.fonts.install_fonts")


def manage(*args, **kwargs):
    run(PYTHON, "manage.py", *args, **kwargs)


def demo_environment():
    """The demo runs with DEBUG off, as production does, so it needs a SECRET_KEY (config.settings refuses
    the public development key): one made for this checkout and kept in var/secret_key. Its passwords
    never expire (PASSWORD_EXPIRY_DAYS=0). Values already in the environment win."""
    key_file = ROOT / "var" / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ.setdefault("SECRET_KEY", key_file.read_text().strip())
    os.environ.setdefault("PASSWORD_EXPIRY_DAYS", "0")


def command_run():
    ensure_venv("requirements.txt")
    demo_environment()
    ensure_system_packages(RUN_PACKAGES)
    ensure_fonts()
    (ROOT / "var" / "mail").mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo")
    # The beat scans every 10 minutes; this first scan queues the reminders of the last week for the
    # worker to send as soon as it starts, so the demo's bell and mailbox are never empty, whatever day
    # and hour it is started (a weekly overdue reminder falls on one day of any seven).
    manage("send_due_reminders", "--catch-up-days", "7")
    say("启动 Web、Celery worker 和 beat：http://127.0.0.1:8000/ （Ctrl+C 停止）")
    say(f"提醒邮件写入 {ROOT / 'var' / 'mail'}，站内通知见页面右上角的铃铛")
    os.execv(str(VENV / "bin" / "honcho"), ["honcho", "-d", str(ROOT), "-f", str(ROOT / "Procfile"), "start"])


def command_test(pytest_args):
    ensure_venv("requirements-dev.txt")
    ensure_system_packages(TEST_PACKAGES)
    ensure_fonts()
    result = subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, check=False)
    sys.exit(result.returncode)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        sys.exit(2)
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under any system python3
        sys.exit("需要 Python 3.11 或更新版本。")
    try:
        if sys.argv[1] == "run":
            command_run()
        else:
            command_test(sys.argv[2:])
    except subprocess.CalledProcessError as error:
        command = " ".join(str(part) for part in error.cmd)
        fail(
            f"命令执行失败（退出码 {error.returncode}）：{command}\n请查看上方的输出；修正后重新运行 python3 dev.py {sys.argv[1]}。"
        )
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
