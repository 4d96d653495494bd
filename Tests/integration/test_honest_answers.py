"""Honest answers (API.md "Data safety and honest answers") through grpcio against the real
orderlyd: U+0000 and control characters refused on the wire, numbers that never wrap, reports
that keep currencies apart and check their ranges, and one server per port."""
import json
import shutil
import subprocess
import tempfile

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from conftest import BIN_DIR, start_orderlyd
from orderly_helpers import NEWARK, TIMEOUT, Client, expect_error, uid

INVALID = grpc.StatusCode.INVALID_ARGUMENT
INT64_MAX = 2**63 - 1
BIG = 2**62


@pytest.fixture(scope="module")
def client(api, orderlyd):
    with Client(api, orderlyd.address) as c:
        yield c


@pytest.fixture
def fresh(api):
    """A server of its own, for tests whose report totals must be exact."""
    servers = []

    def start(*extra):
        server = start_orderlyd(extra=extra)
        servers.append(server)
        return Client(api, server.address)

    yield start
    for server in servers:
        code = server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)
        assert code == 0, f"orderlyd exited with {code}\n{server.log()}"


# Strings ----------------------------------------------------------------------------------------
def test_request_ids_differing_after_a_nul_are_refused_not_merged(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    before = client.availability(sku)
    for request_id in ("req-1\0a", "req-1\0b"):
        expect_error(INVALID, client.inventory.AdjustStock, api.AdjustStockRequest(
            location_id=warehouse, sku=sku, delta=5, reason="count", request_id=request_id), names=["request_id"])
        order = client.order_request([(sku, 1, 100)], request_id=request_id)
        expect_error(INVALID, client.orders.CreateOrder, order, names=["request_id"])
    assert client.availability(sku) == before
    # The part before the NUL is an ordinary key of its own, untouched by the refused calls.
    assert client.adjust(warehouse, sku, 1, request_id="req-1-" + uid("x")).on_hand == 11


def test_a_location_id_with_a_nul_does_not_write_the_location_before_it(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 7)])
    expect_error(INVALID, client.inventory.SetStock, api.SetStockRequest(
        location_id=warehouse + "\0x", sku=sku, on_hand=99), names=["location_id"])
    assert client.level(sku, warehouse) == (7, 0, 7)


@pytest.mark.parametrize("where", ["SetStock", "CreateOrder line", "GetAvailability"])
def test_a_sku_with_a_nul_is_refused_naming_the_field(api, client, where):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 5)])
    bad = sku + "\0b"
    if where == "SetStock":
        expect_error(INVALID, client.inventory.SetStock,
                     api.SetStockRequest(location_id=warehouse, sku=bad, on_hand=1), names=["sku"])
    elif where == "CreateOrder line":
        request = client.order_request([(uid("sku"), 1, 100), (bad, 1, 100)])
        expect_error(INVALID, client.orders.CreateOrder, request, names=["lines[1].sku"])
    else:
        expect_error(INVALID, client.inventory.GetAvailability, api.GetAvailabilityRequest(skus=[sku, bad]),
                     names=["skus[1]"])
    assert client.level(sku, warehouse) == (5, 0, 5)


@pytest.mark.parametrize("char", ["\x01", "\x07", "\t", "\n", "\x1f", "\x7f"])
@pytest.mark.parametrize("field", ["location_id", "sku", "request_id", "customer.customer_id"])
def test_control_characters_in_an_id_are_refused(api, client, char, field):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 5)])
    if field in ("location_id", "sku"):
        fields = dict(location_id=warehouse, sku=sku, delta=1, request_id=uid("adj"))
        fields[field] += char
        expect_error(INVALID, client.inventory.AdjustStock, api.AdjustStockRequest(**fields), names=[field])
    else:
        request = client.order_request([(sku, 1, 100)])
        if field == "request_id":
            request.request_id += char
        else:
            request.customer.customer_id += char
        expect_error(INVALID, client.orders.CreateOrder, request, names=[field])
    assert client.level(sku, warehouse) == (5, 0, 5)


def test_control_characters_are_kept_in_free_text_but_a_nul_is_not(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 5)])
    assert client.adjust(warehouse, sku, 1, reason="cycle\x01count\tline\n").on_hand == 6
    expect_error(INVALID, client.inventory.AdjustStock, api.AdjustStockRequest(
        location_id=warehouse, sku=sku, delta=1, reason="a\0b", request_id=uid("adj")), names=["reason"])
    order = client.create(client.order_request([(sku, 2, 100)]))
    shipment = client.ship(order.order_id, warehouse)
    tracked = client.track(shipment.shipment_id, "IN_TRANSIT", description="hub\x01Berlin")
    assert tracked.events[-1].description == "hub\x01Berlin"
    other = client.create(client.order_request([(sku, 1, 100)]))
    cancelled = client.cancel(other.order_id, reason="customer\x01asked")
    assert "customer\x01asked" in cancelled.history[-1].message
    expect_error(INVALID, client.orders.CancelOrder, api.CancelOrderRequest(
        order_id=order.order_id, reason="no\0pe"), names=["reason"])
    assert client.level(sku, warehouse) == (5 + 1 - 2, 0, 4)


