"""dev.py on a machine where another installer holds the dpkg lock (issue 13, defect 11): apt-get is told
to wait for the lock, and a failure ends with what to do, in Chinese, not a traceback."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE_APT = """#!/bin/sh
echo "$@" >> "{log}"
echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
exit 100
"""


def run_install(tmp_path):
    """dev.ensure_system_packages for a package that is not installed, as root, with a fake apt-get."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    apt = bin_dir / "apt-get"
    apt.write_text(FAKE_APT.format(log=log))
    apt.chmod(0o755)
    script = (
        "import os; os.geteuid = lambda: 0; import dev; dev.ensure_system_packages(['no-such-package-zz'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, log.read_text() if log.exists() else ""


def test_apt_get_waits_for_the_dpkg_lock_and_a_failure_says_what_to_do(tmp_path):
    result, calls = run_install(tmp_path)

    assert "DPkg::Lock::Timeout=600" in calls
    assert "等待其完成" in result.stdout
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "系统软件包安装失败" in result.stderr
    assert "apt-get install --no-install-recommends no-such-package-zz" in result.stderr
