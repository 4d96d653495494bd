"""Durability of orderlyd (issue "durability"): acknowledged writes survive `kill -9` at random
moments, nothing is ever half-applied, and a clean restart (SIGTERM writes a snapshot) gives back
the same state field for field. Writers record every acknowledged answer; after each crash the
server restarts on the same --data-dir and the books are checked against those answers.

Retrying an unacknowledged write with its request_id after the restart must apply it exactly once
(it either was applied and journaled atomically with its request_id, or not at all), which makes
the expected stock figures exact rather than bounds."""
import random
import shutil
import signal
import tempfile
import threading
import time

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import BOSTON, NEWARK, TRENTON, Client, allocation_map, build_order_request, uid

ROUNDS = 5
WRITERS = 8
RPC_TIMEOUT = 5
SEED = 20261127


class Books:
    """Every write the test sent, and what was acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.creates = {}       # request_id -> CreateOrderRequest
        self.adjusts = {}       # request_id -> AdjustStockRequest
        self.acked_orders = {}  # request_id -> Order as acknowledged
        self.acked_adjusts = set()
        self.acked_before_crash = 0  # answers the writers got (not counting retries after restarts)
        self.unexpected = []


def writer(api, address, index, round_no, skus, locations, books, stop):
    rng = random.Random(SEED + 100 * round_no + index)
    channel = grpc.insecure_channel(address)
    orders = api.stub("OrderService", channel)
    inventory = api.stub("InventoryService", channel)
    try:
        for _ in range(10_000):
            if stop.is_set():
                return
            if rng.random() < 0.7:
                lines = [(sku, rng.randint(1, 3), rng.randint(100, 5000)) for sku in rng.sample(skus, rng.randint(1, 2))]
                request_id = uid("req")
                request = build_order_request(api, lines, channel=rng.choice(["WEB", "POS", "ERP"]), request_id=request_id,
                                               channel_order_ref=request_id)
                with books.lock:
                    books.creates[request_id] = request
                call, kind = (lambda: orders.CreateOrder(request, timeout=RPC_TIMEOUT)), "order"
            else:
                request_id = uid("adj")
                request = api.AdjustStockRequest(location_id=rng.choice(locations), sku=rng.choice(skus),
                                                 delta=rng.randint(1, 5), reason="receiving", request_id=request_id)
                with books.lock:
                    books.adjusts[request_id] = request
                call, kind = (lambda: inventory.AdjustStock(request, timeout=RPC_TIMEOUT)), "adjust"
            try:
                answer = call()
            except grpc.RpcError as error:
                if error.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
                                        grpc.StatusCode.CANCELLED, grpc.StatusCode.UNKNOWN,
                                        grpc.StatusCode.INTERNAL):
                    with books.lock:
                        books.unexpected.append(f"{kind}: {error.code()}: {error.details()}")
                if stop.is_set() or error.code() == grpc.StatusCode.UNAVAILABLE:
                    time.sleep(0.05)
                continue
            with books.lock:
                books.acked_before_crash += 1
                if kind == "order":
                    books.acked_orders[request_id] = answer
                else:
                    books.acked_adjusts.add(request_id)
    finally:
        channel.close()


def orders_by_ref(client):
    """Every order on the server by channel_order_ref (the test sets it to the request_id)."""
    listed = client.list_all(page_size=100)
    refs = [o.channel_order_ref for o in listed]
    assert len(refs) == len(set(refs)), "an order exists twice"
    return {o.channel_order_ref: o for o in listed}


def settle_and_check(api, client, skus, locations, initial, books):
    """After a restart: every acknowledged order is there as acknowledged; every other write is retried
    with its request_id; then stock, reservations and orders must agree exactly."""
    by_ref = orders_by_ref(client)
    for request_id, acked in books.acked_orders.items():
        assert request_id in by_ref, f"acknowledged order {acked.order_id} lost"
        order = by_ref[request_id]
        assert order.order_id == acked.order_id
        assert order.status == api.ORDER_STATUS_ALLOCATED, request_id
        assert allocation_map(order) == allocation_map(acked), f"allocations of {acked.order_id} changed"
        assert [(l.sku, l.quantity, l.unit_price_minor) for l in order.lines] == \
            [(l.sku, l.quantity, l.unit_price_minor) for l in acked.lines]
        assert order.created_at == acked.created_at and order.version == acked.version
    assert set(by_ref) <= set(books.creates), "an order nobody asked for"
    for request_id, request in books.creates.items():
        if request_id not in books.acked_orders:
            retried = client.create(request)
            if request_id in by_ref:  # applied before the crash, answer lost: the retry must find it
                assert retried.order_id == by_ref[request_id].order_id
            books.acked_orders[request_id] = retried
    for request_id, request in books.adjusts.items():
        if request_id not in books.acked_adjusts:
            client.inventory.AdjustStock(request, timeout=RPC_TIMEOUT)
            books.acked_adjusts.add(request_id)

    by_ref = orders_by_ref(client)
    assert set(by_ref) == set(books.creates), "orders differ from the writes sent"
    reserved = {}
    for request_id, order in books.acked_orders.items():
        assert by_ref[request_id].order_id == order.order_id
        for key, quantity in allocation_map(by_ref[request_id]).items():
            reserved[key] = reserved.get(key, 0) + quantity
    expected_on_hand = dict(initial)
    for request in books.adjusts.values():
        expected_on_hand[(request.location_id, request.sku)] += request.delta
    for sku in skus:
        item = client.availability(sku)
        assert len(item.locations) == len(locations)
        for level in item.locations:
            key = (level.location_id, level.sku)
            assert level.on_hand == expected_on_hand[key], f"{key}: on_hand {level.on_hand} != {expected_on_hand[key]}"
            assert level.reserved == reserved.get(key, 0), f"{key}: reserved {level.reserved} != {reserved.get(key, 0)}"
    verdict = client.verify()
    assert verdict.consistent, list(verdict.problems)


def dump(api, client, skus, detailed):
    """What a client can read, in a stable order, for field-for-field comparison: every location,
    order and stock level, plus GetOrder, shipments and returns of the `detailed` order ids."""
    locations = sorted(client.inventory.ListLocations(api.ListLocationsRequest(), timeout=RPC_TIMEOUT).locations,
                       key=lambda l: l.location_id)
    orders = sorted(client.list_all(page_size=100), key=lambda o: o.order_id)
    full = [client.get(order_id) for order_id in detailed]
    shipments = [client.shipments.ListShipments(api.ListShipmentsRequest(order_id=order_id), timeout=RPC_TIMEOUT)
                 for order_id in detailed]
    returns = [client.returns.ListReturns(api.ListReturnsRequest(order_id=order_id), timeout=RPC_TIMEOUT)
               for order_id in detailed]
    availability = client.inventory.GetAvailability(api.GetAvailabilityRequest(skus=sorted(skus)),
                                                    timeout=RPC_TIMEOUT)
    items = sorted(availability.items, key=lambda i: i.sku)
    levels = [sorted(((l.location_id, l.SerializeToString(deterministic=True)) for l in i.locations)) for i in items]
    return dict(locations=locations, orders=orders, full=full, shipments=shipments, returns=returns,
                totals=[(i.sku, i.on_hand, i.reserved, i.available) for i in items], levels=levels)


def assert_same(before, after):
    for key in before:
        assert before[key] == after[key], f"{key} differs after restart"


def test_acknowledged_writes_survive_kill_9_and_clean_restart_round_trips(api):
    rng = random.Random(SEED)
    data_dir = tempfile.mkdtemp(prefix="orderly-crash-")
    skus = [uid("dur") for _ in range(3)]
    locations = [uid("loc") for _ in range(3)]
    initial, books = {}, Books()
    server = start_orderlyd(data_dir)
    try:
        with Client(api, server.address) as client:
            for location, where in zip(locations, (NEWARK, TRENTON, BOSTON)):
                client.add_location(location, where)
                for sku in skus:
                    client.set_stock(location, sku, 5000)
                    initial[(location, sku)] = 5000

        for round_no in range(ROUNDS):
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(api, server.address, i, round_no, skus, locations,
                                                             books, stop)) for i in range(WRITERS)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.3, 1.2))
            server.stop(sig=signal.SIGKILL)
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            assert not any(thread.is_alive() for thread in threads), "a writer hung"
            assert books.unexpected == []
            server = start_orderlyd(data_dir)
            with Client(api, server.address) as client:
                settle_and_check(api, client, skus, locations, initial, books)
        assert books.acked_before_crash > 10 * ROUNDS, "too few writes were acknowledged to test anything"

        with Client(api, server.address) as client:
            # Some history worth snapshotting: a cancellation, a shipment, a received return.
            some = sorted(books.acked_orders.values(), key=lambda o: o.order_id)
            client.cancel(some[0].order_id)
            shipped = some[1]
            for location in {a.location_id for a in shipped.allocations}:
                client.ship(shipped.order_id, location)
            line = shipped.lines[0]
            ret = client.request_return(shipped.order_id, [(line.sku, 1)])
            client.approve(ret.return_id)
            client.receive(ret.return_id, locations[0], restock=True)
            last_sequence = client.get(shipped.order_id).history[-1].sequence
            detailed = [o.order_id for o in some[:10]]
            before = dump(api, client, skus, detailed)

        assert server.stop() == 0, server.log()
        server = start_orderlyd(data_dir)
        with Client(api, server.address) as client:
            assert_same(before, dump(api, client, skus, detailed))
            # Journal tail on top of the snapshot, then a crash: still all there.
            extra = client.create(client.order_request([(skus[0], 2, 700)]))
            client.adjust(locations[1], skus[1], +3)
            assert extra.history[0].sequence > last_sequence, "event sequence restarted after a restart"
            detailed.append(extra.order_id)
            before = dump(api, client, skus, detailed)
        server.stop(sig=signal.SIGKILL)
        server = start_orderlyd(data_dir)
        with Client(api, server.address) as client:
            assert_same(before, dump(api, client, skus, detailed))
            verdict = client.verify()
            assert verdict.consistent, list(verdict.problems)
        assert server.stop() == 0, server.log()
        server = start_orderlyd(data_dir)
        with Client(api, server.address) as client:
            assert_same(before, dump(api, client, skus, detailed))
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.mark.parametrize("signal_to_send", [signal.SIGKILL, signal.SIGTERM])
def test_empty_data_dir_restarts_empty(api, signal_to_send):
    data_dir = tempfile.mkdtemp(prefix="orderly-empty-")
    server = start_orderlyd(data_dir)
    try:
        server.stop(sig=signal_to_send)
        server = start_orderlyd(data_dir)
        with Client(api, server.address) as client:
            assert client.list_all() == []
            assert list(client.inventory.ListLocations(api.ListLocationsRequest(), timeout=RPC_TIMEOUT).locations) == []
            assert client.verify().consistent
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
