"""Fulfilment exceptions over the wire (issue "Fulfilment that keeps its promises", item 5): holds
(held orders do not ship; ListOrders by hold reason), CancelOrderLines, MoveAllocation,
RejectAllocation with each reason (re-routing, never back; UNFILLABLE hold or backorder), and
backorders filled oldest first by every kind of stock arrival and cancelled at their deadline
(the test-only clock). Races under 32 clients (reject vs ship, move vs cancel, backorder fill vs
cancel) end with VerifyInventory consistent, and kill -9 in the middle of a backorder wait keeps
the queue order."""
import shutil
import signal
import threading

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import NEWARK, TIMEOUT, TRENTON, Client, StreamReader, expect_error, uid

T0 = 1_800_000_000  # the --test-clock start (unix seconds)
CLIENTS = 32


@pytest.fixture(scope="module")
def server():
    """An orderlyd whose clock moves only through AdvanceTestClock."""
    running = start_orderlyd(extra=["--test-clock", str(T0)])
    yield running
    code = running.stop()
    shutil.rmtree(running.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{running.log()}"


def advance(client, seconds):
    admin = client.api.stub("AdminService", client.channel)
    return admin.AdvanceTestClock(client.api.AdvanceTestClockRequest(seconds=seconds), timeout=TIMEOUT)


def two_locations(client, sku, near=5, far=5):
    near_id, far_id = uid("near"), uid("far")
    client.add_location(near_id, NEWARK)
    client.add_location(far_id, TRENTON)
    client.set_stock(near_id, sku, near)
    client.set_stock(far_id, sku, far)
    return near_id, far_id


def backorder_request(client, lines, cancel_after=None, **options):
    request = client.order_request(lines, **options)
    request.allow_backorder = True
    if cancel_after is not None:
        request.backorder_cancel_after.seconds = cancel_after
    return request


def place_hold(client, order_id, reason, note="", expected_version=0):
    api = client.api
    return client.orders.PlaceHold(api.PlaceHoldRequest(
        order_id=order_id, reason=api.HoldReason.Value(f"HOLD_REASON_{reason}"), note=note,
        expected_version=expected_version), timeout=TIMEOUT)


def release_hold(client, order_id, reason, expected_version=0):
    api = client.api
    return client.orders.ReleaseHold(api.ReleaseHoldRequest(
        order_id=order_id, reason=api.HoldReason.Value(f"HOLD_REASON_{reason}"),
        expected_version=expected_version), timeout=TIMEOUT)


def reject(client, order_id, location_id, sku, reason, quantity=0, expected_version=0):
    api = client.api
    return client.orders.RejectAllocation(api.RejectAllocationRequest(
        order_id=order_id, location_id=location_id, sku=sku, quantity=quantity,
        reason=api.RejectReason.Value(f"REJECT_REASON_{reason}"), expected_version=expected_version),
        timeout=TIMEOUT)


def cancel_lines(client, order_id, lines, expected_version=0, reason="customer"):
    api = client.api
    return client.orders.CancelOrderLines(api.CancelOrderLinesRequest(
        order_id=order_id, lines=[api.ShipmentLine(sku=s, quantity=q) for s, q in lines], reason=reason,
        expected_version=expected_version), timeout=TIMEOUT)


def move(client, order_id, sku, source, target, quantity=0, expected_version=0):
    api = client.api
    return client.orders.MoveAllocation(api.MoveAllocationRequest(
        order_id=order_id, sku=sku, from_location_id=source, to_location_id=target, quantity=quantity,
        expected_version=expected_version), timeout=TIMEOUT)


def allocations(order):
    return sorted((a.location_id, a.sku, a.quantity) for a in order.allocations)


def status_name(api, order):
    return api.OrderStatus.Name(order.status)


def full_level(client, sku, location_id):
    for level in client.availability(sku).locations:
        if level.location_id == location_id:
            return level
    raise AssertionError(f"no level of {sku} at {location_id}")


def consistent(client):
    report = client.verify()
    assert report.consistent, list(report.problems)


# Holds -----------------------------------------------------------------------------------------
def test_held_order_does_not_ship_keeps_its_stock_and_is_a_work_queue(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        near, _ = two_locations(client, sku)
        order = client.create(client.order_request([(sku, 2, 500)]))
        watch = StreamReader(client.orders.WatchOrders(api.WatchOrdersRequest(order_id=order.order_id), timeout=60))
        held = place_hold(client, order.order_id, "PAYMENT", note="card declined", expected_version=order.version)
        assert held.version == order.version + 1
        assert [api.HoldReason.Name(h.reason) for h in held.holds] == ["HOLD_REASON_PAYMENT"]
        assert held.holds[0].note == "card declined" and held.holds[0].placed_at.seconds == T0
        event = watch.take_until(lambda e: "hold" in e.message)[-1]
        assert event.message == "hold HOLD_REASON_PAYMENT placed: card declined"
        watch.cancel()
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.ship, order.order_id, near,
                     names=["HOLD_REASON_PAYMENT", "card declined"])
        assert client.level(sku, near)[1] == 2, "reservations stay while held"
        queue = client.list_all(hold_reason=api.HOLD_REASON_PAYMENT)
        assert order.order_id in [o.order_id for o in queue]
        assert all(any(h.reason == api.HOLD_REASON_PAYMENT for h in o.holds) for o in queue)
        assert order.order_id not in [o.order_id for o in client.list_all(hold_reason=api.HOLD_REASON_FRAUD_REVIEW)]
        # A repeat changes nothing; a stale version is ABORTED.
        assert place_hold(client, order.order_id, "PAYMENT").version == held.version
        expect_error(grpc.StatusCode.ABORTED, release_hold, client, order.order_id, "PAYMENT",
                     expected_version=order.version, names=["version"])
        released = release_hold(client, order.order_id, "PAYMENT", expected_version=held.version)
        assert list(released.holds) == []
        assert order.order_id not in [o.order_id for o in client.list_all(hold_reason=api.HOLD_REASON_PAYMENT)]
        client.ship(order.order_id, near)
        consistent(client)


def test_every_refusal_has_a_clear_error(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        near, far = two_locations(client, sku, near=3, far=1)
        order = client.create(client.order_request([(sku, 2, 500)]))
        code = grpc.StatusCode
        expect_error(code.INVALID_ARGUMENT, place_hold, client, order.order_id, "UNSPECIFIED", names=["reason"])
        expect_error(code.INVALID_ARGUMENT, place_hold, client, order.order_id, "UNFILLABLE", names=["UNFILLABLE"])
        expect_error(code.NOT_FOUND, place_hold, client, uid("o"), "PAYMENT", names=["order"])
        expect_error(code.INVALID_ARGUMENT, reject, client, order.order_id, near, sku, "UNSPECIFIED", names=["reason"])
        expect_error(code.FAILED_PRECONDITION, reject, client, order.order_id, far, sku, "OTHER", names=[far])
        expect_error(code.FAILED_PRECONDITION, reject, client, order.order_id, near, sku, "OTHER", quantity=3,
                     names=["only 2"])
        expect_error(code.ABORTED, reject, client, order.order_id, near, sku, "OTHER", expected_version=99)
        expect_error(code.INVALID_ARGUMENT, cancel_lines, client, order.order_id, [], names=["lines"])
        expect_error(code.FAILED_PRECONDITION, cancel_lines, client, order.order_id, [("other", 1)], names=["other"])
        expect_error(code.FAILED_PRECONDITION, cancel_lines, client, order.order_id, [(sku, 3)], names=["only 2"])
        expect_error(code.INVALID_ARGUMENT, move, client, order.order_id, sku, near, near, names=["to_location_id"])
        expect_error(code.NOT_FOUND, move, client, order.order_id, sku, near, uid("nowhere"), names=["location"])
        expect_error(code.FAILED_PRECONDITION, move, client, order.order_id, sku, near, far, quantity=2,
                     names=[far, "only 1"])
        bad = backorder_request(client, [(sku, 1, 1)], cancel_after=T0 - 1)
        expect_error(code.INVALID_ARGUMENT, client.create, bad, names=["backorder_cancel_after"])
        plain = client.order_request([(sku, 1, 1)])
        plain.backorder_cancel_after.seconds = T0 + 10
        expect_error(code.INVALID_ARGUMENT, client.create, plain, names=["allow_backorder"])
        assert client.get(order.order_id).version == order.version, "refusals changed nothing"
        client.cancel(order.order_id)
        expect_error(code.FAILED_PRECONDITION, place_hold, client, order.order_id, "PAYMENT", names=["cancelled"])
        consistent(client)


# CancelOrderLines, MoveAllocation ----------------------------------------------------------
def sales(client):
    return client.reports.GetSalesSummary(client.api.GetSalesSummaryRequest(currency="USD"), timeout=TIMEOUT)


def test_cancel_lines_releases_units_and_reports_count_only_the_rest(api, server):
    with Client(api, server.address) as client:
        a, b = uid("sku"), uid("sku")
        near, _ = two_locations(client, a)
        client.set_stock(near, b, 5)
        order = client.create(client.order_request([(a, 3, 1000), (b, 2, 500)]))
        before = sales(client)
        part = cancel_lines(client, order.order_id, [(a, 2)], expected_version=order.version)
        assert part.lines[0].quantity_cancelled == 2 and part.total_minor == 2000
        assert status_name(api, part) == "ORDER_STATUS_ALLOCATED"
        assert client.level(a, near)[1] == 1
        after = sales(client)
        assert (after.units, after.revenue_minor) == (before.units - 2, before.revenue_minor - 2000)
        assert after.orders == before.orders
        whole = cancel_lines(client, order.order_id, [(a, 1), (b, 2)])
        assert status_name(api, whole) == "ORDER_STATUS_CANCELLED" and whole.total_minor == 0
        assert client.level(a, near)[1] == 0 and client.level(b, near)[1] == 0
        assert sales(client).orders == before.orders - 1
        consistent(client)


def test_move_allocation_goes_where_stock_is_available(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        near, far = two_locations(client, sku, near=5, far=2)
        order = client.create(client.order_request([(sku, 3, 100)]))
        moved = move(client, order.order_id, sku, near, far, quantity=2, expected_version=order.version)
        assert allocations(moved) == sorted([(near, sku, 1), (far, sku, 2)])
        assert moved.history[-1].message == f"moved {sku}×2 from {near} to {far}"
        assert client.level(sku, near)[1:] == (1, 4) and client.level(sku, far)[1:] == (2, 0)
        client.ship(order.order_id, far)
        consistent(client)


# RejectAllocation ------------------------------------------------------------------------------
def test_reject_reasons_move_stock_and_reroute_never_back(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        near, far = two_locations(client, sku, near=6, far=6)
        order = client.create(client.order_request([(sku, 4, 100)]))
        assert allocations(order) == [(near, sku, 4)]
        first = reject(client, order.order_id, near, sku, "NOT_IN_STOCK", quantity=1, expected_version=order.version)
        assert allocations(first) == sorted([(near, sku, 3), (far, sku, 1)])
        assert (full_level(client, sku, near).on_hand, full_level(client, sku, near).reserved) == (5, 3)
        second = reject(client, order.order_id, near, sku, "DAMAGED", quantity=2)
        level = full_level(client, sku, near)
        assert (level.on_hand, level.damaged, level.reserved) == (3, 2, 1)
        third = reject(client, order.order_id, near, sku, "OTHER")
        assert allocations(third) == [(far, sku, 4)], "never back to the rejecting location"
        assert full_level(client, sku, near).on_hand == 3, "OTHER keeps the stock"
        assert [e.message.split(" (")[0] for e in third.history[-3:]] == [f"location {near} rejected {sku}×{n}"
                                                                         for n in (1, 2, 1)]
        page = client.inventory.ListStockMovements(api.ListStockMovementsRequest(
            location_id=near, sku=sku, page_size=100), timeout=TIMEOUT)
        rejected = [m for m in page.movements if m.reason == api.MOVEMENT_REASON_REJECTED]
        assert [(m.on_hand_delta, m.reserved_delta, m.damaged_delta) for m in rejected] == \
            [(-1, -1, 0), (-2, -2, 2), (0, -1, 0)]
        assert all(m.reference == order.order_id for m in rejected)
        consistent(client)


def test_reject_with_nothing_left_holds_unfillable_or_backorders(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        only = uid("only")
        client.add_location(only, NEWARK)
        client.set_stock(only, sku, 2)
        plain = client.create(client.order_request([(sku, 1, 100)]))
        waiting = client.create(backorder_request(client, [(sku, 1, 100)]))
        held = reject(client, plain.order_id, only, sku, "NOT_IN_STOCK")
        assert [api.HoldReason.Name(h.reason) for h in held.holds] == ["HOLD_REASON_UNFILLABLE"]
        assert plain.order_id in [o.order_id for o in client.list_all(hold_reason=api.HOLD_REASON_UNFILLABLE)]
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.ship, plain.order_id, only, names=["UNFILLABLE"])
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, release_hold, client, plain.order_id, "UNFILLABLE",
                     names=[sku])
        backordered = reject(client, waiting.order_id, only, sku, "DAMAGED")
        assert status_name(api, backordered) == "ORDER_STATUS_BACKORDERED"
        assert backordered.lines[0].quantity_backordered == 1 and list(backordered.holds) == []
        # New stock at another location: the backorder fills at once; the hold needs a release.
        other = uid("other")
        client.add_location(other, TRENTON)
        client.set_stock(other, sku, 2)
        assert status_name(api, client.get(waiting.order_id)) == "ORDER_STATUS_ALLOCATED"
        freed = release_hold(client, plain.order_id, "UNFILLABLE")
        assert list(freed.holds) == [] and allocations(freed) == [(other, sku, 1)]
        consistent(client)


# Backorders ------------------------------------------------------------------------------------
def test_backorders_fill_oldest_first_on_every_kind_of_arrival(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        hub, shop = uid("hub"), uid("shop")
        client.add_location(hub, NEWARK)
        client.add_location(shop, TRENTON)
        orders = [client.create(backorder_request(client, [(sku, 1, 100)])) for _ in range(6)]
        assert all(status_name(api, o) == "ORDER_STATUS_BACKORDERED" for o in orders)
        assert orders[0].history[0].status == api.ORDER_STATUS_BACKORDERED
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.create, client.order_request([(sku, 1, 100)]),
                     names=[sku])

        def filled():
            return [status_name(api, client.get(o.order_id)) != "ORDER_STATUS_BACKORDERED" for o in orders]

        client.set_stock(hub, sku, 1)                                                 # SetStock
        assert filled() == [True, False, False, False, False, False]
        client.adjust(hub, sku, 1)                                                    # AdjustStock
        assert filled() == [True, True, False, False, False, False]
        client.inventory.ImportStock(iter([api.SetStockRequest(location_id=shop, sku=sku, on_hand=1)]),
                                     timeout=TIMEOUT)                                 # ImportStock
        assert filled() == [True, True, True, False, False, False]
        shipped_order = client.get(orders[0].order_id)
        client.ship(shipped_order.order_id, shipped_order.allocations[0].location_id)
        client.set_stock(hub, sku, client.level(sku, hub)[0] + 1)                    # SetStock again
        assert filled() == [True, True, True, True, False, False]
        # Restock on return.
        ret = client.request_return(shipped_order.order_id, [(sku, 1)], reason="NO_LONGER_NEEDED")
        client.approve(ret.return_id)
        client.receive(ret.return_id, hub, restock=True)
        assert filled() == [True, True, True, True, True, False]
        fills = [e for e in client.get(orders[4].order_id).history if "backordered units allocated" in e.message]
        assert len(fills) == 1 and fills[0].status == api.ORDER_STATUS_ALLOCATED
        consistent(client)


def test_transfer_receipt_fills_backorders(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        source, target = uid("src"), uid("dst")
        client.add_location(source, TRENTON)
        client.add_location(target, NEWARK)
        client.set_stock(source, sku, 2)
        client.set_stock(target, sku, 0)
        transfer = client.inventory.CreateTransfer(api.CreateTransferRequest(
            request_id=uid("tr"), from_location_id=source, to_location_id=target,
            lines=[api.TransferLine(sku=sku, quantity=2)]), timeout=TIMEOUT)
        waiting = [client.create(backorder_request(client, [(sku, 1, 100)])) for _ in range(3)]
        client.inventory.ShipTransfer(api.ShipTransferRequest(transfer_id=transfer.transfer_id), timeout=TIMEOUT)
        assert all(status_name(api, client.get(o.order_id)) == "ORDER_STATUS_BACKORDERED" for o in waiting)
        client.inventory.ReceiveTransfer(api.ReceiveTransferRequest(transfer_id=transfer.transfer_id),
                                         timeout=TIMEOUT)
        assert [status_name(api, client.get(o.order_id)) for o in waiting] == [
            "ORDER_STATUS_ALLOCATED", "ORDER_STATUS_ALLOCATED", "ORDER_STATUS_BACKORDERED"]
        assert allocations(client.get(waiting[0].order_id)) == [(target, sku, 1)]
        consistent(client)


def test_backorders_past_their_deadline_are_cancelled_by_the_clock(api, server):
    with Client(api, server.address) as client:
        sku = uid("sku")
        near = uid("near")
        client.add_location(near, NEWARK)
        client.set_stock(near, sku, 1)
        now = advance(client, 0).now.seconds
        partly = client.create(backorder_request(client, [(sku, 3, 100)], cancel_after=now + 600))
        wholly = client.create(backorder_request(client, [(sku, 2, 100)], cancel_after=now + 1200))
        forever = client.create(backorder_request(client, [(sku, 1, 100)]))
        assert partly.backorder_cancel_after.seconds == now + 600 and partly.allow_backorder
        advance(client, 599)
        assert status_name(api, client.get(partly.order_id)) == "ORDER_STATUS_BACKORDERED"
        advance(client, 1)
        cut = client.get(partly.order_id)
        assert status_name(api, cut) == "ORDER_STATUS_ALLOCATED"
        assert (cut.lines[0].quantity_cancelled, cut.lines[0].quantity_backordered, cut.total_minor) == (2, 0, 100)
        assert "not filled by backorder_cancel_after" in cut.history[-1].message
        advance(client, 600)
        assert status_name(api, client.get(wholly.order_id)) == "ORDER_STATUS_CANCELLED"
        assert status_name(api, client.get(forever.order_id)) == "ORDER_STATUS_BACKORDERED"
        client.set_stock(near, sku, 2)
        assert status_name(api, client.get(forever.order_id)) == "ORDER_STATUS_ALLOCATED"
        consistent(client)


# Races under 32 clients ------------------------------------------------------------------------
def run_clients(api, address, work):
    """Runs work(client_index, client) on CLIENTS clients at once; returns the unexpected errors."""
    barrier, unexpected, lock = threading.Barrier(CLIENTS), [], threading.Lock()

    def body(i):
        with Client(api, address) as client:
            barrier.wait(timeout=60)
            try:
                work(i, client)
            except Exception as error:  # noqa: BLE001 - collected and reported by the test
                with lock:
                    unexpected.append(repr(error))

    threads = [threading.Thread(target=body, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return unexpected


def test_race_reject_vs_ship(api, server):
    with Client(api, server.address) as admin:
        sku = uid("sku")
        near, far = two_locations(admin, sku, near=64, far=64)
        orders = [admin.create(admin.order_request([(sku, 1, 100)])) for _ in range(32)]
    outcome, lock = {}, threading.Lock()

    def work(i, client):
        # Each order is raced by two clients, one shipping it, one rejecting it: exactly one wins.
        for target in (orders[i], orders[(i + 1) % 32]):
            try:
                if i % 2 == 0:
                    client.ship(target.order_id, near)
                    result = "shipped"
                else:
                    reject(client, target.order_id, near, sku, "NOT_IN_STOCK")
                    result = "rejected"
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.FAILED_PRECONDITION, error.details()
                continue
            with lock:
                outcome.setdefault(target.order_id, []).append(result)

    assert run_clients(api, server.address, work) == []
    with Client(api, server.address) as admin:
        shipped = rejected = 0
        for order in orders:
            results = outcome.get(order.order_id, [])
            assert len(results) == 1, (order.order_id, results)
            current = admin.get(order.order_id)
            if results == ["shipped"]:
                shipped += 1
                assert status_name(api, current) == "ORDER_STATUS_SHIPPED"
            else:
                rejected += 1
                assert allocations(current) == [(far, sku, 1)]
        assert shipped + rejected == 32
        assert admin.level(sku, near)[:2] == (64 - shipped - rejected, 0)
        assert admin.level(sku, far)[:2] == (64, rejected)
        consistent(admin)


def test_race_move_vs_cancel(api, server):
    with Client(api, server.address) as admin:
        sku = uid("sku")
        near, far = two_locations(admin, sku, near=32, far=32)
        orders = [admin.create(admin.order_request([(sku, 1, 100)])) for _ in range(32)]
    wins, lock = {}, threading.Lock()

    def work(i, client):
        # Each order is raced by two clients with the version they saw: exactly one may win.
        for target in (orders[i], orders[(i + 1) % 32]):
            try:
                if i % 2 == 0:
                    move(client, target.order_id, sku, near, far, expected_version=target.version)
                    result = "moved"
                else:
                    client.cancel(target.order_id, expected_version=target.version)
                    result = "cancelled"
            except grpc.RpcError as error:
                assert error.code() in (grpc.StatusCode.ABORTED, grpc.StatusCode.FAILED_PRECONDITION), error.details()
                continue
            with lock:
                wins.setdefault(target.order_id, []).append(result)

    assert run_clients(api, server.address, work) == []
    with Client(api, server.address) as admin:
        moved = 0
        for order in orders:
            results = wins.get(order.order_id, [])
            assert len(results) == 1, (order.order_id, results)
            current = admin.get(order.order_id)
            if results == ["moved"]:
                moved += 1
                assert allocations(current) == [(far, sku, 1)]
            else:
                assert status_name(api, current) == "ORDER_STATUS_CANCELLED"
        assert admin.level(sku, near)[1] == 0
        assert admin.level(sku, far)[1] == moved
        consistent(admin)


def test_race_backorder_fill_vs_cancel(api, server):
    with Client(api, server.address) as admin:
        sku = uid("sku")
        hub = uid("hub")
        admin.add_location(hub, NEWARK)
        admin.set_stock(hub, sku, 0)
        orders = [admin.create(backorder_request(admin, [(sku, 1, 100)])) for _ in range(64)]
    cancelled, lock = set(), threading.Lock()

    def work(i, client):
        if i % 2 == 0:
            for _ in range(2):                       # 16 clients × 2 deliveries of one unit
                client.adjust(hub, sku, 1)
        else:
            for target in orders[i::8][:4]:          # every client cancels a few orders
                try:
                    client.cancel(target.order_id)
                except grpc.RpcError as error:
                    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION, error.details()
                    continue
                with lock:
                    cancelled.add(target.order_id)

    assert run_clients(api, server.address, work) == []
    with Client(api, server.address) as admin:
        states = [(o.order_id, status_name(api, admin.get(o.order_id))) for o in orders]
        live = [s for oid, s in states if oid not in cancelled]
        assert all(s == "ORDER_STATUS_CANCELLED" for oid, s in states if oid in cancelled)
        # Oldest first: among the live orders every allocated one is older than every waiting one.
        assert live == sorted(live, key=lambda s: s != "ORDER_STATUS_ALLOCATED"), live
        allocated = live.count("ORDER_STATUS_ALLOCATED")
        assert admin.level(sku, hub)[:2] == (32, allocated)
        assert len(cancelled) > 0 and allocated > 0, "the race did not happen"
        consistent(admin)


# Restart ---------------------------------------------------------------------------------------
def test_kill_9_in_the_middle_of_a_backorder_wait_keeps_the_queue_order(api):
    server = start_orderlyd(extra=["--test-clock", str(T0)])
    data_dir = server.workdir
    try:
        with Client(api, server.address) as client:
            sku = uid("sku")
            hub = uid("hub")
            client.add_location(hub, NEWARK)
            client.set_stock(hub, sku, 0)
            orders = [client.create(backorder_request(client, [(sku, 1, 100)], cancel_after=T0 + 1000))
                      for _ in range(3)]
            admin = api.stub("AdminService", client.channel)
            admin.Snapshot(api.SnapshotRequest(), timeout=60)
            orders += [client.create(backorder_request(client, [(sku, 1, 100)], cancel_after=T0 + 1000))
                       for _ in range(3)]
        assert server.stop(sig=signal.SIGKILL) == -signal.SIGKILL
        server = start_orderlyd(data_dir, extra=["--test-clock", str(T0 + 10)])
        with Client(api, server.address) as client:
            client.adjust(hub, sku, 2)
            states = [status_name(api, client.get(o.order_id)) for o in orders]
            assert states == ["ORDER_STATUS_ALLOCATED"] * 2 + ["ORDER_STATUS_BACKORDERED"] * 4
        assert server.stop(sig=signal.SIGKILL) == -signal.SIGKILL
        server = start_orderlyd(data_dir, extra=["--test-clock", str(T0 + 20)])
        with Client(api, server.address) as client:
            client.cancel(orders[2].order_id)
            client.adjust(hub, sku, 1)
            states = [status_name(api, client.get(o.order_id)) for o in orders]
            assert states == ["ORDER_STATUS_ALLOCATED"] * 2 + ["ORDER_STATUS_CANCELLED", "ORDER_STATUS_ALLOCATED"] \
                + ["ORDER_STATUS_BACKORDERED"] * 2
        assert server.stop(sig=signal.SIGKILL) == -signal.SIGKILL
        # Down past the deadline: the start-up expiry cancels what still waits.
        server = start_orderlyd(data_dir, extra=["--test-clock", str(T0 + 2000)])
        with Client(api, server.address) as client:
            states = [status_name(api, client.get(o.order_id)) for o in orders]
            assert states[4:] == ["ORDER_STATUS_CANCELLED"] * 2
            assert states[:4] == ["ORDER_STATUS_ALLOCATED"] * 2 + ["ORDER_STATUS_CANCELLED", "ORDER_STATUS_ALLOCATED"]
            consistent(client)
    finally:
        assert server.stop() == 0, server.log()
        shutil.rmtree(data_dir, ignore_errors=True)
