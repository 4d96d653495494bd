"""Watchers (WatchOrders with resume, WatchInventory), idempotent retries, ListOrders filters and
paging (also under concurrent writes) and ImportStock client streaming, against orderlyd."""
import threading

import grpc

import pytest

from orderly_helpers import NEWARK, PHILADELPHIA, TIMEOUT, Client, StreamReader, allocation_map, expect_error, uid


@pytest.fixture(scope="module")
def client(api, orderlyd):
    with Client(api, orderlyd.address) as c:
        yield c


def status(api, name):
    return api.OrderStatus.Value(f"ORDER_STATUS_{name}")


def ship_and_deliver(client, order, location):
    """Ships an order in two parcels from one location and delivers both; returns the statuses it went through."""
    line = order.lines[0]
    first = client.ship(order.order_id, location, [(line.sku, 1)])
    second = client.ship(order.order_id, location)
    client.track(first.shipment_id, "DELIVERED")
    client.track(second.shipment_id, "DELIVERED")
    return ["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED"]


def test_watch_orders_sees_every_status_change_in_order(api, client):
    sku, customer = uid("sku"), uid("cust")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 100)])
    watch = StreamReader(client.orders.WatchOrders(api.WatchOrdersRequest(customer_id=customer), timeout=60))
    try:
        # The watch only sees changes after it started on the server, and nothing tells the client
        # when that is: create throwaway orders for the customer until one shows up (bounded).
        for _ in range(50):
            probe = client.create(client.order_request([(sku, 1, 10)], customer_id=customer))
            event = watch.next(timeout=0.2)
            if event is not None:
                break
        else:
            pytest.fail("WatchOrders never delivered an event for the watched customer")
        if event.order_id != probe.order_id:  # an earlier probe's event arrived late: skip to the last probe
            watch.take_until(lambda e: e.order_id == probe.order_id, timeout=TIMEOUT)

        order = client.create(client.order_request([(sku, 3, 10)], customer_id=customer))
        other = client.create(client.order_request([(sku, 1, 10)]))  # another customer: not watched
        steps = ["ALLOCATED"] + ship_and_deliver(client, order, warehouse)
        events = watch.take_until(lambda e: e.order_id == order.order_id and e.status == status(api, "DELIVERED"),
                                  timeout=TIMEOUT)
        mine = [e for e in events if e.order_id == order.order_id]
        assert [e.status for e in mine] == [status(api, s) for s in steps]
        assert all(e.order_id != other.order_id for e in events)
        sequences = [e.sequence for e in events]
        assert sequences == sorted(set(sequences)), f"events out of order: {sequences}"
        history = client.get(order.order_id).history
        assert [(e.status, e.sequence) for e in history] == [(e.status, e.sequence) for e in mine]
    finally:
        watch.cancel()


def test_watch_orders_resumes_from_sequence_without_gaps(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 100)])
    order = client.create(client.order_request([(sku, 3, 10)]))
    created_seq = order.history[0].sequence
    assert created_seq >= 1
    # A watcher for this order that "lost" everything after creation resumes from there, then the
    # live events follow with no gap and no duplicate.
    watch = StreamReader(client.orders.WatchOrders(
        api.WatchOrdersRequest(order_id=order.order_id, from_sequence=created_seq), timeout=60))
    try:
        first = client.ship(order.order_id, warehouse, [(sku, 1)])
        replayed = watch.take_until(lambda e: e.status == status(api, "PARTIALLY_SHIPPED"), timeout=TIMEOUT)
        second = client.ship(order.order_id, warehouse)
        client.track(first.shipment_id, "DELIVERED")
        client.track(second.shipment_id, "DELIVERED")
        live = watch.take_until(lambda e: e.status == status(api, "DELIVERED"), timeout=TIMEOUT)
        events = replayed + live
        assert [e.status for e in events] == [status(api, s) for s in ("PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED")]
        assert all(e.order_id == order.order_id for e in events)
        assert all(e.sequence > created_seq for e in events)
    finally:
        watch.cancel()

    # Resuming an all-orders watch from the creation event replays every later event server-wide:
    # consecutive sequence numbers (sequence grows by one per order event), ours among them.
    last = client.get(order.order_id).history[-1].sequence
    replay = StreamReader(client.orders.WatchOrders(api.WatchOrdersRequest(from_sequence=created_seq), timeout=60))
    try:
        events = replay.take_until(lambda e: e.sequence >= last, timeout=TIMEOUT)
    finally:
        replay.cancel()
    assert [e.sequence for e in events] == list(range(created_seq + 1, last + 1))
    assert [e.status for e in events if e.order_id == order.order_id] == \
        [status(api, s) for s in ("PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED")]


