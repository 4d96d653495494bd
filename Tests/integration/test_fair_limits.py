"""Limits that must not hit good clients (SECURITY.md): thousands of deadline-expired and cancelled
calls on one grpcio channel keep their connection while the rapid-reset flood is still cut; ping
strikes are forgiven when the server sends data; a quiet grpcio watcher with keepalive pings is
not cut; `authorization` values with surrounding spaces are read, not reset."""
import shutil
import struct
import threading
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from auth_helpers import write_auth_file
from conftest import start_orderlyd
from h2_grpc import call, message
from h2_raw import (DATA, END_HEADERS, END_STREAM, HEADERS, PING, RST_STREAM, Frames,
                    RawConnection, frame, grpc_message, request_block)
from orderly_helpers import NYC, Client, uid

ENHANCE_YOUR_CALM = 0xB


def established_peer_ports(server_port):
    """Client ports of the ESTABLISHED TCP connections to `server_port` (IPv4 loopback)."""
    ports = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        fields = line.split()
        local, remote, state = fields[1], fields[2], fields[3]
        if state == "01" and int(local.split(":")[1], 16) == server_port:
            ports.add(int(remote.split(":")[1], 16))
    return ports


def test_thousands_of_expired_and_cancelled_calls_keep_the_connection(orderlyd):
    """5,000 Health/Watch calls on one channel, half ending by a 10 ms deadline, half cancelled
    after their first message: every RST_STREAM is for a call the server answered, so none
    counts towards the rapid-reset budget (1000 burst, 33/s)."""
    before = established_peer_ports(orderlyd.port)
    with grpc.insecure_channel(orderlyd.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=10).status == health_pb2.HealthCheckResponse.SERVING
        ours = established_peer_ports(orderlyd.port) - before
        assert len(ours) == 1
        outcomes = {"deadline": 0, "cancelled": 0, "other": []}
        lock = threading.Lock()

        def expire(_):
            watch = health.Watch(health_pb2.HealthCheckRequest(), timeout=0.01)
            try:
                for _ in watch:
                    pass
            except grpc.RpcError as error:
                with lock:
                    if error.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                        outcomes["deadline"] += 1
                    else:
                        outcomes["other"].append(error.code())

        def cancel(_):
            watch = health.Watch(health_pb2.HealthCheckRequest(), timeout=30)
            first = next(watch)
            watch.cancel()
            with lock:
                outcomes["cancelled" if first.status == health_pb2.HealthCheckResponse.SERVING else "other"] += 1

        with ThreadPoolExecutor(32) as pool:
            list(pool.map(lambda i: expire(i) if i % 2 else cancel(i), range(5000)))
        assert outcomes["other"] == [], outcomes["other"][:5]
        assert outcomes["deadline"] == 2500 and outcomes["cancelled"] == 2500
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=10).status == health_pb2.HealthCheckResponse.SERVING
        # Still the same TCP connection: no GOAWAY made grpcio reconnect.
        assert established_peer_ports(orderlyd.port) - before == ours
    assert orderlyd.alive()


def test_rapid_reset_flood_is_still_cut(orderlyd):
    """CVE-2023-44487: 10,000 × (HEADERS + RST_STREAM) before the server could answer."""
    block = request_block("/orderly.v1.InventoryService/VerifyInventory")
    with RawConnection(orderlyd.port) as conn:
        for stream in range(1, 20001, 2):
            if not conn.send(frame(HEADERS, END_HEADERS, stream, block) + frame(RST_STREAM, 0, stream, struct.pack(">I", 8))):
                break
        frames = conn.read_for(10, until=lambda f: bool(f.goaway()))
        assert [code for code, _ in frames.goaway()] == [ENHANCE_YOUR_CALM] or conn.closed


