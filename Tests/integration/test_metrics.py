"""The Prometheus endpoint (--metrics-port): off by default, GET /metrics over HTTP/1.1 on its own
listener, valid for `promtool check metrics`, and exact counters with the right labels after a
known set of calls."""
import http.client
import re
import shutil
import subprocess

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import free_port, start_orderlyd
from orderly_helpers import NYC, Client, uid


@pytest.fixture(scope="module")
def monitored():
    port = free_port()
    server = start_orderlyd(extra=["--metrics-port", str(port)])
    yield server, port
    code = server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, server.log()


def scrape(port, path="/metrics", method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.getheader("Content-Type"), body


def samples(text):
    """{(name, frozenset(labels)): value} of every sample line."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)', line)
        assert match, f"unparsable sample line: {line!r}"
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        out[(match.group(1), labels)] = float(match.group(3))
    return out


def value(text, name, **labels):
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def test_promtool_accepts_a_scrape_after_traffic(monitored, api):
    server, port = monitored
    with Client(api, server.address) as client:
        client.add_location(uid("wh"), NYC)
    status, content_type, body = scrape(port)
    assert status == 200
    assert content_type.startswith("text/plain; version=0.0.4")
    check = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr
    for family in ["grpc_server_started_total", "grpc_server_handled_total", "grpc_server_handling_seconds",
                   "orderly_connections", "orderly_journal_fsync_seconds", "orderly_orders", "orderly_watchers",
                   "orderly_webhook_deliveries_total", "process_resident_memory_bytes", "process_cpu_seconds_total",
                   "process_open_fds"]:
        assert f"# TYPE {family} " in body, family
    assert value(body, "process_resident_memory_bytes") > 1 << 20
    assert value(body, "process_open_fds") >= 3
    assert value(body, "orderly_journal_fsync_seconds_count") >= 1  # UpsertLocation was journaled


def test_counters_count_exactly_with_labels(monitored, api):
    server, port = monitored
    check = dict(grpc_type="unary", grpc_service="grpc.health.v1.Health", grpc_method="Check")
    watch = dict(grpc_type="server_stream", grpc_service="grpc.health.v1.Health", grpc_method="Watch")
    get = dict(grpc_type="unary", grpc_service="orderly.v1.OrderService", grpc_method="GetOrder")
    _, _, before = scrape(port)
    with grpc.insecure_channel(server.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for _ in range(7):
            health.Check(health_pb2.HealthCheckRequest(), timeout=10)
        for _ in range(3):
            with pytest.raises(grpc.RpcError):
                health.Check(health_pb2.HealthCheckRequest(service="nope"), timeout=10)
        stream = health.Watch(health_pb2.HealthCheckRequest(), timeout=30)
        next(stream)
        stream.cancel()
        orders = api.stub("OrderService", channel)
        for _ in range(2):
            with pytest.raises(grpc.RpcError):
                orders.GetOrder(api.GetOrderRequest(order_id=uid("missing")), timeout=10)
        # The cancelled watch is counted once the server has seen its RST_STREAM: wait for it.
        import time
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            _, _, after = scrape(port)
            if value(after, "grpc_server_handled_total", **watch, grpc_code="Canceled") > \
                    value(before, "grpc_server_handled_total", **watch, grpc_code="Canceled"):
                break
            time.sleep(0.05)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("grpc_server_started_total", **check) == 10
    assert delta("grpc_server_handled_total", **check, grpc_code="OK") == 7
    assert delta("grpc_server_handled_total", **check, grpc_code="NotFound") == 3
    assert delta("grpc_server_handling_seconds_count", **check) == 10
    assert delta("grpc_server_handling_seconds_bucket", **check, le="+Inf") == 10
    assert delta("grpc_server_started_total", **watch) == 1
    assert delta("grpc_server_handled_total", **watch, grpc_code="Canceled") == 1
    assert delta("grpc_server_started_total", **get) == 2
    assert delta("grpc_server_handled_total", **get, grpc_code="NotFound") == 2
    assert value(after, "orderly_connections") >= 1
    assert value(after, "orderly_webhook_deliveries_total", status="delivered") == 0


def test_watchers_and_orders_gauges(monitored, api):
    server, port = monitored
    with Client(api, server.address) as client:
        location, sku = uid("wh"), uid("sku")
        client.add_location(location, NYC)
        client.set_stock(location, sku, 10)
        _, _, before = scrape(port)
        client.create(client.order_request([(sku, 1, 100)], channel="WEB"))
        stream = client.inventory.WatchInventory(api.WatchInventoryRequest(skus=[sku]), timeout=30)
        import threading
        threading.Timer(0.2, client.set_stock, args=(location, sku, 11)).start()
        next(stream)  # the watch is registered once it delivers an event
        _, _, during = scrape(port)
        stream.cancel()
    assert value(during, "orderly_orders") == value(before, "orderly_orders") + 1
    assert value(during, "orderly_watchers") >= 1


def test_other_paths_and_methods(monitored):
    _, port = monitored
    assert scrape(port, "/")[0] == 404
    assert scrape(port, "/metrics", method="POST")[0] == 405
    assert scrape(port, "/metrics", method="HEAD")[0] == 200


def test_metrics_are_off_by_default(orderlyd, monitored):
    """Without --metrics-port there is no metrics listener (the monitored server logs its one)."""
    monitored_server, port = monitored
    assert f'msg=metrics host=127.0.0.1 path=/metrics port={port}' in monitored_server.log()
    assert "msg=metrics" not in orderlyd.log()