def test_watch_inventory_sees_every_change_of_watched_skus(api, client):
    sku, unwatched = uid("sku"), uid("sku")
    near, far = client.stocked_locations(sku, [(NEWARK, 10), (PHILADELPHIA, 10)])
    client.set_stock(near, unwatched, 10)
    watch = StreamReader(client.inventory.WatchInventory(api.WatchInventoryRequest(skus=[sku]), timeout=60))
    try:
        for _ in range(50):  # wait (bounded) until the watch is live: nudge the sku until it reports
            client.adjust(far, sku, +1)
            if watch.next(timeout=0.2) is not None:
                break
        else:
            pytest.fail("WatchInventory never reported a change")
        start = {level.location_id: level.version for level in client.availability(sku).locations}

        client.adjust(near, sku, +5)                                     # near 15/0
        client.adjust(near, unwatched, -1)                               # not watched
        order = client.create(client.order_request([(sku, 12, 10)]))    # near 15/12
        client.cancel(order.order_id)                                    # near 15/0
        client.set_stock(near, sku, 4, safety=1)                         # near 4/0/1
        final = {level.location_id: level for level in client.availability(sku).locations}

        def reached_final(level):
            return level.location_id == near and level.version == final[near].version
        events = watch.take_until(reached_final, timeout=TIMEOUT)
    finally:
        watch.cancel()
    assert all(level.sku == sku for level in events)
    new = [level for level in events if level.version > start[level.location_id]]
    assert all(level.location_id == near for level in new), "routing should only touch Newark"
    assert [(level.on_hand, level.reserved, level.safety_stock, level.available) for level in new] == \
        [(15, 0, 0, 15), (15, 12, 0, 3), (15, 0, 0, 15), (4, 0, 1, 3)]
    versions = [level.version for level in new]
    assert versions == sorted(set(versions))


