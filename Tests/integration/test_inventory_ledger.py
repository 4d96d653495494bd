"""The stock ledger over the wire (issue "Know every unit and every customer"): one StockMovement per
change of a bucket with its reason and reference, the damaged bucket for returns received DAMAGED,
ListStockMovements filters, paging and errors, VerifyInventory agreeing with the ledger, and the
ledger surviving a clean restart and a kill -9."""
import shutil
import signal

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from conftest import start_orderlyd
from orderly_helpers import NYC, TIMEOUT, Client, expect_error, uid


def movements(client, **filters):
    """Every movement matching `filters`, following the page tokens (page size 3 to exercise paging)."""
    api, out, token = client.api, [], ""
    while True:
        page = client.inventory.ListStockMovements(
            api.ListStockMovementsRequest(page_size=3, page_token=token, **filters), timeout=TIMEOUT)
        assert len(page.movements) <= 3
        out += list(page.movements)
        token = page.next_page_token
        if not token:
            return out


def reason(api, m):
    return api.MovementReason.Name(m.reason).removeprefix("MOVEMENT_REASON_")


def deltas(m):
    return (m.on_hand_delta, m.reserved_delta, m.damaged_delta, m.incoming_delta)


def sums(moves):
    return tuple(sum(d) for d in zip(*[deltas(m) for m in moves])) if moves else (0, 0, 0, 0)


def test_every_change_of_a_level_is_one_movement_with_its_reason(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        wh, sku = uid("wh"), uid("sku")
        client.add_location(wh, NYC)
        client.set_stock(wh, sku, 10)
        client.adjust(wh, sku, -2, request_id="adj-" + sku, reason="broken shelf")
        kept = client.create(client.order_request([(sku, 3, 1000)]))
        dropped = client.create(client.order_request([(sku, 1, 1000)]))
        client.cancel(dropped.order_id)
        shipment = client.ship(kept.order_id, wh)
        good = client.request_return(kept.order_id, [(sku, 1)], reason="NO_LONGER_NEEDED")
        client.approve(good.return_id)
        client.receive(good.return_id, wh, restock=True)
        bad = client.request_return(kept.order_id, [(sku, 2)], reason="DAMAGED")
        client.approve(bad.return_id)
        client.receive(bad.return_id, wh, restock=True)

        moves = movements(client, sku=sku)
        assert [(reason(api, m), m.reference, deltas(m)) for m in moves] == [
            ("SET_STOCK", "", (10, 0, 0, 0)),
            ("ADJUSTMENT", "adj-" + sku, (-2, 0, 0, 0)),
            ("ALLOCATED", kept.order_id, (0, 3, 0, 0)),
            ("ALLOCATED", dropped.order_id, (0, 1, 0, 0)),
            ("RELEASED", dropped.order_id, (0, -1, 0, 0)),
            ("SHIPPED", shipment.shipment_id, (-3, -3, 0, 0)),
            ("RESTOCKED", good.return_id, (1, 0, 0, 0)),
            ("RESTOCKED", bad.return_id, (0, 0, 2, 0)),
        ]
        assert moves[1].note == "broken shelf"
        assert all(m.actor == "anonymous" and m.location_id == wh for m in moves)
        assert [m.sequence for m in moves] == sorted(m.sequence for m in moves)
        assert all(m.at.seconds > 0 for m in moves)
        level = next(l for l in client.availability(sku).locations if l.location_id == wh)
        assert (level.on_hand, level.reserved, level.damaged, level.incoming) == sums(moves) == (6, 0, 2, 0)
        assert level.available == 6  # damaged units are not sellable
        assert client.verify().consistent


def test_filters_combine_and_an_empty_filter_lists_everything(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        a, b, sku, other = uid("wh"), uid("wh"), uid("sku"), uid("sku")
        client.add_location(a, NYC)
        client.add_location(b, NYC)
        for loc, s, n in [(a, sku, 1), (b, sku, 2), (a, other, 3), (a, sku, 4)]:
            client.set_stock(loc, s, n)
        at_a = movements(client, location_id=a, sku=sku)
        assert [m.on_hand_delta for m in at_a] == [1, 3]
        everything = movements(client)
        assert {m.sequence for m in at_a} <= {m.sequence for m in everything}
        first, last = at_a[0].at, at_a[-1].at
        # `from` inclusive, `to` exclusive.
        assert [m.sequence for m in movements(client, sku=sku, **{"from": first, "to": first})] == []
        window = movements(client, sku=sku, **{"from": first})
        assert window[0].sequence == at_a[0].sequence
        later = Timestamp(seconds=last.seconds + 3600)
        assert movements(client, sku=sku, **{"from": later}) == []
        assert movements(client, sku=uid("none")) == []


@pytest.mark.parametrize("request_fields, names", [
    ({"page_token": "not-a-token"}, ["page_token"]),
    ({"page_size": -1}, ["page_size"]),
    ({"from": Timestamp(seconds=2_000_000_000), "to": Timestamp(seconds=1_000_000_000)}, ["from"]),
    ({"from": Timestamp(seconds=0, nanos=-1)}, ["from"]),
])
def test_malformed_queries_are_invalid_argument(api, orderlyd, request_fields, names):
    with Client(api, orderlyd.address) as client:
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, client.inventory.ListStockMovements,
                     api.ListStockMovementsRequest(**request_fields), timeout=TIMEOUT, names=names)


def test_page_size_is_capped(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        wh, sku = uid("wh"), uid("sku")
        client.add_location(wh, NYC)
        rows = [api.SetStockRequest(location_id=wh, sku=sku, on_hand=n) for n in range(1, 1102)]
        assert client.inventory.ImportStock(iter(rows), timeout=TIMEOUT).accepted == 1101
        page = client.inventory.ListStockMovements(api.ListStockMovementsRequest(sku=sku, page_size=5000),
                                                   timeout=TIMEOUT)
        assert len(page.movements) == 1000 and page.next_page_token
        assert {reason(api, m) for m in page.movements} == {"IMPORT"}
        rest = client.inventory.ListStockMovements(
            api.ListStockMovementsRequest(sku=sku, page_size=5000, page_token=page.next_page_token), timeout=TIMEOUT)
        assert len(rest.movements) == 101 and not rest.next_page_token


def dump(client, sku):
    moves = movements(client, sku=sku)
    return [(m.sequence, m.location_id, deltas(m), m.reason, m.reference, m.actor, m.note,
             m.at.seconds, m.at.nanos) for m in moves]


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_the_ledger_survives_a_restart(api, how):
    server = start_orderlyd()
    data_dir = server.workdir
    try:
        with Client(api, server.address) as client:
            wh, sku = uid("wh"), uid("sku")
            client.add_location(wh, NYC)
            client.set_stock(wh, sku, 8)
            order = client.create(client.order_request([(sku, 2, 100)]))
            client.adjust(wh, sku, 1, reason="found one")
            client.ship(order.order_id, wh)
            before = dump(client, sku)
            assert len(before) == 4
        code = server.stop(sig=getattr(signal, how))
        assert code == (0 if how == "SIGTERM" else -signal.SIGKILL), server.log()
        server = start_orderlyd(data_dir)
        with Client(api, server.address) as client:
            assert dump(client, sku) == before
            assert client.verify().consistent
            client.adjust(wh, sku, 1)
            after = dump(client, sku)
            assert after[:4] == before and after[4][0] == before[3][0] + 1
    finally:
        assert server.stop() == 0, server.log()
        shutil.rmtree(data_dir, ignore_errors=True)
