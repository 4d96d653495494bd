"""The insight reports (GetCustomerInsights, GetProductAffinity, GetStockCover) over the wire, on a
fresh orderlyd: a seeded random business (customers, three currencies, multi-line orders, some
cancelled, some shipped) is created through the API, and every expected figure is recomputed here
in Python from what was sent and what the server answered (order ids, creation times, allocations).
Ranges use the orders' own creation times as bounds, so their edges are exact. Orders are all
created "now", so stock cover's window (which ends at the server's now) holds all of them; the
window's start is tested with an injected clock in the Swift unit tests."""
import random
import shutil
from collections import defaultdict
from datetime import datetime, timezone

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from conftest import start_orderlyd
from orderly_helpers import NEWARK, TIMEOUT, TRENTON, Client, expect_error, uid

INVALID = grpc.StatusCode.INVALID_ARGUMENT
CURRENCIES = ("USD", "EUR", "JPY")


def nanos(ts):
    return ts.seconds * 1_000_000_000 + ts.nanos


def stamp(n):
    t = Timestamp()
    t.seconds, t.nanos = divmod(n, 1_000_000_000)
    return t


@pytest.fixture(scope="module")
def business(api):
    """A fresh server holding only this module's orders; yields (client, facts)."""
    server = start_orderlyd()
    try:
        with Client(api, server.address) as client:
            yield client, make_business(client)
    finally:
        code = server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


def make_business(client):
    rng = random.Random(20261203)
    skus = [f"ins-sku-{i}" for i in range(7)]
    customers = [f"ins-cust-{i}" for i in range(9)]
    near, far = uid("wh"), uid("wh")
    client.add_location(near, NEWARK)
    client.add_location(far, TRENTON)
    for sku in skus:
        client.set_stock(near, sku, 60)   # small enough that some orders split to the far warehouse
        client.set_stock(far, sku, 10_000)
    raw = []  # dicts: id, customer, currency, at, total, lines, allocations, cancelled
    for n in range(70):
        lines = [(sku, rng.randint(1, 4), rng.randint(0, 3000)) for sku in rng.sample(skus, rng.randint(1, 4))]
        customer = rng.choice(customers + [""])
        currency = rng.choice(CURRENCIES)
        request = client.order_request(lines, customer_id=customer or None, currency=currency)
        if not customer:
            request.customer.customer_id = ""
        order = client.create(request)
        raw.append(dict(id=order.order_id, customer=customer, currency=currency, at=nanos(order.created_at),
                        total=sum(q * p for _, q, p in lines), lines=[(s, q) for s, q, _ in lines],
                        allocations=[(a.location_id, a.sku, a.quantity) for a in order.allocations],
                        cancelled=False))
        if n % 9 == 4:   # cancel an earlier open order now and then
            victim = rng.choice([o for o in raw if not o["cancelled"]])
            client.cancel(victim["id"])
            victim["cancelled"] = True
        elif n % 11 == 6:  # a shipment changes the order but no insight figure
            target = raw[-1]
            client.ship(target["id"], target["allocations"][0][0])
    return dict(skus=skus, customers=customers, near=near, far=far, orders=raw)


# The model: brute force over the raw orders ----------------------------------------------------

