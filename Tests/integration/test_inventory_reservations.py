"""Cart reservations over the wire (issue "Know every unit and every customer", item 3): reserve,
extend, release and expire with the buckets and ledger movements each step makes; CreateOrder with
reservation_id; the error codes; expiry by the real clock (waited for on the inventory feed) and
by the test-only clock (orderlyd --test-clock + AdminService/AdvanceTestClock); and kill -9 with
open reservations (they survive, expire at start-up when their time passed while the server was
down, and still expire or convert afterwards)."""
import shutil
import signal
import threading

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import NYC, TIMEOUT, TRENTON, Client, StreamReader, expect_error, uid

T0 = 1_800_000_000  # the --test-clock start (unix seconds)


@pytest.fixture(scope="module")
def clocked():
    """An orderlyd whose clock stands still and moves only through AdvanceTestClock."""
    server = start_orderlyd(extra=["--test-clock", str(T0)])
    yield server
    code = server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


def advance(client, seconds):
    admin = client.api.stub("AdminService", client.channel)
    return admin.AdvanceTestClock(client.api.AdvanceTestClockRequest(seconds=seconds), timeout=TIMEOUT)


def setup(client, near=5, far=5):
    near_id, far_id, sku = uid("wh"), uid("wh"), uid("sku")
    client.add_location(near_id, NYC)
    client.add_location(far_id, TRENTON)
    client.set_stock(near_id, sku, near)
    client.set_stock(far_id, sku, far)
    return near_id, far_id, sku


def reserve(client, lines, ttl=0, request_id="", **fields):
    api = client.api
    request = api.ReserveStockRequest(
        request_id=request_id, lines=[api.OrderLineInput(sku=s, quantity=q, unit_price_minor=p) for s, q, p in lines],
        ttl_seconds=ttl, **fields)
    if "pickup_location_id" not in fields:
        request.shipping_address.CopyFrom(client.address(NYC))
    return client.inventory.ReserveStock(request, timeout=TIMEOUT)


def get(client, reservation_id):
    return client.inventory.GetReservation(
        client.api.GetReservationRequest(reservation_id=reservation_id), timeout=TIMEOUT)


def release(client, reservation_id):
    return client.inventory.ReleaseReservation(
        client.api.ReleaseReservationRequest(reservation_id=reservation_id), timeout=TIMEOUT)


def extend(client, reservation_id, ttl):
    return client.inventory.ExtendReservation(
        client.api.ExtendReservationRequest(reservation_id=reservation_id, ttl_seconds=ttl), timeout=TIMEOUT)


def status(api, r):
    return api.ReservationStatus.Name(r.status).removeprefix("RESERVATION_STATUS_")


def held(client, sku, location):
    return client.level(sku, location)  # (on_hand, reserved, available)


def moves(client, sku):
    api = client.api
    got = client.inventory.ListStockMovements(api.ListStockMovementsRequest(sku=sku), timeout=TIMEOUT).movements
    return [(api.MovementReason.Name(m.reason).removeprefix("MOVEMENT_REASON_"), m.reserved_delta, m.reference,
             m.actor) for m in got if m.reserved_delta != 0]


def test_reserve_extend_release_over_the_wire(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client)
        r = reserve(client, [(sku, 3, 1299)])
        assert status(api, r) == "ACTIVE" and r.reservation_id.startswith("r-")
        assert r.expires_at.seconds == r.created_at.seconds + 900  # the default TTL: 15 minutes
        assert [(a.location_id, a.sku, a.quantity) for a in r.allocations] == [(near, sku, 3)]
        assert [(l.sku, l.quantity, l.unit_price_minor) for l in r.lines] == [(sku, 3, 1299)]
        assert held(client, sku, near) == (5, 3, 2)
        assert get(client, r.reservation_id) == r
        r2 = extend(client, r.reservation_id, 86_400)
        assert r2.expires_at.seconds == r2.updated_at.seconds + 86_400 and status(api, r2) == "ACTIVE"
        gone = release(client, r.reservation_id)
        assert status(api, gone) == "RELEASED"
        assert release(client, r.reservation_id) == gone  # a repeat answers it unchanged
        assert held(client, sku, near) == (5, 0, 5)
        assert moves(client, sku) == [("RESERVED", 3, r.reservation_id, "anonymous"),
                                      ("RESERVATION_ENDED", -3, r.reservation_id, "anonymous")]
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, extend, client, r.reservation_id, 60,
                     names=[r.reservation_id, "RELEASED"])
        assert client.verify().consistent


