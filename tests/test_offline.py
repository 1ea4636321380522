"""Offline: the end-to-end tests (the HTTP server with the openai and gradio clients; a real
``chroma run`` shared by ``newsqa index`` and ``newsqa serve`` subprocesses) pass inside a network namespace
that has no network but loopback (``unshare -n``), and nothing in them even tries to connect
anywhere but this machine (a Python audit hook logs every other connect and name lookup)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

E2E = ["tests/test_http.py", "tests/test_chroma_server.py"]

# Loaded by every Python process of the run (PYTHONPATH): logs connects and lookups that leave the machine.
AUDIT = textwrap.dedent('''
    import os, sys
    _LOG = os.environ.get("NEWSQA_NET_LOG")
    _LOCAL = {"localhost", "127.0.0.1", "::1", "", None, "0.0.0.0", "ip6-localhost"}

    def _note(what):
        with open(_LOG, "a") as fh:
            fh.write(what + "\\n")

    def _hook(event, args):
        if event == "socket.connect":
            addr = args[1]
            if isinstance(addr, tuple) and addr and str(addr[0]) not in _LOCAL and not str(addr[0]).startswith("127."):
                _note(f"connect {addr!r}")
        elif event == "socket.getaddrinfo":
            host = args[0].decode() if isinstance(args[0], bytes) else args[0]
            if host not in _LOCAL and not str(host).startswith("127."):
                _note(f"lookup {host!r}")

    if _LOG:
        sys.addaudithook(_hook)
''')


def netns_prefix() -> list[str]:
    """``unshare`` arguments that give a namespace with no network but an up loopback (or skip)."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        pytest.skip("needs `unshare` and `ip` (util-linux, iproute2) to run without a network")
    for flags in (["-n"], ["-rn"]):  # as root; else in a user namespace
        probe = subprocess.run([unshare, *flags, "sh", "-c", f"{ip} link set lo up"], capture_output=True)
        if probe.returncode == 0:
            return [unshare, *flags, "sh", "-c", f'{ip} link set lo up && exec "$@"', "netns"]
    pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode().strip()}")


@pytest.fixture
def offline_env(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(AUDIT)
    log = tmp_path / "net.log"
    log.touch()
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ANONYMIZED_TELEMETRY",
                                                           "GRADIO_ANALYTICS_ENABLED", "NEWSQA_STORE", "NEWSQA_CHROMA_URL")}
    env.update({"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "NEWSQA_NET_LOG": str(log)})
    return env, log


def test_the_namespace_is_offline_and_the_hook_sees_attempts(offline_env):
    env, log = offline_env
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=3)"
    out = subprocess.run([*netns_prefix(), sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "unreachable" in out.stderr.lower()
    assert "connect ('192.0.2.1', 80)" in log.read_text()  # so an empty log below means no attempt


@pytest.mark.slow
def test_end_to_end_tests_pass_offline(offline_env):
    env, log = offline_env
    p = subprocess.run([*netns_prefix(), sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *E2E],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stdout[-3000:]
    assert " passed" in p.stdout and "skipped" not in p.stdout.splitlines()[-1]
    assert log.read_text() == "", f"something tried to reach the network:\n{log.read_text()[:2000]}"
