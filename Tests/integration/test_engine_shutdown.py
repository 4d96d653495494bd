"""Graceful shutdown of the engine, with interop-server: a call in flight when SIGTERM arrives
still completes, new connections are refused afterwards, and the process exits 0."""
import signal
import socket
import threading
import time

import grpc

from conftest import start_interop_server


def test_sigterm_lets_an_in_flight_stream_complete():
    from grpc.testing import messages_pb2, test_pb2_grpc
    server = start_interop_server()
    try:
        with grpc.insecure_channel(server.address) as channel:
            stub = test_pb2_grpc.TestServiceStub(channel)
            # Eight responses 150 ms apart: the call lasts about 1.2 s.
            request = messages_pb2.StreamingOutputCallRequest(
                response_parameters=[messages_pb2.ResponseParameters(size=10, interval_us=150_000)] * 8)
            call = stub.StreamingOutputCall(request, timeout=10)
            first = next(call)
            started = time.monotonic()
            server.proc.send_signal(signal.SIGTERM)
            rest = list(call)
            assert [len(r.payload.body) for r in [first, *rest]] == [10] * 8
            assert call.code() == grpc.StatusCode.OK
        assert server.proc.wait(timeout=10) == 0, server.log()
        assert time.monotonic() - started < 8
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", server.port)) != 0
    finally:
        server.stop()


def test_sigint_with_an_endless_call_exits_zero_after_the_grace_period():
    from grpc.testing import messages_pb2, test_pb2_grpc
    server = start_interop_server()
    try:
        release = threading.Event()
        channel = grpc.insecure_channel(server.address)

        def requests():
            yield messages_pb2.StreamingOutputCallRequest(response_parameters=[messages_pb2.ResponseParameters(size=1)])
            release.wait(30)

        call = test_pb2_grpc.TestServiceStub(channel).FullDuplexCall(requests(), timeout=30)
        assert len(next(call).payload.body) == 1
        started = time.monotonic()
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(timeout=15) == 0, server.log()
        assert time.monotonic() - started < 12  # bounded: the grace period, not the call, decides
        release.set()
        channel.close()
    finally:
        server.stop()