# Numbers never wrap ------------------------------------------------------------------------------
def test_stock_that_would_overflow_is_refused_and_nothing_changes(api, client):
    sku = uid("sku")
    first, second = client.stocked_locations(sku, [(NEWARK, BIG), (NEWARK, 0)])
    before = client.availability(sku)
    # The sku's total over locations (what GetAvailability reports) would pass 2^63 - 1.
    expect_error(INVALID, client.inventory.SetStock,
                 api.SetStockRequest(location_id=second, sku=sku, on_hand=BIG), names=["on_hand", "overflow"])
    expect_error(INVALID, client.inventory.AdjustStock, api.AdjustStockRequest(
        location_id=first, sku=sku, delta=INT64_MAX, request_id=uid("adj")), names=["overflow"])
    response = client.inventory.ImportStock(iter([
        api.SetStockRequest(location_id=second, sku=sku, on_hand=BIG),
        api.SetStockRequest(location_id=second, sku=sku, on_hand=BIG - 1),
    ]), timeout=TIMEOUT)
    assert (response.accepted, response.rejected) == (1, 1), response
    assert "overflow" in response.errors[0]
    after = client.availability(sku)
    assert after.on_hand == INT64_MAX and after.on_hand > 0
    assert [(l.location_id, l.on_hand) for l in after.locations if l.location_id == first] == \
        [(l.location_id, l.on_hand) for l in before.locations if l.location_id == first]


def test_an_order_that_would_overflow_a_report_total_is_refused(api, fresh):
    client = fresh()
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    first = client.create(client.order_request([(sku, 1, BIG)]))
    assert first.total_minor == BIG
    before = client.reports.GetSalesSummary(api.GetSalesSummaryRequest(), timeout=TIMEOUT)
    second = client.order_request([(sku, 1, BIG)])
    expect_error(INVALID, client.orders.CreateOrder, second, names=["total_minor", "overflow"])
    expect_error(INVALID, client.orders.CreateOrder, client.order_request([(sku, 2, BIG)]), names=["overflow"])
    after = client.reports.GetSalesSummary(api.GetSalesSummaryRequest(), timeout=TIMEOUT)
    assert after == before
    assert (after.orders, after.revenue_minor) == (1, BIG)
    assert client.level(sku, warehouse) == (10, 1, 9)
    assert client.list_all(customer_id=second.customer.customer_id) == []
    # Another currency has its own total: the same amount in EUR is fine.
    client.create(client.order_request([(sku, 1, BIG)], currency="EUR"))
    summary = client.reports.GetSalesSummary(api.GetSalesSummaryRequest(currency="EUR"), timeout=TIMEOUT)
    assert (summary.orders, summary.revenue_minor) == (2, BIG)
    assert [(r.currency, r.revenue_minor) for r in summary.by_currency] == [("EUR", BIG), ("USD", BIG)]


# Reports and money -------------------------------------------------------------------------------
def currency_day(client):
    """EUR: web A×2@1000, pos B×1@500 (shipped, 1 returned and refunded); JPY: web A×1@5000;
    USD: web B×3@300. Returns the sku names."""
    a, b = uid("sku-a"), uid("sku-b")
    [warehouse] = client.stocked_locations(a, [(NEWARK, 50)])
    client.set_stock(warehouse, b, 50)
    client.create(client.order_request([(a, 2, 1000)], currency="EUR"))
    pos = client.create(client.order_request([(b, 1, 500)], currency="EUR", channel="POS"))
    client.create(client.order_request([(a, 1, 5000)], currency="JPY"))
    client.create(client.order_request([(b, 3, 300)], currency="USD"))
    client.ship(pos.order_id, warehouse)
    ret = client.request_return(pos.order_id, [(b, 1)])
    client.approve(ret.return_id)
    client.receive(ret.return_id, warehouse)
    assert client.refund(ret.return_id).refund_minor == 500
    return a, b


BY_CURRENCY = [("EUR", 2, 3, 2500, 500), ("JPY", 1, 1, 5000, 0), ("USD", 1, 3, 900, 0)]


def rows(summary):
    return [(r.currency, r.orders, r.units, r.revenue_minor, r.refunded_minor) for r in summary.by_currency]