def test_expiry_with_the_test_clock(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client, near=2, far=3)
        r = reserve(client, [(sku, 4, 500)], ttl=60)  # no single location fills it: 2 near, 2 far
        assert sorted((a.location_id, a.quantity) for a in r.allocations) == sorted([(near, 2), (far, 2)])
        assert advance(client, 59).reservations_expired == 0
        assert status(api, get(client, r.reservation_id)) == "ACTIVE"
        assert held(client, sku, near) == (2, 2, 0)
        answer = advance(client, 1)
        assert answer.reservations_expired == 1 and answer.now.seconds >= r.expires_at.seconds
        assert status(api, get(client, r.reservation_id)) == "EXPIRED"
        assert held(client, sku, near) == (2, 0, 2) and held(client, sku, far) == (3, 0, 3)
        ended = [m for m in moves(client, sku) if m[0] == "RESERVATION_ENDED"]
        assert len(ended) == 2 and all(m[2] == r.reservation_id and m[3] == "system" for m in ended)
        for call in (lambda: release(client, r.reservation_id), lambda: extend(client, r.reservation_id, 60)):
            expect_error(grpc.StatusCode.FAILED_PRECONDITION, call, names=["EXPIRED"])
        assert client.verify().consistent


def test_create_order_with_reservation_id(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client, near=3, far=5)
        other = uid("sku")
        client.set_stock(far, other, 1)
        r = reserve(client, [(sku, 3, 999), (other, 1, 250)], request_id=uid("cart"))
        request = client.order_request([(other, 1, 300), (sku, 3, 1000)])
        request.reservation_id = r.reservation_id
        before = [client.availability(s).reserved for s in (sku, other)]
        order = client.create(request)
        assert sorted((a.location_id, a.sku, a.quantity) for a in order.allocations) == sorted(
            (a.location_id, a.sku, a.quantity) for a in r.allocations)
        assert order.total_minor == 3 * 1000 + 300  # the order's prices
        assert [client.availability(s).reserved for s in (sku, other)] == before  # not counted twice
        converted = get(client, r.reservation_id)
        assert status(api, converted) == "CONVERTED" and converted.order_id == order.order_id
        assert client.create(request) == order  # an identical retry answers the order
        again = client.order_request([(other, 1, 300), (sku, 3, 1000)])
        again.reservation_id = r.reservation_id
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.create, again, names=[r.reservation_id, "CONVERTED"])
        reasons = [m[0] for m in moves(client, sku)]
        assert reasons == ["RESERVED", "RESERVATION_ENDED", "ALLOCATED"]
        assert advance(client, 10_000).reservations_expired == 0
        assert client.verify().consistent
        client.cancel(order.order_id)
        assert [client.availability(s).reserved for s in (sku, other)] == [0, 0]
        assert client.verify().consistent


def test_conversion_refusals(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client)
        r = reserve(client, [(sku, 2, 100)], ttl=30)
        for lines in ([(sku, 1, 100)], [(sku, 2, 100), (uid("sku"), 1, 1)]):
            request = client.order_request(lines)
            request.reservation_id = r.reservation_id
            expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.create, request, names=[r.reservation_id])
        request = client.order_request([(sku, 2, 100)])
        request.reservation_id = "r-" + uid("missing")
        expect_error(grpc.StatusCode.NOT_FOUND, client.create, request, names=[request.reservation_id])
        advance(client, 30)
        request.reservation_id = r.reservation_id
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.create, request, names=["EXPIRED"])
        assert held(client, sku, near) == (5, 0, 5)
        assert client.verify().consistent


