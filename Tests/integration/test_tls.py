"""orderlyd with --tls-cert/--tls-key: grpcio's secure_channel with a throwaway CA, and what the
TLS listener refuses: plaintext h2c, ALPN without h2 (or none), TLS 1.1, garbage, slow handshakes."""
import os
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import BIN_DIR, free_port, start_orderlyd

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def make_certificates(directory: Path) -> dict:
    """A CA and a server certificate for localhost / 127.0.0.1 signed by it (EC P-256, 2 days)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    run = lambda *args: subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)
    run("req", "-x509", *ec, "-days", "2", "-subj", "/CN=Orderly Test CA", "-keyout", "ca.key", "-out", "ca.pem")
    run("req", *ec, "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr")
    (directory / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", "ext.cnf", "-out", "server.pem")
    return {"ca": directory / "ca.pem", "cert": directory / "server.pem", "key": directory / "server.key"}


@pytest.fixture(scope="module")
def certs():
    directory = Path(tempfile.mkdtemp(prefix="orderly-tls-"))
    yield make_certificates(directory)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def tls_server(certs):
    server = start_orderlyd(extra=["--tls-cert", str(certs["cert"]), "--tls-key", str(certs["key"]),
                                   "--tls-handshake-timeout", "1"])
    yield server
    code = server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


def secure_channel(server, certs):
    credentials = grpc.ssl_channel_credentials(root_certificates=certs["ca"].read_bytes())
    return grpc.secure_channel(f"localhost:{server.port}", credentials)


def health(channel):
    return health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10).status


def client_context(certs, alpn=("h2",)) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(certs["ca"]))
    if alpn:
        context.set_alpn_protocols(list(alpn))
    return context


def read_until_closed(sock, timeout=10.0) -> bytes:
    """Everything the server sends until it closes; fails if it never does."""
    sock.settimeout(timeout)
    data, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk
    raise AssertionError("server did not close the connection")


def alert_description(data: bytes):
    """The description byte of a TLS alert record at the start of `data`, else None."""
    if len(data) >= 7 and data[0] == 0x15:
        return data[6]
    return None


def test_secure_channel_health_and_an_orderly_call(tls_server, certs, api):
    with secure_channel(tls_server, certs) as channel:
        assert health(channel) == health_pb2.HealthCheckResponse.SERVING
        inventory = api.stub("InventoryService", channel)
        location = api.Location(location_id="wh-tls", name="TLS warehouse",
                                kind=api.LocationKind.Value("LOCATION_KIND_WAREHOUSE"))
        assert inventory.UpsertLocation(location, timeout=10).location_id == "wh-tls"
        listed = inventory.ListLocations(api.ListLocationsRequest(), timeout=10).locations
        assert "wh-tls" in [l.location_id for l in listed]


@pytest.mark.parametrize("maximum", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls12_and_tls13_negotiate_h2(tls_server, certs, maximum):
    context = client_context(certs, alpn=("http/1.1", "h2"))
    context.maximum_version = maximum
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"
            assert tls.version() == maximum.name.replace("v1_", "v1.")
            tls.sendall(PREFACE + SETTINGS)
            first = tls.recv(9)
            assert len(first) == 9 and first[3] == 0x4  # the server's SETTINGS frame, decrypted


def test_plaintext_h2c_client_fails_cleanly(tls_server, certs):
    with grpc.insecure_channel(tls_server.address) as channel:
        with pytest.raises(grpc.RpcError) as error:
            health(channel)
    assert error.value.code() == grpc.StatusCode.UNAVAILABLE
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        raw.sendall(PREFACE + SETTINGS)
        answer = read_until_closed(raw)
    assert not answer.startswith(b"\x00\x00"), "the TLS port must not speak HTTP/2 in the clear"
    assert alert_description(answer) is not None or answer == b""
    with secure_channel(tls_server, certs) as channel:
        assert health(channel) == health_pb2.HealthCheckResponse.SERVING


@pytest.mark.parametrize("alpn", [("http/1.1",), ()], ids=["http1.1-only", "no-alpn"])
def test_client_without_h2_alpn_is_refused_with_an_alert(tls_server, certs, alpn):
    context = client_context(certs, alpn=alpn)
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        with pytest.raises(ssl.SSLError) as error:
            context.wrap_socket(raw, server_hostname="localhost")
    assert "no application protocol" in str(error.value).lower()


def client_hello(version: int) -> bytes:
    """A hand-made ClientHello with the given legacy version, ECDHE/AES ciphers and ALPN h2, so
    that the version is the only thing the server can object to (the local OpenSSL policy may
    not let Python's ssl module offer TLS 1.1 at all)."""
    alpn = b"\x00\x03\x02h2"
    groups = b"\x00\x04\x00\x02\x00\x17"  # supported_groups: secp256r1
    points = b"\x01\x00"  # ec_point_formats: uncompressed
    signatures = b"\x00\x06\x04\x03\x08\x04\x04\x01"  # ecdsa_p256_sha256, rsa_pss_sha256, rsa_sha256
    extensions = (struct.pack(">HH", 16, len(alpn)) + alpn + struct.pack(">HH", 10, len(groups)) + groups
                  + struct.pack(">HH", 11, len(points)) + points
                  + struct.pack(">HH", 13, len(signatures)) + signatures)
    # ECDHE AES-GCM (TLS 1.2 only) and ECDHE AES-CBC-SHA suites (what a TLS 1.1 client offers).
    ciphers = bytes.fromhex("c02bc02fc013c014c009c00a")
    body = (struct.pack(">H", version) + os.urandom(32) + b"\x00" + struct.pack(">H", len(ciphers)) + ciphers
            + b"\x01\x00" + struct.pack(">H", len(extensions)) + extensions)
    handshake = b"\x01" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack(">H", len(handshake)) + handshake


@pytest.mark.parametrize("version", [0x0302, 0x0301], ids=["TLS1.1", "TLS1.0"])
def test_old_tls_versions_are_refused(tls_server, version):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        raw.sendall(client_hello(version))
        answer = read_until_closed(raw)
    assert alert_description(answer) == 70  # protocol_version


def test_handmade_tls12_hello_gets_a_server_hello(tls_server):
    """The control for the test above: the same ClientHello at TLS 1.2 is answered."""
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        raw.sendall(client_hello(0x0303))
        raw.settimeout(10)
        answer = raw.recv(6)
    assert answer[0] == 0x16 and answer[5] == 0x02  # handshake record, ServerHello


@pytest.mark.parametrize("payload", [b"\x00" * 64, os.urandom(4096), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                                     b"\x16\x03\x01\x00\x05hello"], ids=["zeros", "random", "http1", "bad-hello"])
def test_garbage_closes_the_connection_and_the_server_keeps_serving(tls_server, certs, payload):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        raw.sendall(payload)
        read_until_closed(raw)
    assert tls_server.alive()
    with secure_channel(tls_server, certs) as channel:
        assert health(channel) == health_pb2.HealthCheckResponse.SERVING


def test_silent_client_is_closed_after_the_handshake_timeout(tls_server):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        start = time.monotonic()
        read_until_closed(raw, timeout=8)
        assert time.monotonic() - start < 5  # --tls-handshake-timeout 1


def test_close_notify_is_answered(tls_server, certs):
    context = client_context(certs)
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        tls = context.wrap_socket(raw, server_hostname="localhost")
        tls.sendall(PREFACE + SETTINGS)
        # Read what the server sends (SETTINGS, its ACK of ours) until it goes quiet, so that no
        # application data crosses our close_notify.
        tls.settimeout(0.5)
        received = b""
        try:
            while chunk := tls.recv(65536):
                received += chunk
        except (TimeoutError, socket.timeout):
            pass
        assert received[3] == 0x4
        tls.settimeout(10)
        tls.unwrap()  # sends close_notify and fails unless the server answers with its own


@pytest.mark.parametrize("args, message", [
    (["--tls-cert", "{missing}", "--tls-key", "{key}"], "cannot load certificate"),
    (["--tls-cert", "{cert}", "--tls-key", "{ca_key}"], "private key"),
    (["--tls-cert", "{cert}"], "--tls-cert and --tls-key go together"),
])
def test_bad_tls_flags_stop_the_server_with_a_reason(certs, args, message):
    names = {"missing": certs["ca"].parent / "missing.pem", "key": certs["key"], "cert": certs["cert"],
             "ca_key": certs["ca"].parent / "ca.key"}
    data_dir = tempfile.mkdtemp(prefix="orderly-data-")
    try:
        result = subprocess.run(
            [str(BIN_DIR / "orderlyd"), "--port", str(free_port()), "--data-dir", data_dir,
             *[a.format(**names) for a in args]], capture_output=True, text=True, timeout=30)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


@pytest.mark.parametrize("args, ok", [
    (["--server", "localhost:{port}", "--tls-ca", "{ca}"], True),
    (["--server", "127.0.0.1:{port}", "--tls-ca", "{ca}", "--tls-server-name", "localhost"], True),
    (["--server", "127.0.0.1:{port}", "--tls-ca", "{ca}", "--tls-server-name", "orders.example.com"], False),
    (["--server", "localhost:{port}"], False),  # h2c to a TLS port
])
def test_cli_over_tls(tls_server, certs, args, ok):
    cli = BIN_DIR / "orderly"
    if not cli.exists():
        pytest.fail(f"{cli} is not built")
    argv = [str(cli), "health", "--timeout", "10",
            *[a.format(port=tls_server.port, ca=certs["ca"]) for a in args]]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if ok:
        assert result.returncode == 0, result.stderr
        assert "SERVING" in result.stdout
    else:
        assert result.returncode != 0
        assert "SERVING" not in result.stdout
