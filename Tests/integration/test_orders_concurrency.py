"""Many clients racing for one scarce sku on a fresh orderlyd: 32 threads, each with its own
connection and sales channel, order 1-3 units over and over, mixed with stock adjustments (some
retried with the same request_id) and cancellations. Afterwards the books must balance exactly:
nothing oversold, every reservation accounted for by an order, VerifyInventory consistent."""
import random
import shutil
import threading

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import BOSTON, NEWARK, NYC, PHILADELPHIA, TRENTON, Client, allocation_map, uid

CLIENTS = 32
OPS_PER_CLIENT = 14
RPC_TIMEOUT = 20
CHANNELS = ["WEB", "MOBILE_APP", "POS", "MARKETPLACE", "ERP"]
CUSTOMER_PLACES = [NYC, TRENTON, BOSTON, PHILADELPHIA]


@pytest.fixture(scope="module")
def server():
    server = start_orderlyd()
    yield server
    code = server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


class Ledger:
    """What the clients were told, under a lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.orders = {}        # order_id -> Order as acknowledged at creation
        self.cancelled = set()  # order ids whose cancel was acknowledged
        self.deltas = {}        # location_id -> sum of acknowledged AdjustStock deltas
        self.unexpected = []    # errors that the contract does not allow here
        self.refused = 0        # FAILED_PRECONDITION answers (sold out, adjust below reserved)


def hammer(api, address, index, sku, locations, ledger, barrier):
    rng = random.Random(1000 + index)
    channel = CHANNELS[index % len(CHANNELS)]
    mine = []
    with Client(api, address) as client:
        barrier.wait(timeout=60)
        for _ in range(OPS_PER_CLIENT):
            roll = rng.random()
            try:
                if roll < 0.7:
                    request = client.order_request([(sku, rng.randint(1, 3), 1500)], channel=channel,
                                                   where=rng.choice(CUSTOMER_PLACES))
                    order = client.orders.CreateOrder(request, timeout=RPC_TIMEOUT)
                    if rng.random() < 0.2:  # a client retry: must be the same order, nothing more reserved
                        again = client.orders.CreateOrder(request, timeout=RPC_TIMEOUT)
                        if again.order_id != order.order_id:
                            with ledger.lock:
                                ledger.unexpected.append(f"retry of {request.request_id} made a second order")
                    mine.append(order.order_id)
                    with ledger.lock:
                        ledger.orders[order.order_id] = order
                elif roll < 0.85 and mine:
                    order_id = mine.pop(rng.randrange(len(mine)))
                    client.orders.CancelOrder(api.CancelOrderRequest(order_id=order_id, reason="race"),
                                              timeout=RPC_TIMEOUT)
                    with ledger.lock:
                        ledger.cancelled.add(order_id)
                else:
                    location = rng.choice(locations)
                    delta = rng.choice([-2, -1, 1, 2, 3])
                    request = api.AdjustStockRequest(location_id=location, sku=sku, delta=delta, reason="count",
                                                     request_id=uid("adj"))
                    client.inventory.AdjustStock(request, timeout=RPC_TIMEOUT)
                    if rng.random() < 0.3:
                        client.inventory.AdjustStock(request, timeout=RPC_TIMEOUT)  # applied once only
                    with ledger.lock:
                        ledger.deltas[location] = ledger.deltas.get(location, 0) + delta
            except grpc.RpcError as error:
                with ledger.lock:
                    if error.code() == grpc.StatusCode.FAILED_PRECONDITION:
                        ledger.refused += 1
                    else:
                        ledger.unexpected.append(f"{error.code()}: {error.details()}")


def test_scarce_sku_is_never_oversold_under_concurrent_clients(api, server):
    sku = uid("scarce")
    initial = {}
    with Client(api, server.address) as admin:
        for where, on_hand in ((NEWARK, 30), (TRENTON, 30), (BOSTON, 40)):
            location = uid("loc")
            admin.add_location(location, where)
            admin.set_stock(location, sku, on_hand)
            initial[location] = on_hand
    locations = sorted(initial)
    ledger, barrier = Ledger(), threading.Barrier(CLIENTS)
    threads = [threading.Thread(target=hammer, args=(api, server.address, i, sku, locations, ledger, barrier))
               for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=150)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    assert ledger.unexpected == []
    assert ledger.refused > 0, "the sku was not scarce: the race did not happen"

    with Client(api, server.address) as admin:
        # Drain whatever is left, one unit at a time, so every available unit ends up sold.
        for _ in range(400):
            try:
                order = admin.create(admin.order_request([(sku, 1, 1500)]))
                ledger.orders[order.order_id] = order
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.FAILED_PRECONDITION, error.details()
                break
        else:
            pytest.fail("draining never ran out of stock")

        listed = admin.list_all(page_size=50)
        assert sorted(o.order_id for o in listed) == sorted(ledger.orders), "orders differ from acknowledged ones"
        live_allocations = {}
        for order in listed:
            expected_status = api.ORDER_STATUS_CANCELLED if order.order_id in ledger.cancelled \
                else api.ORDER_STATUS_ALLOCATED
            assert order.status == expected_status, order.order_id
            assert order.lines[0].quantity == ledger.orders[order.order_id].lines[0].quantity
            if order.status == api.ORDER_STATUS_CANCELLED:
                continue
            assert allocation_map(order) == allocation_map(ledger.orders[order.order_id])
            for (location, _), quantity in allocation_map(order).items():
                live_allocations[location] = live_allocations.get(location, 0) + quantity

        availability = admin.availability(sku)
        assert sorted(level.location_id for level in availability.locations) == locations
        for level in availability.locations:
            expected_on_hand = initial[level.location_id] + ledger.deltas.get(level.location_id, 0)
            assert level.on_hand == expected_on_hand, level
            assert level.reserved == live_allocations.get(level.location_id, 0), level
            assert level.reserved <= level.on_hand
            assert level.available == 0, f"left unsold after draining: {level}"
        sold = sum(live_allocations.values())
        assert sold == availability.on_hand == sum(initial.values()) + sum(ledger.deltas.values())
        # `sequence` is server-wide, starts at 1 and grows by one per order event: on this fresh
        # server the histories of all orders together hold exactly 1..N, whatever the interleaving.
        sequences = sorted(event.sequence for order in listed for event in order.history)
        assert sequences == list(range(1, len(sequences) + 1))
        verdict = admin.verify()
        assert verdict.consistent, list(verdict.problems)
        assert verdict.levels_checked == len(locations)