@pytest.mark.parametrize("case", ["ttl-negative", "ttl-too-long", "no-lines", "zero", "channel", "short", "no-address"])
def test_bad_reservations_answer_their_codes(api, clocked, case):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client, near=2, far=2)
        lines, ttl, fields, code, names = {
            "ttl-negative": ([(sku, 1, 1)], -1, {}, grpc.StatusCode.INVALID_ARGUMENT, ["ttl_seconds"]),
            "ttl-too-long": ([(sku, 1, 1)], 86_401, {}, grpc.StatusCode.INVALID_ARGUMENT, ["ttl_seconds", "86400"]),
            "no-lines": ([], 0, {}, grpc.StatusCode.INVALID_ARGUMENT, ["lines"]),
            "zero": ([(sku, 0, 1)], 0, {}, grpc.StatusCode.INVALID_ARGUMENT, ["lines[0].quantity"]),
            "channel": ([(sku, 1, 1)], 0, {"channel_id": "ch-web"}, grpc.StatusCode.NOT_FOUND, ["ch-web"]),
            "short": ([(sku, 5, 1)], 0, {}, grpc.StatusCode.FAILED_PRECONDITION, [sku]),
            "no-address": ([(sku, 1, 1)], 0, {"pickup_location_id": ""}, grpc.StatusCode.INVALID_ARGUMENT,
                           ["shipping_address"]),
        }[case]
        expect_error(code, reserve, client, lines, ttl=ttl, names=names, **fields)
        assert held(client, sku, near) == (2, 0, 2) and held(client, sku, far) == (2, 0, 2)


def test_idempotency_and_unknown_ids(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client)
        key = uid("cart")
        r = reserve(client, [(sku, 2, 100)], request_id=key)
        assert reserve(client, [(sku, 2, 100)], request_id=key) == r
        assert held(client, sku, near) == (5, 2, 3)
        expect_error(grpc.StatusCode.ALREADY_EXISTS, reserve, client, [(sku, 3, 100)], request_id=key, names=[key])
        for call in (get, release, lambda c, i: extend(c, i, 60)):
            expect_error(grpc.StatusCode.NOT_FOUND, call, client, "r-999999", names=["r-999999"])
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, get, client, "", names=["reservation_id"])
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, extend, client, r.reservation_id, 86_401, names=["ttl_seconds"])