def test_create_order_retry_with_same_request_id_returns_first_order_and_reserves_once(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    request = client.order_request([(sku, 4, 100)])
    first = client.create(request)
    again = client.create(request)
    assert again.order_id == first.order_id
    assert allocation_map(again) == {(warehouse, sku): 4}
    # Same request_id with other content: refused naming the key, nothing more reserved.
    changed = client.order_request([(sku, 6, 100)], request_id=request.request_id)
    expect_error(grpc.StatusCode.ALREADY_EXISTS, client.orders.CreateOrder, changed, names=(request.request_id,))
    assert client.level(sku, warehouse) == (10, 4, 6)


def test_create_order_with_same_channel_and_channel_order_ref_is_the_same_order(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    ref = uid("amzn")
    request = client.order_request([(sku, 2, 100)], channel="MARKETPLACE", channel_order_ref=ref)
    first = client.create(request)
    request.request_id = uid("req")  # the marketplace retries under a new request id
    retry = client.create(request)
    assert retry.order_id == first.order_id
    assert client.level(sku, warehouse) == (10, 2, 8)
    other = client.order_request([(sku, 3, 100)], channel="MARKETPLACE", channel_order_ref=ref)
    expect_error(grpc.StatusCode.ALREADY_EXISTS, client.orders.CreateOrder, other, names=(ref,))
    assert client.level(sku, warehouse) == (10, 2, 8)
    elsewhere = client.create(client.order_request([(sku, 2, 100)], channel="ERP", channel_order_ref=ref))
    assert elsewhere.order_id != first.order_id, "the same ref from another channel is another order"
    assert client.level(sku, warehouse) == (10, 4, 6)


def test_adjust_stock_retry_with_same_request_id_is_applied_once(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    request_id = uid("adj")
    assert client.adjust(warehouse, sku, +5, request_id=request_id).on_hand == 15
    client.adjust(warehouse, sku, +1)
    retry = client.adjust(warehouse, sku, +5, request_id=request_id)
    assert retry.on_hand == 16, "a retried request_id answers with the current level"
    assert client.level(sku, warehouse) == (16, 0, 16)


def test_request_return_retry_with_same_request_id_is_one_return(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    order = client.create(client.order_request([(sku, 2, 100)]))
    client.ship(order.order_id, warehouse)
    request_id = uid("rr")
    first = client.request_return(order.order_id, [(sku, 2)], request_id=request_id)
    again = client.request_return(order.order_id, [(sku, 2)], request_id=request_id)
    assert again.return_id == first.return_id
    listed = client.returns.ListReturns(api.ListReturnsRequest(order_id=order.order_id), timeout=TIMEOUT)
    assert [r.return_id for r in listed.returns] == [first.return_id]


def make_orders(client, sku, customer, count, channels=("WEB", "POS")):
    return [client.create(client.order_request([(sku, 1, 100 + i)], customer_id=customer,
                                               channel=channels[i % len(channels)])) for i in range(count)]


def test_list_orders_filters_combine_and_paging_visits_each_once(api, client):
    sku, customer = uid("sku"), uid("cust")
    client.stocked_locations(sku, [(NEWARK, 100)])
    orders = make_orders(client, sku, customer, 23)
    cancelled = {o.order_id for o in orders[::4]}
    for order_id in cancelled:
        client.cancel(order_id)
    for page_size in (1, 5, 23, 100, 0):
        listed = client.list_all(customer_id=customer, page_size=page_size)
        ids = [o.order_id for o in listed]
        assert len(ids) == len(set(ids)), f"page_size {page_size}: an order came twice"
        assert set(ids) == {o.order_id for o in orders}, f"page_size {page_size}"
        assert all(o.customer.customer_id == customer for o in listed)
    by_status = client.list_all(customer_id=customer, status="CANCELLED")
    assert {o.order_id for o in by_status} == cancelled
    by_channel = client.list_all(customer_id=customer, channel="POS")
    assert {o.order_id for o in by_channel} == {o.order_id for o in orders[1::2]}
    both = client.list_all(customer_id=customer, channel="POS", status="ALLOCATED")
    assert {o.order_id for o in both} == {o.order_id for o in orders[1::2]} - cancelled
    assert client.list_all(customer_id=customer, channel="ERP") == []
    # No customer filter: our orders are among all of them, each once.
    everything = [o.order_id for o in client.list_all(status="CANCELLED", page_size=50)]
    assert len(everything) == len(set(everything)) and cancelled <= set(everything)


def test_list_orders_paging_while_orders_are_being_created(api, client):
    sku, customer = uid("sku"), uid("cust")
    client.stocked_locations(sku, [(NEWARK, 200)])
    existing = {o.order_id for o in make_orders(client, sku, customer, 20)}
    created, stop = [], threading.Event()

    def writer():
        with Client(api, client.target) as other:
            for _ in range(60):
                if stop.is_set():
                    return
                created.append(other.create(other.order_request([(sku, 1, 1)], customer_id=customer)).order_id)

    thread = threading.Thread(target=writer)
    thread.start()
    listings = []
    try:
        for _ in range(3):
            ids = [o.order_id for o in client.list_all(customer_id=customer, page_size=3)]
            assert len(ids) == len(set(ids)), "paging under concurrent inserts returned an order twice"
            assert existing <= set(ids), "paging under concurrent inserts skipped an existing order"
            listings.append(set(ids))
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    # Only now is `created` complete (an order can be listed before its creator got the answer).
    assert all(ids <= existing | set(created) for ids in listings)
    assert {o.order_id for o in client.list_all(customer_id=customer, page_size=50)} == existing | set(created)


def test_list_orders_page_size_zero_is_a_sane_default(api, client):
    sku, customer = uid("sku"), uid("cust")
    client.stocked_locations(sku, [(NEWARK, 10)])
    make_orders(client, sku, customer, 3)
    page = client.orders.ListOrders(api.ListOrdersRequest(customer_id=customer), timeout=TIMEOUT)
    assert len(page.orders) == 3 and page.next_page_token == ""
    huge = client.orders.ListOrders(api.ListOrdersRequest(page_size=2_000_000_000), timeout=TIMEOUT)
    assert 0 < len(huge.orders) <= 10_000, "page_size must be capped"


def test_import_stock_counts_and_describes_bad_rows(api, client):
    location = uid("loc")
    client.add_location(location, NEWARK)
    good = [uid("sku") for _ in range(5)]
    unknown_location = uid("nowhere")
    rows = [api.SetStockRequest(location_id=location, sku=good[0], on_hand=10),
            api.SetStockRequest(location_id=unknown_location, sku=uid("sku"), on_hand=3),
            api.SetStockRequest(location_id=location, sku=good[1], on_hand=20, safety_stock=2),
            api.SetStockRequest(location_id=location, sku=uid("neg"), on_hand=-1),
            api.SetStockRequest(location_id=location, sku="", on_hand=4),
            api.SetStockRequest(location_id=location, sku=good[2], on_hand=0),
            api.SetStockRequest(location_id=location, sku=good[3], on_hand=7),
            api.SetStockRequest(location_id=location, sku=good[4], on_hand=1),
            api.SetStockRequest(location_id=location, sku=good[3], on_hand=8)]  # later row wins
    response = client.inventory.ImportStock(iter(rows), timeout=TIMEOUT)
    assert (response.accepted, response.rejected) == (6, 3)
    assert len(response.errors) == 3
    assert any(unknown_location in error for error in response.errors), list(response.errors)
    expected = {good[0]: (10, 0, 10), good[1]: (20, 0, 18), good[2]: (0, 0, 0), good[3]: (8, 0, 8), good[4]: (1, 0, 1)}
    for sku, figures in expected.items():
        assert client.level(sku, location) == figures
    bad = client.inventory.GetAvailability(api.GetAvailabilityRequest(skus=[rows[3].sku]), timeout=TIMEOUT)
    assert all(item.on_hand == 0 for item in bad.items)


def test_import_stock_of_many_rows(api, client):
    location = uid("loc")
    client.add_location(location, NEWARK)
    skus = [uid("bulk") for _ in range(500)]
    rows = (api.SetStockRequest(location_id=location, sku=sku, on_hand=i) for i, sku in enumerate(skus))
    response = client.inventory.ImportStock(rows, timeout=30)
    assert (response.accepted, response.rejected) == (500, 0)
    assert client.level(skus[-1], location) == (499, 0, 499)
    assert client.level(skus[123], location) == (123, 0, 123)


def test_inventory_is_consistent_after_every_story_of_this_module(api, client):
    # Runs last in the module (pytest keeps file order): every reservation left by the stories above
    # must match the open allocations of their orders.
    verdict = client.verify()
    assert verdict.consistent, list(verdict.problems)
    assert list(verdict.problems) == []
    assert verdict.levels_checked > 0
