"""ReportingService on a fresh orderlyd after a known day of business: orders from every channel,
split and single parcels, a delivery, a refunded partial return, a cancellation. Every expected
figure is computed from what the other services answered, so the reports must agree with them."""
import shutil

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from conftest import start_orderlyd
from orderly_helpers import NEWARK, TIMEOUT, TRENTON, Client, uid


@pytest.fixture(scope="module")
def business(api):
    """A fresh server with a known set of orders; yields (client, facts)."""
    server = start_orderlyd()
    try:
        with Client(api, server.address) as client:
            yield client, run_the_day(client)
    finally:
        code = server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


def run_the_day(client):
    a, b, c = "sku-a-" + uid("x"), "sku-b-" + uid("x"), "sku-c-" + uid("x")
    warehouse, store = uid("wh"), uid("st")
    client.add_location(warehouse, NEWARK)
    client.add_location(store, TRENTON, kind="STORE", pickup=True)
    for sku, on_hand in ((a, 40), (b, 12), (c, 30)):
        client.set_stock(warehouse, sku, on_hand)
    client.set_stock(store, c, 3, safety=1)

    def order(channel, lines):
        return client.create(client.order_request(lines, channel=channel))

    o1 = order("WEB", [(a, 3, 1000), (b, 1, 500)])        # two parcels, delivered
    o2 = order("MOBILE_APP", [(a, 2, 1000)])              # one parcel, delivered, 1 unit returned + refunded
    o3 = order("POS", [(c, 5, 200)])                      # one parcel, shipped
    o4 = order("MARKETPLACE", [(b, 3, 500)])              # allocated only
    o5 = order("ERP", [(a, 10, 1000)])                    # cancelled: in no report
    o6 = order("WEB", [(c, 1, 200)])                      # allocated only
    client.cancel(o5.order_id)

    p1 = client.ship(o1.order_id, warehouse, [(a, 3)])
    p2 = client.ship(o1.order_id, warehouse, [(b, 1)])
    p3 = client.ship(o2.order_id, warehouse)
    client.ship(o3.order_id, warehouse)
    for parcel in (p1, p2, p3):
        client.track(parcel.shipment_id, "DELIVERED")
    ret = client.request_return(o2.order_id, [(a, 1)], reason="NO_LONGER_NEEDED")
    client.approve(ret.return_id)
    client.receive(ret.return_id, warehouse, restock=True)
    refunded = client.refund(ret.return_id)
    orders = [client.get(o.order_id) for o in (o1, o2, o3, o4, o5, o6)]
    return dict(skus=(a, b, c), locations=(warehouse, store), orders=orders, cancelled=o5.order_id,
                refunded_minor=refunded.refund_minor, shipped_units=3 + 1 + 2 + 5, returned_units=1)


def live(facts):
    return [o for o in facts["orders"] if o.order_id != facts["cancelled"]]


def test_sales_summary_counts_every_live_order_by_channel(api, business):
    client, facts = business
    summary = client.reports.GetSalesSummary(api.GetSalesSummaryRequest(), timeout=TIMEOUT)
    orders = live(facts)
    assert summary.orders == 5
    assert summary.units == sum(line.quantity for o in orders for line in o.lines) == 15
    assert summary.revenue_minor == sum(o.total_minor for o in orders) == 8200
    assert summary.refunded_minor == facts["refunded_minor"] == 1000
    by_channel = {row.channel: (row.orders, row.units, row.revenue_minor)
                  for row in summary.by_channel if row.orders or row.units or row.revenue_minor}
    assert by_channel == {
        api.SALES_CHANNEL_WEB: (2, 5, 3700),
        api.SALES_CHANNEL_MOBILE_APP: (1, 2, 2000),
        api.SALES_CHANNEL_POS: (1, 5, 1000),
        api.SALES_CHANNEL_MARKETPLACE: (1, 3, 1500),
    }
    assert len({row.channel for row in summary.by_channel}) == len(summary.by_channel), "a channel appears twice"


def ts(seconds, nanos=0):
    return Timestamp(seconds=seconds, nanos=nanos)


def in_range(order, start, end):
    key = (order.created_at.seconds, order.created_at.nanos)
    return (start is None or key >= (start.seconds, start.nanos)) and (end is None or key < (end.seconds, end.nanos))