def test_32_clients_racing_for_the_last_units(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client, near=7, far=5)
    outcomes, start = [], threading.Barrier(32)

    def cart():
        with Client(api, clocked.address) as own:  # one connection per client
            start.wait(timeout=TIMEOUT)
            try:
                outcomes.append(reserve(own, [(sku, 1, 100)], ttl=600).reservation_id)
            except grpc.RpcError as error:
                outcomes.append(error.code())

    threads = [threading.Thread(target=cart) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 32
    assert sum(isinstance(o, str) for o in outcomes) == 12
    assert outcomes.count(grpc.StatusCode.FAILED_PRECONDITION) == 20
    with Client(api, clocked.address) as client:
        assert client.availability(sku).reserved == 12 and client.availability(sku).available == 0
        assert client.verify().consistent


def test_expiry_racing_conversion_has_one_winner(api, clocked):
    with Client(api, clocked.address) as client:
        near, far, sku = setup(client, near=100, far=0)
        results = []
        for round_ in range(10):
            r = reserve(client, [(sku, 2, 100)], ttl=5)
            request = client.order_request([(sku, 2, 100)])
            request.reservation_id = r.reservation_id
            outcome = {}

            def convert():
                try:
                    outcome["order"] = client.create(request)
                except grpc.RpcError as error:
                    outcome["error"] = error.code()

            racer = threading.Thread(target=convert)
            racer.start()
            advance(client, 5)
            racer.join(timeout=TIMEOUT)
            final = status(api, get(client, r.reservation_id))
            if "order" in outcome:
                assert final == "CONVERTED"
            else:
                assert outcome["error"] == grpc.StatusCode.FAILED_PRECONDITION and final == "EXPIRED"
            results.append(final)
        converted = results.count("CONVERTED")
        assert converted + results.count("EXPIRED") == 10
        assert held(client, sku, near) == (100, 2 * converted, 100 - 2 * converted)
        assert client.verify().consistent


def test_the_real_clock_expires_a_reservation_on_its_own(api, orderlyd):
    """No test clock: the server's timer releases the stock; the test waits for the inventory feed
    to show it (an event), with a generous deadline, never a fixed sleep."""
    with Client(api, orderlyd.address) as client:
        near, far, sku = setup(client)
        feed = StreamReader(client.inventory.WatchInventory(api.WatchInventoryRequest(skus=[sku]), timeout=60))
        try:
            # The watch is live once it delivers a change made after it started.
            for attempt in range(50):
                client.set_stock(far, sku, 5 + attempt)
                if feed.next(timeout=0.2) is not None:
                    break
            else:
                raise AssertionError("the inventory feed never delivered a change")
            r = reserve(client, [(sku, 2, 100)], ttl=1)
            at_near = lambda reserved: lambda level: level.location_id == near and level.reserved == reserved
            feed.take_until(at_near(2), timeout=10)
            released = feed.take_until(at_near(0), timeout=15)[-1]
            assert released.location_id == near and released.available == 5
        finally:
            feed.cancel()
        assert status(api, get(client, r.reservation_id)) == "EXPIRED"
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, advance, client, 1, names=["--test-clock"])
        assert client.verify().consistent


def test_kill_9_with_open_reservations(api):
    server = start_orderlyd(extra=["--test-clock", str(T0)])
    data_dir = server.workdir
    try:
        with Client(api, server.address) as client:
            near, far, sku = setup(client, near=10, far=0)
            short = reserve(client, [(sku, 2, 100)], ttl=100)
            long = reserve(client, [(sku, 3, 100)], ttl=1000, request_id="cart-kill")
            keep = reserve(client, [(sku, 1, 100)], ttl=5000)
            assert held(client, sku, near) == (10, 6, 4)
        assert server.stop(sig=signal.SIGKILL) == -signal.SIGKILL
        # Restart 500 s later: `short` ran out while the server was down.
        server = start_orderlyd(data_dir, extra=["--test-clock", str(T0 + 500)])
        with Client(api, server.address) as client:
            assert status(api, get(client, short.reservation_id)) == "EXPIRED"
            assert get(client, long.reservation_id) == long
            assert held(client, sku, near) == (10, 4, 6)
            assert reserve(client, [(sku, 3, 100)], ttl=1000, request_id="cart-kill") == long
            request = client.order_request([(sku, 3, 100)])
            request.reservation_id = long.reservation_id
            order = client.create(request)
            assert status(api, get(client, long.reservation_id)) == "CONVERTED"
            assert held(client, sku, near) == (10, 4, 6)
            assert client.verify().consistent
        assert server.stop(sig=signal.SIGKILL) == -signal.SIGKILL
        server = start_orderlyd(data_dir, extra=["--test-clock", str(T0 + 500)])
        with Client(api, server.address) as client:
            assert client.get(order.order_id) == order
            assert status(api, get(client, keep.reservation_id)) == "ACTIVE"
            assert advance(client, 5000).reservations_expired == 1  # still expires after the restarts
            assert status(api, get(client, keep.reservation_id)) == "EXPIRED"
            assert held(client, sku, near) == (10, 3, 7)
            assert client.verify().consistent
    finally:
        assert server.stop() == 0, server.log()
        shutil.rmtree(data_dir, ignore_errors=True)
