"""Hostile bytes on raw TCP: the server closes the offending connection and keeps serving a
well-behaved grpcio client throughout."""
import socket
import struct
import threading
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def frame(kind: int, flags: int, stream: int, payload: bytes, length=None) -> bytes:
    n = len(payload) if length is None else length
    return struct.pack(">I", n)[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def read_until_closed(sock: socket.socket, timeout: float = 10.0) -> bytes:
    """Reads until the server closes; fails the test if it never does."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        except socket.timeout:
            break
        if not chunk:
            return data
        data += chunk
    raise AssertionError("server did not close the connection")


def goaway_codes(data: bytes):
    """Error codes of every GOAWAY frame in a server byte stream."""
    codes, i = [], 0
    while i + 9 <= len(data):
        length = int.from_bytes(data[i:i + 3], "big")
        kind = data[i + 3]
        if kind == 7 and i + 9 + 8 <= len(data):
            codes.append(int.from_bytes(data[i + 13:i + 17], "big"))
        i += 9 + length
    return codes


class HealthyClient:
    """Calls Health.Check in a loop while the hostile tests run."""

    def __init__(self, address):
        self.channel = grpc.insecure_channel(address)
        self.stub = health_pb2_grpc.HealthStub(self.channel)
        self.ok = 0
        self.failures = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            try:
                r = self.stub.Check(health_pb2.HealthCheckRequest(), timeout=5)
                assert r.status == health_pb2.HealthCheckResponse.SERVING
                self.ok += 1
            except Exception as error:  # recorded, asserted at the end
                self.failures.append(repr(error))
            time.sleep(0.005)

    def finish(self):
        self.stop.set()
        self.thread.join()
        self.channel.close()


def connect(server):
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def test_hostile_connections_are_closed_and_server_keeps_serving(orderlyd):
    client = HealthyClient(orderlyd.address)
    try:
        # 1. Garbage instead of the preface.
        with connect(orderlyd) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + bytes(range(256)) * 4)
            read_until_closed(s)
        # 2. A truncated preface, then the client goes quiet and closes its side.
        with connect(orderlyd) as s:
            s.sendall(PREFACE[:10])
            s.shutdown(socket.SHUT_WR)
            read_until_closed(s)
        # 3. A valid preface and SETTINGS, then a malformed frame: DATA on stream 0.
        with connect(orderlyd) as s:
            s.sendall(PREFACE + frame(4, 0, 0, b"") + frame(0, 0, 0, b"abc"))
            data = read_until_closed(s)
            assert 1 in goaway_codes(data), "expected GOAWAY(PROTOCOL_ERROR)"
        # 4. A frame that claims more than the max frame size.
        with connect(orderlyd) as s:
            s.sendall(PREFACE + frame(4, 0, 0, b"") + frame(0, 0, 1, b"x" * 16, length=0xFFFFFF))
            data = read_until_closed(s)
            assert goaway_codes(data), "expected a GOAWAY"
        # 5. A SETTINGS frame with a bad length (not a multiple of 6).
        with connect(orderlyd) as s:
            s.sendall(PREFACE + frame(4, 0, 0, b"\x00\x03\x00"))
            data = read_until_closed(s)
            assert 6 in goaway_codes(data), "expected GOAWAY(FRAME_SIZE_ERROR)"
        # 6. Random bytes after a valid preface.
        import random
        rng = random.Random(1234)
        for _ in range(20):
            with connect(orderlyd) as s:
                s.sendall(PREFACE + bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000))))
                try:
                    s.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                read_until_closed(s)
        time.sleep(0.2)
    finally:
        client.finish()
    assert orderlyd.alive()
    assert client.failures == []
    assert client.ok > 0