def test_ping_strikes_are_forgiven_when_the_server_sends_data(interop_server):
    """Between server DATA frames the client sends two pings (one strike each time after the
    first); without forgiveness the fourth ping would end the connection (2 strikes allowed)."""
    from grpc.testing import messages_pb2
    request = messages_pb2.StreamingOutputCallRequest(response_parameters=[
        messages_pb2.ResponseParameters(size=10, interval_us=20000) for _ in range(8)]).SerializeToString()
    with RawConnection(interop_server.port) as conn:
        conn.send(frame(HEADERS, END_HEADERS, 1, request_block("/grpc.testing.TestService/StreamingOutputCall")))
        conn.send(frame(DATA, END_STREAM, 1, grpc_message(request)))
        token = 0
        for received in range(1, 9):
            frames = conn.read_for(10, until=lambda f, n=received: data_frames(f) >= n)
            assert data_frames(frames) >= received, "the stream stalled"
            for _ in range(2):
                token += 1
                conn.send(frame(PING, 0, 0, struct.pack(">Q", token)))
        frames = conn.read_for(10, until=lambda f: f.stream_ended(1))
        assert frames.stream_ended(1)
        assert not frames.goaway(), frames.goaway()
        assert conn.probe() == "alive"


def data_frames(frames):
    return sum(1 for kind, _, stream, payload in frames.frames if kind == DATA and stream == 1 and payload)


def test_quiet_watch_with_grpcio_keepalive_is_not_cut(orderlyd, api):
    """A grpcio watcher with keepalive pings (asked for every 100 ms; grpcio throttles that to
    about one a second, still far more often than the server's 5-minute minimum) keeps its
    stream while the server sends it an event every 0.4 s: the server's data forgives the
    strikes, as gRPC's servers do (the client sends nothing on the stream, so only the server's
    data can). 16 events take about 6.5 s, so about 6 pings: without forgiveness the fourth
    would end the connection with too_many_pings."""
    with Client(api, orderlyd.address) as writer:
        location, sku = uid("wh"), uid("sku")
        writer.add_location(location, NYC)
        writer.set_stock(location, sku, 1)
        options = [("grpc.keepalive_time_ms", 100), ("grpc.keepalive_timeout_ms", 5000),
                   ("grpc.keepalive_permit_without_calls", 1), ("grpc.http2.max_pings_without_data", 0)]
        with grpc.insecure_channel(orderlyd.address, options=options) as channel:
            stream = api.stub("InventoryService", channel).WatchInventory(api.WatchInventoryRequest(skus=[sku]), timeout=60)
            # Each event schedules the next one; the first one once the watch is open.
            threading.Timer(0.4, writer.set_stock, args=(location, sku, 2)).start()
            seen = []
            for level in stream:
                seen.append(level.on_hand)
                if level.on_hand >= 17:
                    break
                threading.Timer(0.4, writer.set_stock, args=(location, sku, level.on_hand + 1)).start()
            stream.cancel()
            assert seen == list(range(2, 18))


@pytest.fixture(scope="module")
def secured():
    path, tokens = write_auth_file()
    server = start_orderlyd(extra=["--auth-file", path])
    yield server, tokens
    server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)


@pytest.mark.parametrize("value", ["Bearer ", "Bearer", " Bearer ", "Bearer \t"])
def test_authorization_without_a_token_is_unauthenticated_not_reset(secured, api, value):
    server, _ = secured
    body = message(api.GetAvailabilityRequest(skus=["x"]).SerializeToString())
    response = call(server.port, "/orderly.v1.InventoryService/GetAvailability", body,
                    headers=[("authorization", value)])
    assert response.reset is None
    assert response.status == grpc.StatusCode.UNAUTHENTICATED.value[0]


def test_authorization_with_surrounding_spaces_is_read(secured, api):
    server, tokens = secured
    body = message(api.GetAvailabilityRequest(skus=["x"]).SerializeToString())
    response = call(server.port, "/orderly.v1.InventoryService/GetAvailability", body,
                    headers=[("authorization", f"  Bearer {tokens['viewer']}  ")])
    assert response.reset is None
    assert response.status == 0


def test_other_invalid_header_values_are_still_reset(secured, api):
    server, tokens = secured
    body = message(api.GetAvailabilityRequest(skus=["x"]).SerializeToString())
    response = call(server.port, "/orderly.v1.InventoryService/GetAvailability", body,
                    headers=[("authorization", f"Bearer {tokens['viewer']}"), ("x-note", "a\x00b")])
    assert response.reset is not None or response.status != 0
