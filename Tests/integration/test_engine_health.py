"""grpc.health.v1.Health against the real orderlyd, GET / with nghttp, and graceful shutdown."""
import signal
import subprocess
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import start_orderlyd


def test_health_check_overall_is_serving(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
    assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_health_check_unknown_service_is_not_found(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        with pytest.raises(grpc.RpcError) as error:
            health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


def test_health_check_named_service_is_serving(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        response = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service="grpc.health.v1.Health"), timeout=10)
    assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_health_watch_sends_current_status(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        call = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(), timeout=10)
        first = next(call)
        call.cancel()
    assert first.status == health_pb2.HealthCheckResponse.SERVING


def test_health_watch_unknown_service_reports_service_unknown(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        call = health_pb2_grpc.HealthStub(channel).Watch(
            health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
        first = next(call)
        call.cancel()
    assert first.status == health_pb2.HealthCheckResponse.SERVICE_UNKNOWN


def test_get_root_names_server_and_services(orderlyd):
    # nghttp (Debian's nghttp2-client, installed by `make test-deps`) speaks h2c with prior knowledge.
    page = subprocess.run(["nghttp", f"http://{orderlyd.address}/"], capture_output=True, text=True, timeout=10)
    assert page.returncode == 0, page.stderr
    assert "orderly" in page.stdout.lower()
    assert "grpc.health.v1.Health" in page.stdout


def test_sigterm_lets_in_flight_watch_finish_and_exits_zero():
    server = start_orderlyd()
    try:
        channel = grpc.insecure_channel(server.address)
        call = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(), timeout=20)
        assert next(call).status == health_pb2.HealthCheckResponse.SERVING
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        code = server.proc.wait(timeout=15)
        assert code == 0, server.log()
        assert time.monotonic() - started < 12
        channel.close()
    finally:
        server.stop()