def test_sales_summary_time_range_is_half_open_on_creation_time(api, business):
    client, facts = business
    orders = live(facts)
    third, last = orders[2].created_at, orders[-1].created_at
    for start, end in ((third, None), (None, last), (third, last), (ts(4_000_000_000), None), (None, ts(1))):
        fields = {}
        if start is not None:
            fields["from"] = start
        if end is not None:
            fields["to"] = end
        summary = client.reports.GetSalesSummary(api.GetSalesSummaryRequest(**fields), timeout=TIMEOUT)
        expected = [o for o in orders if in_range(o, start, end)]
        assert summary.orders == len(expected), (start, end)
        assert summary.revenue_minor == sum(o.total_minor for o in expected), (start, end)
        assert summary.units == sum(line.quantity for o in expected for line in o.lines), (start, end)


def test_top_products_most_units_first_without_cancelled_orders(api, business):
    client, facts = business
    a, b, c = facts["skus"]
    top = client.reports.GetTopProducts(api.GetTopProductsRequest(limit=10), timeout=TIMEOUT).products
    assert [(p.sku, p.units, p.revenue_minor) for p in top] == [(c, 6, 1200), (a, 5, 5000), (b, 4, 2000)]
    top2 = client.reports.GetTopProducts(api.GetTopProductsRequest(limit=2), timeout=TIMEOUT).products
    assert [p.sku for p in top2] == [c, a]
    future = client.reports.GetTopProducts(api.GetTopProductsRequest(limit=10, **{"from": ts(4_000_000_000)}),
                                           timeout=TIMEOUT).products
    assert list(future) == []


def test_fulfillment_stats_are_sane(api, business):
    client, facts = business
    stats = client.reports.GetFulfillmentStats(api.GetFulfillmentStatsRequest(), timeout=TIMEOUT)
    assert stats.orders_shipped == 3  # o1, o2 and o3 went out completely; o4, o6 not at all
    assert stats.split_shipment_rate == pytest.approx(1 / 3)
    assert stats.return_rate == pytest.approx(facts["returned_units"] / facts["shipped_units"])
    # Everything happened within this test run: minutes, not hours.
    for hours in (stats.mean_hours_to_ship, stats.p90_hours_to_ship, stats.mean_hours_to_deliver):
        assert 0 <= hours < 0.5, stats
    empty = client.reports.GetFulfillmentStats(api.GetFulfillmentStatsRequest(**{"from": ts(4_000_000_000)}),
                                               timeout=TIMEOUT)
    assert empty.orders_shipped == 0


def test_low_stock_lists_exactly_the_levels_at_or_below_the_threshold(api, business):
    client, facts = business
    levels = {}
    for sku in facts["skus"]:
        for level in client.availability(sku).locations:
            levels[(level.location_id, level.sku)] = level.available
    assert len(levels) == 4
    for threshold in (0, 1, 2, 10, 30, 1000):
        response = client.reports.GetLowStock(api.GetLowStockRequest(threshold=threshold), timeout=TIMEOUT)
        got = [(level.location_id, level.sku) for level in response.levels]
        assert len(got) == len(set(got))
        assert set(got) == {key for key, available in levels.items() if available <= threshold}, threshold
        for level in response.levels:
            assert level.available == levels[(level.location_id, level.sku)]


def test_inventory_is_consistent_after_the_day(api, business):
    client, facts = business
    verdict = client.verify()
    assert verdict.consistent, list(verdict.problems)
    assert list(verdict.problems) == []
    assert verdict.levels_checked == 4
    a, b, c = facts["skus"]
    warehouse, _ = facts["locations"]
    # a: 40 - 3 - 2 shipped + 1 restocked; nothing reserved (o5 cancelled). b: 12 - 1 shipped, 3 reserved.
    assert client.level(a, warehouse) == (36, 0, 36)
    assert client.level(b, warehouse) == (11, 3, 8)
    assert client.level(c, warehouse) == (25, 1, 24)
    # A fresh server: its first order event has sequence 1, and the events of all orders are 1..N.
    sequences = sorted(e.sequence for o in facts["orders"] for e in o.history)
    assert sequences == list(range(1, len(sequences) + 1))
    statuses = [o.status for o in facts["orders"]]
    assert statuses == [api.ORDER_STATUS_DELIVERED, api.ORDER_STATUS_PARTIALLY_RETURNED, api.ORDER_STATUS_SHIPPED,
                        api.ORDER_STATUS_ALLOCATED, api.ORDER_STATUS_CANCELLED, api.ORDER_STATUS_ALLOCATED]
