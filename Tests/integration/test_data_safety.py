"""Data you can trust, through grpcio against the real orderlyd: committed data directories of
earlier format releases start; WatchOrders resumes across SIGTERM and kill -9 restarts with no gap;
a from_sequence older than the retained events answers OUT_OF_RANGE; a reused idempotency key
with another payload answers ALREADY_EXISTS; a damaged snapshot never starts an empty store;
`--check-data-dir` verifies a directory offline."""
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import grpc
import pytest
from google.protobuf.json_format import MessageToDict

from conftest import BIN_DIR, start_orderlyd
from orderly_helpers import NEWARK, Client, expect_error, uid

TIMEOUT = 15
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def copy_fixture(name, into):
    target = Path(into) / name
    shutil.copytree(FIXTURES / name, target)
    return str(target)


def check_data_dir(path):
    return subprocess.run([str(BIN_DIR / "orderlyd"), "--check-data-dir", path],
                          capture_output=True, text=True, timeout=60)


def run_orderlyd_to_exit(data_dir, extra=()):
    """Starts orderlyd expecting it to refuse; returns (exit status, output)."""
    proc = subprocess.run([str(BIN_DIR / "orderlyd"), "--port", "0", "--data-dir", data_dir, *extra],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("fixture", ["datadir-v1", "datadir-v2"])
def test_a_committed_data_directory_of_each_format_release_starts_with_everything(api, data_dir, fixture):
    path = copy_fixture(fixture, data_dir)
    expected = json.loads((FIXTURES / f"{fixture}.orders.json").read_text())["orders"]
    checked = check_data_dir(path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(expected)} orders" in checked.stdout
    server = start_orderlyd(path)
    try:
        with Client(api, server.address) as client:
            orders = client.orders.ListOrders(api.ListOrdersRequest(page_size=500), timeout=TIMEOUT).orders
            got = [MessageToDict(o) for o in orders]
            assert got == expected, "every order comes back exactly as the release that wrote it served it"
            assert client.get("o-000002").status == api.ORDER_STATUS_CANCELLED
            assert client.level("BELT-001", "wh-dallas")[0] == 5
            assert client.verify().consistent
            # The recorded AdjustStock retried as it was: the same level, no second delta.
            level = client.inventory.AdjustStock(api.AdjustStockRequest(
                location_id="wh-dallas", sku="BELT-001", delta=5, reason="restock",
                request_id="fx-adj-1"), timeout=TIMEOUT)
            assert level.on_hand == 5
            # And the store takes new writes on top.
            loc = uid("loc")
            client.add_location(loc, NEWARK)
            client.set_stock(loc, "NEW-1", 3)
            created = client.create(client.order_request([("NEW-1", 1, 100)]))
            assert created.order_id == f"o-{len(expected) + 1:06d}"
    finally:
        assert server.stop() == 0, server.log()


def _create_orders(api, client, count):
    loc = uid("loc")
    client.add_location(loc, NEWARK)
    sku = uid("sku")
    client.set_stock(loc, sku, 10_000)
    return [client.create(client.order_request([(sku, 1, 500)])) for _ in range(count)]


def _read_events(client, api, from_sequence, count):
    """The first `count` events after from_sequence."""
    stream = client.orders.WatchOrders(api.WatchOrdersRequest(from_sequence=from_sequence), timeout=60)
    events = []
    try:
        for event in stream:
            events.append(event)
            if len(events) == count:
                break
    finally:
        stream.cancel()
    return events


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_watch_orders_resumes_across_a_restart_with_no_gap(api, data_dir, how):
    server = start_orderlyd(data_dir)
    try:
        with Client(api, server.address) as client:
            created = _create_orders(api, client, 30)
            cancelled = [client.cancel(order.order_id) for order in created[:10]]
            last = cancelled[-1].history[-1].sequence
            assert last >= 40
            # Before the restart: the watcher sees exactly the durable events up to `last`.
            events = _read_events(client, api, last - 5, 5)
            assert [e.sequence for e in events] == list(range(last - 4, last + 1))
    finally:
        server.stop(sig=how)
    server = start_orderlyd(data_dir)
    try:
        with Client(api, server.address) as client:
            resumed_at = last - 25
            events = _read_events(client, api, resumed_at, 25)
            assert [e.sequence for e in events] == list(range(resumed_at + 1, last + 1)), \
                "the retained events after a restart continue exactly where the client stopped"
            # Live events continue the same numbering.
            more = _create_orders(api, client, 1)[0]
            assert more.history[-1].sequence == last + 1
    finally:
        assert server.stop() == 0, server.log()


def test_a_from_sequence_older_than_the_retained_events_is_out_of_range(api, data_dir):
    server = start_orderlyd(data_dir, extra=("--event-retention", "5"))
    try:
        with Client(api, server.address) as client:
            created = _create_orders(api, client, 12)
            newest = created[-1].history[-1].sequence
            oldest = newest - 4
            stream = client.orders.WatchOrders(api.WatchOrdersRequest(from_sequence=2), timeout=TIMEOUT)
            with pytest.raises(grpc.RpcError) as failure:
                next(iter(stream))
            assert failure.value.code() == grpc.StatusCode.OUT_OF_RANGE
            assert str(oldest) in failure.value.details(), failure.value.details()
            # Exactly at the edge: from the one before the oldest retained is fine.
            events = _read_events(client, api, oldest - 1, 5)
            assert [e.sequence for e in events] == list(range(oldest, newest + 1))
    finally:
        assert server.stop() == 0, server.log()


def test_a_reused_idempotency_key_with_another_payload_is_already_exists(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        loc = uid("loc")
        client.add_location(loc, NEWARK)
        sku = uid("sku")
        client.set_stock(loc, sku, 100)
        key = uid("req")
        request = client.order_request([(sku, 1, 500)], request_id=key)
        first = client.create(request)
        again = client.create(request)
        assert again.order_id == first.order_id, "the identical retry answers with the first order"
        changed = api.CreateOrderRequest()
        changed.CopyFrom(request)
        changed.lines[0].quantity = 2
        error = expect_error(grpc.StatusCode.ALREADY_EXISTS, client.orders.CreateOrder, changed, timeout=TIMEOUT)
        assert key in error.details()
        # Keyed by the channel reference: the same payload under a new request_id is the same
        # order; another payload is refused.
        by_ref = client.order_request([(sku, 1, 500)])
        placed = client.create(by_ref)
        by_ref.request_id = uid("req")
        assert client.create(by_ref).order_id == placed.order_id
        by_ref.request_id = uid("req")
        by_ref.lines[0].unit_price_minor = 999
        error = expect_error(grpc.StatusCode.ALREADY_EXISTS, client.orders.CreateOrder, by_ref, timeout=TIMEOUT)
        assert by_ref.channel_order_ref in error.details()
        adjust_key = uid("adj")
        client.adjust(loc, sku, 5, request_id=adjust_key)
        assert client.adjust(loc, sku, 5, request_id=adjust_key).on_hand == client.level(sku, loc)[0]
        other = uid("sku")
        client.set_stock(loc, other, 1)
        expect_error(grpc.StatusCode.ALREADY_EXISTS, client.inventory.AdjustStock, api.AdjustStockRequest(
            location_id=loc, sku=other, delta=5, reason="count", request_id=adjust_key), timeout=TIMEOUT)
        assert client.level(other, loc)[0] == 1, "nothing changed"
        # RequestReturn: the same lines are the same return; other lines under the key are refused.
        shipped = client.create(client.order_request([(sku, 2, 500)]))
        client.ship(shipped.order_id, loc)
        return_key = uid("ret")
        opened = client.request_return(shipped.order_id, [(sku, 1)], request_id=return_key)
        assert client.request_return(shipped.order_id, [(sku, 1)], request_id=return_key).return_id == opened.return_id
        error = expect_error(grpc.StatusCode.ALREADY_EXISTS, client.request_return, shipped.order_id, [(sku, 2)],
                             request_id=return_key)
        assert return_key in error.details()
        assert len(client.returns.ListReturns(api.ListReturnsRequest(order_id=shipped.order_id),
                                              timeout=TIMEOUT).returns) == 1
        assert client.verify().consistent


def _snapshot_files(path):
    return sorted(n for n in os.listdir(path) if n.startswith("snapshot-") and n.endswith(".snap"))


def _flip(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 0x40]))


