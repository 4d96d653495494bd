"""Shared fixtures for the integration tests: compiled protos, and the real executables started
on free ports. Tests talk to them with independent clients (Python grpcio, raw sockets)."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc
import pytest

REPO = Path(__file__).resolve().parents[2]
GRPC_PROTO_DIR = Path("/usr/share/grpc-proto")  # Debian's grpc-proto package
BIN_DIR = Path(os.environ.get("ORDERLY_BIN_DIR", REPO / ".build" / "release"))

_STUBS = None


def _compile_protos() -> Path:
    """Compiles the gRPC project's and our protos into a temp package once per session."""
    from grpc_tools import protoc
    import grpc_tools

    out = Path(tempfile.mkdtemp(prefix="orderly-pystubs-"))
    wkt = Path(grpc_tools.__file__).parent / "_proto"
    ours = sorted(str(p.relative_to(REPO / "proto")) for p in (REPO / "proto").rglob("*.proto"))
    theirs = ["grpc/testing/test.proto", "grpc/testing/messages.proto", "grpc/testing/empty.proto"]
    for files, include in ((theirs, GRPC_PROTO_DIR), (ours, REPO / "proto")):
        if not files:
            continue
        args = ["protoc", f"-I{include}", f"-I{wkt}", f"--python_out={out}", f"--grpc_python_out={out}", *files]
        if protoc.main(args) != 0:
            raise RuntimeError(f"protoc failed for {files}")
    for d in out.rglob("*"):
        if d.is_dir():
            (d / "__init__.py").touch()
    return out


@pytest.fixture(scope="session", autouse=True)
def stubs_on_path():
    global _STUBS
    if _STUBS is None:
        _STUBS = _compile_protos()
        sys.path.insert(0, str(_STUBS))
        # `grpc` is already imported (grpcio's package), so `grpc.testing` is only found if the
        # generated grpc/testing directory joins that package's search path.
        grpc.__path__.append(str(_STUBS / "grpc"))
    yield _STUBS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port} within {timeout}s")


class RunningServer:
    """A server process on a free loopback port; stopped with SIGTERM at teardown."""

    def __init__(self, argv, port, workdir=None):
        self.port = port
        self.address = f"127.0.0.1:{port}"
        self.workdir = workdir
        self.log_path = Path(tempfile.mkstemp(prefix="orderly-server-", suffix=".log")[1])
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT)
        wait_for_port(port, self.proc)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode


def start_interop_server() -> RunningServer:
    port = free_port()
    return RunningServer([str(BIN_DIR / "interop-server"), "--port", str(port)], port)


def start_orderlyd(data_dir=None, extra=()) -> RunningServer:
    port = free_port()
    data_dir = data_dir or tempfile.mkdtemp(prefix="orderly-data-")
    argv = [str(BIN_DIR / "orderlyd"), "--port", str(port), "--data-dir", str(data_dir), *extra]
    return RunningServer(argv, port, workdir=data_dir)


@pytest.fixture
def data_dir():
    """A fresh data directory for a test that starts (and restarts) its own orderlyd."""
    path = tempfile.mkdtemp(prefix="orderly-data-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def interop_server():
    server = start_interop_server()
    yield server
    code = server.stop()
    assert code == 0, f"interop-server exited with {code}\n{server.log()}"


@pytest.fixture(scope="module")
def orderlyd():
    server = start_orderlyd()
    yield server
    code = server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


@pytest.fixture
def interop_channel(interop_server):
    with grpc.insecure_channel(interop_server.address) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        yield channel


class OrderlyAPI:
    """Every generated orderly.v1 module merged into one namespace, whatever the .proto file split:
    `api.CreateOrderRequest`, `api.OrderStatus`, `api.stub("OrderService", channel)`."""

    def __init__(self):
        import importlib
        self._modules = []
        for proto in sorted((REPO / "proto").rglob("*.proto")):
            rel = proto.relative_to(REPO / "proto").with_suffix("")
            base = ".".join(rel.parts)
            self._modules.append(importlib.import_module(base + "_pb2"))
            try:
                self._modules.append(importlib.import_module(base + "_pb2_grpc"))
            except ImportError:
                pass

    def __getattr__(self, name):
        for module in self._modules:
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(name)

    def stub(self, service: str, channel):
        return getattr(self, service + "Stub")(channel)


@pytest.fixture(scope="session")
def api(stubs_on_path):
    return OrderlyAPI()