@pytest.mark.parametrize("base", [None, "JPY"])
def test_jpy_and_eur_are_reported_separately(api, fresh, base):
    client = fresh(*(["--base-currency", base] if base else []))
    a, b = currency_day(client)
    default = base or "USD"
    for asked in ("EUR", "JPY", "USD", ""):
        summary = client.reports.GetSalesSummary(api.GetSalesSummaryRequest(currency=asked), timeout=TIMEOUT)
        shown = asked or default
        assert summary.currency == shown
        assert (summary.orders, summary.units) == (4, 7), "counts count every currency"
        expected = {c: (revenue, refunded) for c, _, _, revenue, refunded in BY_CURRENCY}[shown]
        assert (summary.revenue_minor, summary.refunded_minor) == expected
        assert rows(summary) == BY_CURRENCY
        channels = {c.channel: (c.orders, c.units, c.revenue_minor) for c in summary.by_channel}
        web_revenue = {"EUR": 2000, "JPY": 5000, "USD": 900}[shown]
        pos_revenue = {"EUR": 500}.get(shown, 0)
        assert channels == {api.SalesChannel.Value("SALES_CHANNEL_WEB"): (3, 6, web_revenue),
                            api.SalesChannel.Value("SALES_CHANNEL_POS"): (1, 1, pos_revenue)}
        top = client.reports.GetTopProducts(api.GetTopProductsRequest(currency=asked), timeout=TIMEOUT)
        revenue = {"EUR": {a: 2000, b: 500}, "JPY": {a: 5000, b: 0}, "USD": {a: 0, b: 900}}[shown]
        assert [(p.sku, p.units, p.revenue_minor) for p in top.products] == [(b, 4, revenue[b]), (a, 3, revenue[a])]


@pytest.mark.parametrize("currency", ["eur", "EURO", "E1", "€€€"])
def test_a_report_currency_must_be_an_iso_code(api, client, currency):
    expect_error(INVALID, client.reports.GetSalesSummary, api.GetSalesSummaryRequest(currency=currency),
                 names=["currency"])
    expect_error(INVALID, client.reports.GetTopProducts, api.GetTopProductsRequest(currency=currency),
                 names=["currency"])


def ts(seconds):
    return Timestamp(seconds=seconds)


@pytest.mark.parametrize("start, end", [(100, 100), (200, 100), (1_700_000_000, 1)])
@pytest.mark.parametrize("rpc", ["GetSalesSummary", "GetTopProducts", "GetFulfillmentStats"])
def test_from_not_before_to_is_invalid_argument(api, client, rpc, start, end):
    request = getattr(api, rpc + "Request")(**{"from": ts(start), "to": ts(end)})
    expect_error(INVALID, getattr(client.reports, rpc), request, names=["from", "to"])


@pytest.mark.parametrize("rpc", ["GetSalesSummary", "GetTopProducts", "GetFulfillmentStats"])
def test_a_range_that_ends_after_it_starts_is_answered(api, client, rpc):
    request = getattr(api, rpc + "Request")(**{"from": ts(100), "to": ts(101)})
    getattr(client.reports, rpc)(request, timeout=TIMEOUT)


@pytest.mark.parametrize("threshold", [-1, -(2**63)])
def test_a_negative_low_stock_threshold_is_invalid_argument(api, client, threshold):
    expect_error(INVALID, client.reports.GetLowStock, api.GetLowStockRequest(threshold=threshold),
                 names=["threshold"])


def test_a_bad_base_currency_flag_refuses_to_start():
    data_dir = tempfile.mkdtemp(prefix="orderly-data-")
    try:
        proc = subprocess.run([str(BIN_DIR / "orderlyd"), "--port", "0", "--data-dir", data_dir,
                               "--base-currency", "usd"], capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    assert proc.returncode != 0
    assert "--base-currency" in proc.stderr


# One server per port -----------------------------------------------------------------------------
def test_a_second_server_on_a_served_port_exits_1_with_a_clear_message(api, orderlyd, client):
    data_dir = tempfile.mkdtemp(prefix="orderly-data-")
    try:
        proc = subprocess.run([str(BIN_DIR / "orderlyd"), "--port", str(orderlyd.port), "--data-dir", data_dir],
                              capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    assert proc.returncode == 1, proc.stderr
    assert f"port {orderlyd.port}" in proc.stderr and "already in use" in proc.stderr, proc.stderr
    # The first server still serves every client.
    assert orderlyd.alive()
    client.inventory.ListLocations(api.ListLocationsRequest(), timeout=TIMEOUT)


def test_the_cli_reports_sales_per_currency(api, fresh):
    client = fresh()
    currency_day(client)
    orderly = BIN_DIR / "orderly"
    if not orderly.exists():
        pytest.fail(f"{orderly} is missing: build it (swift build -c release --product orderly)")

    def cli(*args):
        proc = subprocess.run([str(orderly), "reports", "sales", *args, "--server", client.target],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    text = cli("--currency", "EUR")
    lines = [line.split() for line in text.splitlines()]
    assert ["total", "4", "7", "25.00", "EUR"] in lines
    assert ["refunded:", "5.00", "EUR"] in lines
    head = lines.index(["BY", "CURRENCY"])
    assert lines[head + 2:head + 5] == [
        ["EUR", "2", "3", "25.00", "EUR", "5.00", "EUR"],
        ["JPY", "1", "1", "5000", "JPY", "0", "JPY"],
        ["USD", "1", "3", "9.00", "USD", "0.00", "USD"],
    ]
    summary = json.loads(cli("--currency", "JPY", "--json"))
    assert summary["currency"] == "JPY" and summary["revenueMinor"] == "5000"
    assert [row["currency"] for row in summary["byCurrency"]] == ["EUR", "JPY", "USD"]