def test_a_damaged_only_snapshot_refuses_to_start_and_check_data_dir_says_so(api, data_dir):
    server = start_orderlyd(data_dir)
    try:
        with Client(api, server.address) as client:
            _create_orders(api, client, 5)
    finally:
        assert server.stop() == 0  # SIGTERM writes a snapshot
    # The shutdown snapshot covers everything; drop the journal and damage the snapshot.
    for name in os.listdir(data_dir):
        if name.startswith("journal-"):
            os.unlink(os.path.join(data_dir, name))
    snapshots = _snapshot_files(data_dir)
    _flip(os.path.join(data_dir, snapshots[-1]), 60)
    checked = check_data_dir(data_dir)
    assert checked.returncode == 1
    assert snapshots[-1] in checked.stderr
    for extra in ((), ("--truncate-corrupt-journal",)):
        code, output = run_orderlyd_to_exit(data_dir, extra)
        assert code == 1, output
        assert snapshots[-1] in output and "does not hold a complete history" in output


def test_a_damaged_newest_snapshot_falls_back_to_the_older_one_and_says_so(api, data_dir):
    server = start_orderlyd(data_dir)
    try:
        with Client(api, server.address) as client:
            created = _create_orders(api, client, 4)
            with grpc.insecure_channel(server.address) as channel:
                api.stub("AdminService", channel).Snapshot(api.SnapshotRequest(), timeout=TIMEOUT)
            created += _create_orders(api, client, 3)
    finally:
        assert server.stop() == 0  # the shutdown snapshot is the second
    snapshots = _snapshot_files(data_dir)
    assert len(snapshots) == 2, snapshots
    _flip(os.path.join(data_dir, snapshots[-1]), 60)
    checked = check_data_dir(data_dir)
    assert checked.returncode == 0 and snapshots[-1] in checked.stdout, checked.stdout + checked.stderr
    server = start_orderlyd(data_dir)
    try:
        with Client(api, server.address) as client:
            for order in created:
                assert client.get(order.order_id).order_id == order.order_id
        assert "level=error" in server.log() and snapshots[-1] in server.log()
    finally:
        assert server.stop() == 0, server.log()
