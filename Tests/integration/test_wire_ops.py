"""What operators see of the wire work: `--version` of every executable (one version), the server
named `orderlyd` in ps (not `exe`), and the CLI and orderly-load speaking gzip and deflate."""
import json
import re
import subprocess

import pytest

from conftest import BIN_DIR


def version_of(name):
    proc = subprocess.run([str(BIN_DIR / name), "--version"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_every_executable_prints_the_same_version():
    versions = {name: version_of(name) for name in ("orderlyd", "orderly", "orderly-load")}
    assert len(set(versions.values())) == 1, versions
    assert re.fullmatch(r"\d+\.\d+\.\d+", versions["orderlyd"])


def test_server_process_is_named_orderlyd(orderlyd):
    comm = subprocess.run(["ps", "-o", "comm=", "-p", str(orderlyd.proc.pid)], capture_output=True, text=True)
    assert comm.stdout.strip() == "orderlyd"
    assert open(f"/proc/{orderlyd.proc.pid}/comm").read().strip() == "orderlyd"
    # The malloc tuning re-exec still happened (same pid, tuned environment).
    environ = open(f"/proc/{orderlyd.proc.pid}/environ", "rb").read()
    assert b"GLIBC_TUNABLES=glibc.malloc.tcache_count" in environ


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "identity"])
def test_cli_with_compression(orderlyd, encoding):
    proc = subprocess.run([str(BIN_DIR / "orderly"), "health", "--server", orderlyd.address,
                           "--compression", encoding], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "SERVING" in proc.stdout


def test_cli_rejects_an_unknown_compression(orderlyd):
    proc = subprocess.run([str(BIN_DIR / "orderly"), "health", "--server", orderlyd.address,
                           "--compression", "br"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_load_tool_with_compression(orderlyd, encoding):
    proc = subprocess.run([str(BIN_DIR / "orderly-load"), "health", "--server", orderlyd.address,
                           "--requests", "500", "--connections", "1", "--compression", encoding, "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert document["requests"] == 500
    assert not document["errors"]


@pytest.mark.parametrize("flags", [
    ["--max-connection-buffer-bytes", "65535"],
    ["--max-connection-buffer-bytes", str(2 << 20), "--max-total-buffer-bytes", str(1 << 20)],
])
def test_output_budget_flags_are_checked_at_start(flags, data_dir):
    """The per-connection budget is at least 64 KiB and at most the server's: anything else is a
    usage error before orderlyd binds a port."""
    proc = subprocess.run([str(BIN_DIR / "orderlyd"), "--port", "0", "--data-dir", data_dir, *flags],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert "--max-connection-buffer-bytes must be at least 65536 and at most --max-total-buffer-bytes" in proc.stderr


def test_output_budget_flags_at_their_bounds_serve(data_dir):
    from conftest import start_orderlyd
    server = start_orderlyd(data_dir, extra=["--max-connection-buffer-bytes", "65536", "--max-total-buffer-bytes", "65536"])
    try:
        proc = subprocess.run([str(BIN_DIR / "orderly"), "health", "--server", server.address],
                              capture_output=True, text=True, timeout=30)
        assert proc.returncode == 0 and "SERVING" in proc.stdout, proc.stderr
    finally:
        assert server.stop() == 0, server.log()