def model_customers(orders, lo, hi, currency, top):
    counted = [o for o in orders if not o["cancelled"] and o["customer"]]
    first = {}
    for o in counted:
        first[o["customer"]] = min(first.get(o["customer"], o["at"]), o["at"])
    per = defaultdict(lambda: [0, 0])
    in_currency = 0
    for o in counted:
        if (lo is None or o["at"] >= lo) and (hi is None or o["at"] < hi):
            per[o["customer"]][0] += 1
            if o["currency"] == currency:
                per[o["customer"]][1] += o["total"]
                in_currency += 1
    def inside(t):
        return (lo is None or t >= lo) and (hi is None or t < hi)
    customers = len(per)
    repeat = sum(1 for v in per.values() if v[0] >= 2)
    orders_count = sum(v[0] for v in per.values())
    revenue = sum(v[1] for v in per.values())
    ranked = sorted(per.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))[:top]
    cohorts = defaultdict(lambda: [0, 0, 0])
    for c, v in per.items():
        month = datetime.fromtimestamp(first[c] // 1_000_000_000, tz=timezone.utc).strftime("%Y-%m")
        cohorts[month][0] += 1
        cohorts[month][1] += v[0] >= 2
        cohorts[month][2] += v[1]
    return dict(
        customers=customers, new_customers=sum(1 for c in per if inside(first[c])), repeat_customers=repeat,
        repeat_purchase_rate=repeat / customers if customers else 0.0,
        average_order_value_minor=revenue // in_currency if in_currency else 0,
        orders_per_customer=orders_count / customers if customers else 0.0,
        top_customers=[(c, v[0], v[1]) for c, v in ranked],
        cohorts=sorted((m, v[0], v[1], v[2]) for m, v in cohorts.items()),
        orders=orders_count, revenue_minor=revenue, currency=currency)


def answered_customers(answer):
    return dict(
        customers=answer.customers, new_customers=answer.new_customers, repeat_customers=answer.repeat_customers,
        repeat_purchase_rate=answer.repeat_purchase_rate, average_order_value_minor=answer.average_order_value_minor,
        orders_per_customer=answer.orders_per_customer,
        top_customers=[(v.customer_id, v.orders, v.revenue_minor) for v in answer.top_customers],
        cohorts=[(r.first_order_month, r.customers, r.repeat_customers, r.revenue_minor) for r in answer.cohorts],
        orders=answer.orders, revenue_minor=answer.revenue_minor, currency=answer.currency)


def model_affinity(orders, sku, lo, hi, limit):
    together = defaultdict(int)
    for o in orders:
        if o["cancelled"] or (lo is not None and o["at"] < lo) or (hi is not None and o["at"] >= hi):
            continue
        distinct = list(dict.fromkeys(s for s, _ in o["lines"]))[:32]
        if sku in distinct:
            for other in distinct:
                if other != sku:
                    together[other] += 1
    return sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def ranges(orders):
    """Open, one-sided, and bounded by orders' own creation times (edges exactly on an order)."""
    times = sorted(o["at"] for o in orders)
    picks = [(None, None), (times[10], None), (None, times[40]), (times[5], times[50]), (times[20], times[20] + 1),
             (times[33] - 1, times[33]), (times[-1] + 1, None)]
    return picks


# Tests ------------------------------------------------------------------------------------------

def test_customer_insights_match_the_orders_sent(business):
    client, facts = business
    api = client.api
    for lo, hi in ranges(facts["orders"]):
        for currency in CURRENCIES + ("GBP",):
            for top in (0, 3):
                request = api.GetCustomerInsightsRequest(currency=currency, top=top)
                if lo is not None:
                    request.__getattribute__("from").CopyFrom(stamp(lo))
                if hi is not None:
                    request.to.CopyFrom(stamp(hi))
                answer = client.reports.GetCustomerInsights(request, timeout=TIMEOUT)
                want = model_customers(facts["orders"], lo, hi, currency, top or 10)
                assert answered_customers(answer) == want, (lo, hi, currency, top)
    # Empty currency = the server's base currency (USD).
    default = client.reports.GetCustomerInsights(api.GetCustomerInsightsRequest(), timeout=TIMEOUT)
    assert answered_customers(default) == model_customers(facts["orders"], None, None, "USD", 10)


def test_product_affinity_matches_the_orders_sent(business):
    client, facts = business
    api = client.api
    for lo, hi in ranges(facts["orders"]):
        for sku in facts["skus"]:
            for limit in (0, 2):
                request = api.GetProductAffinityRequest(sku=sku, limit=limit)
                if lo is not None:
                    request.__getattribute__("from").CopyFrom(stamp(lo))
                if hi is not None:
                    request.to.CopyFrom(stamp(hi))
                answer = client.reports.GetProductAffinity(request, timeout=TIMEOUT)
                got = [(p.sku, p.orders_together) for p in answer.pairs]
                assert got == model_affinity(facts["orders"], sku, lo, hi, limit or 10), (lo, hi, sku, limit)
    never = client.reports.GetProductAffinity(api.GetProductAffinityRequest(sku=uid("never")), timeout=TIMEOUT)
    assert list(never.pairs) == []


def test_stock_cover_matches_the_orders_sent(business):
    client, facts = business
    api = client.api
    orders = [o for o in facts["orders"] if not o["cancelled"]]
    for location in ("", facts["near"], facts["far"]):
        for window, target in ((0, 0), (7, 30), (365, 1)):
            w, t = window or 28, target or 28
            answer = client.reports.GetStockCover(api.GetStockCoverRequest(
                skus=facts["skus"], location_id=location, window_days=window, target_days=target), timeout=TIMEOUT)
            assert (answer.window_days, answer.target_days) == (w, t)
            assert [c.sku for c in answer.items] == facts["skus"]
            for cover in answer.items:
                if location:
                    units = sum(q for o in orders for loc, s, q in o["allocations"] if loc == location and s == cover.sku)
                else:
                    units = sum(q for o in orders for s, q in o["lines"] if s == cover.sku)
                levels = [lv for lv in client.availability(cover.sku).locations if not location or lv.location_id == location]
                available = sum(lv.available for lv in levels)
                incoming = sum(lv.incoming for lv in levels)
                assert cover.location_id == location
                assert (cover.window_units, cover.available, cover.incoming) == (units, available, incoming)
                assert cover.daily_demand == pytest.approx(units / w, rel=1e-12)
                assert cover.reorder_quantity == max(0, -(-units * t // w) - available - incoming)
                if units:
                    assert cover.days_of_cover == pytest.approx(available / (units / w), rel=1e-9)
                    stockout = nanos(cover.predicted_stockout) / 1e9
                    created = max(o["at"] for o in facts["orders"]) / 1e9
                    expected = created + cover.days_of_cover * 86400
                    if expected >= (2**63 - 1) / 1e9:   # beyond what an instant holds: capped (year 2262)
                        assert stockout == pytest.approx((2**63 - 1) / 1e9)
                    else:  # now + days of cover, now being after the last order and within this test
                        assert created - 1 <= stockout - cover.days_of_cover * 86400 <= created + 600
                else:
                    assert cover.days_of_cover == 0 and not cover.HasField("predicted_stockout")
    # No skus = every sku with a level, by sku; an unknown sku answers zeros.
    every = client.reports.GetStockCover(api.GetStockCoverRequest(location_id=facts["near"]), timeout=TIMEOUT)
    assert [c.sku for c in every.items] == sorted(facts["skus"])
    unknown = client.reports.GetStockCover(api.GetStockCoverRequest(skus=[uid("ghost")]), timeout=TIMEOUT).items[0]
    assert (unknown.available, unknown.window_units, unknown.reorder_quantity) == (0, 0, 0)


def test_insight_requests_are_checked(business):
    client, facts = business
    api, reports = client.api, client.reports
    later, earlier = stamp(2_000_000_000_000_000_000), stamp(1_000_000_000_000_000_000)
    reversed_range = api.GetCustomerInsightsRequest(to=earlier)
    reversed_range.__getattribute__("from").CopyFrom(later)
    expect_error(INVALID, reports.GetCustomerInsights, reversed_range, names=("from",))
    expect_error(INVALID, reports.GetCustomerInsights, api.GetCustomerInsightsRequest(currency="eur"), names=("currency",))
    for top in (-1, 1001):
        expect_error(INVALID, reports.GetCustomerInsights, api.GetCustomerInsightsRequest(top=top), names=("top",))
    expect_error(INVALID, reports.GetProductAffinity, api.GetProductAffinityRequest(), names=("sku",))
    for limit in (-1, 1001):
        expect_error(INVALID, reports.GetProductAffinity, api.GetProductAffinityRequest(sku="x", limit=limit),
                     names=("limit",))
    same = api.GetProductAffinityRequest(sku="x", to=earlier)
    same.__getattribute__("from").CopyFrom(earlier)
    expect_error(INVALID, reports.GetProductAffinity, same, names=("from",))
    for field in ("window_days", "target_days"):
        for value in (-1, 366):
            expect_error(INVALID, reports.GetStockCover, api.GetStockCoverRequest(skus=["x"], **{field: value}),
                         names=(field,))
    expect_error(INVALID, reports.GetStockCover, api.GetStockCoverRequest(skus=[f"s{i}" for i in range(1001)]),
                 names=("skus",))
    expect_error(grpc.StatusCode.NOT_FOUND, reports.GetStockCover,
                 api.GetStockCoverRequest(skus=["x"], location_id=uid("nowhere")), names=("location",))
