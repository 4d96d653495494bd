"""Fulfilment that keeps its promises, part A, over the wire (issue "Fulfilment that keeps its
promises"): locations with time zone, cutoff, handling days and daily capacity; carrier services;
the routing policy (DISTANCE, COST, SPEED, the parcel cap); the delivery promise on CreateOrder,
GetOrder and PlanRouting (also the "get it by" call with only lines and an address); the
promise-kept figures of GetFulfillmentStats; every validation error; and a restart (clean and
kill -9) that keeps carrier services, the policy and the day's capacity count.

Expected dates are computed here with Python's own zoneinfo, independently of the server's TZif
reader. Every server runs with --test-clock, so "now" is fixed and moves only on request."""
import datetime
import shutil
import signal
import zoneinfo

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import CHICAGO, NYC, PHILADELPHIA, TIMEOUT, TRENTON, Client, expect_error, uid

UTC = datetime.timezone.utc
# Saturday 2026-03-28 14:30Z: after Berlin's 15:00 cutoff (15:30 CET), the night before the
# clocks go forward; 10:30 in New York (EDT since 03-08).
T0 = int(datetime.datetime(2026, 3, 28, 14, 30, tzinfo=UTC).timestamp())


@pytest.fixture
def server():
    """A fresh orderlyd per test: carrier services and the routing policy are store-wide."""
    s = start_orderlyd(extra=["--test-clock", str(T0)])
    yield s
    code = s.stop()
    shutil.rmtree(s.workdir, ignore_errors=True)
    assert code == 0, f"orderlyd exited with {code}\n{s.log()}"


@pytest.fixture
def c(api, server):
    with Client(api, server.address) as client:
        yield client


def method(api, name):
    return api.ShippingMethod.Value(f"SHIPPING_METHOD_{name}")


def service(api, service_id, bands, name="STANDARD", currency="USD", template="https://track.example/{tracking}"):
    return api.CarrierService(
        carrier_service_id=service_id, carrier="UPS", name=service_id, method=method(api, name), currency=currency,
        bands=[api.TransitBand(max_km=k, transit_days=d, base_cost_minor=b, per_unit_cost_minor=u) for k, d, b, u in bands],
        tracking_url_template=template)


def upsert_service(c, s):
    return c.shipments.UpsertCarrierService(s, timeout=TIMEOUT)


def set_policy(c, objective="DISTANCE", max_locations=0, split_penalty_minor=0):
    api = c.api
    return c.orders.SetRoutingPolicy(api.RoutingPolicy(
        objective=api.RoutingObjective.Value(f"ROUTING_OBJECTIVE_{objective}"), max_locations=max_locations,
        split_penalty_minor=split_penalty_minor), timeout=TIMEOUT)


def location(c, location_id, where, zone="", cutoff="", handling=0, capacity=0):
    api = c.api
    answer = c.inventory.UpsertLocation(api.Location(
        location_id=location_id, name=location_id, kind=api.LocationKind.Value("LOCATION_KIND_WAREHOUSE"),
        address=c.address(where), time_zone=zone, cutoff_local_time=cutoff, handling_days=handling,
        daily_order_capacity=capacity), timeout=TIMEOUT)
    return answer


def advance(c, seconds):
    admin = c.api.stub("AdminService", c.channel)
    admin.AdvanceTestClock(c.api.AdvanceTestClockRequest(seconds=seconds), timeout=TIMEOUT)


def ship_by(zone, cutoff, handling, now):
    """The next cutoff at or after `now` on the zone's wall clock, + handling days, in UTC."""
    tz = zoneinfo.ZoneInfo(zone)
    local = now.astimezone(tz)
    h, m = map(int, cutoff.split(":"))
    day = local.date()
    at = datetime.datetime(day.year, day.month, day.day, h, m, tzinfo=tz)
    if at < now:
        day = day + datetime.timedelta(days=1)
    day = day + datetime.timedelta(days=handling)
    return datetime.datetime(day.year, day.month, day.day, h, m, tzinfo=tz).astimezone(UTC)


def plus_local_days(zone, instant, days):
    tz = zoneinfo.ZoneInfo(zone)
    local = instant.astimezone(tz)
    moved = datetime.datetime.combine(local.date() + datetime.timedelta(days=days), local.time(), tzinfo=tz)
    return moved.astimezone(UTC)


def ts(t):
    return t.ToDatetime(tzinfo=UTC)


NOW = datetime.datetime.fromtimestamp(T0, UTC)
GROUND = [(200, 2, 500, 10), (3000, 4, 1500, 0)]


def test_carrier_services_are_upserted_listed_and_checked(c):
    api = c.api
    first = upsert_service(c, service(api, "ups-ground", GROUND))
    assert first.carrier_service_id == "ups-ground" and [b.max_km for b in first.bands] == [200, 3000]
    upsert_service(c, service(api, "fedex-express", [(3000, 1, 2500, 0)], name="EXPRESS"))
    replaced = upsert_service(c, service(api, "ups-ground", [(500, 3, 700, 0)]))
    assert [b.base_cost_minor for b in replaced.bands] == [700]
    listed = c.shipments.ListCarrierServices(api.ListCarrierServicesRequest(), timeout=TIMEOUT).carrier_services
    assert [s.carrier_service_id for s in listed] == ["fedex-express", "ups-ground"]
    assert listed[1].bands[0].base_cost_minor == 700
    assert listed[0].tracking_url_template == "https://track.example/{tracking}"
    bad = [
        (service(api, "", GROUND), "carrier_service_id"),
        (service(api, uid("cs"), GROUND, name="UNSPECIFIED"), "method"),
        (service(api, uid("cs"), GROUND, name="STORE_PICKUP"), "STORE_PICKUP"),
        (service(api, uid("cs"), GROUND, currency="usd"), "currency"),
        (service(api, uid("cs"), []), "bands"),
        (service(api, uid("cs"), list(reversed(GROUND))), "bands[1].max_km"),
        (service(api, uid("cs"), [(0, 1, 1, 0)]), "bands[0].max_km"),
        (service(api, uid("cs"), [(10, -1, 1, 0)]), "bands[0].transit_days"),
        (service(api, uid("cs"), [(10, 1, -1, 0)]), "bands[0].base_cost_minor"),
        (service(api, uid("cs"), GROUND, template="https://track.example/"), "{tracking}"),
    ]
    for request, field in bad:
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.shipments.UpsertCarrierService, request, names=[field])
    wrong_method = service(api, uid("cs"), GROUND)
    wrong_method.method = 42
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.shipments.UpsertCarrierService, wrong_method, names=["method"])
    listed = c.shipments.ListCarrierServices(api.ListCarrierServicesRequest(), timeout=TIMEOUT).carrier_services
    assert len(listed) == 2, "a refused upsert changed nothing"


def test_routing_policy_is_set_read_and_checked(c):
    api = c.api
    default = c.orders.GetRoutingPolicy(api.GetRoutingPolicyRequest(), timeout=TIMEOUT)
    assert default.objective == api.RoutingObjective.Value("ROUTING_OBJECTIVE_DISTANCE")
    assert default.max_locations == 0 and default.split_penalty_minor == 0
    answer = set_policy(c, "COST", max_locations=2, split_penalty_minor=300)
    assert (answer.max_locations, answer.split_penalty_minor) == (2, 300)
    read = c.orders.GetRoutingPolicy(api.GetRoutingPolicyRequest(), timeout=TIMEOUT)
    assert read == answer
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.SetRoutingPolicy,
                 api.RoutingPolicy(objective=2, max_locations=-1), names=["max_locations"])
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.SetRoutingPolicy,
                 api.RoutingPolicy(objective=2, split_penalty_minor=-5), names=["split_penalty_minor"])
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.SetRoutingPolicy,
                 api.RoutingPolicy(objective=99), names=["objective"])
    unspecified = c.orders.SetRoutingPolicy(api.RoutingPolicy(), timeout=TIMEOUT)
    assert unspecified.objective == api.RoutingObjective.Value("ROUTING_OBJECTIVE_DISTANCE")


def test_location_fulfilment_fields_round_trip_and_are_checked(c):
    api = c.api
    answer = location(c, "wh-ber", NYC, zone="Europe/Berlin", cutoff="15:00", handling=2, capacity=300)
    assert (answer.time_zone, answer.cutoff_local_time, answer.handling_days, answer.daily_order_capacity) == \
        ("Europe/Berlin", "15:00", 2, 300)
    listed = [l for l in c.inventory.ListLocations(api.ListLocationsRequest(), timeout=TIMEOUT).locations
              if l.location_id == "wh-ber"]
    assert listed == [answer]
    for fields, name in [(dict(zone="Mars/Olympus_Mons"), "time_zone"), (dict(zone="../../etc/passwd"), "time_zone"),
                         (dict(cutoff="25:00"), "cutoff_local_time"), (dict(cutoff="3pm"), "cutoff_local_time"),
                         (dict(handling=-1), "handling_days"), (dict(capacity=-2), "daily_order_capacity")]:
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, location, c, uid("wh"), NYC, names=[name], **fields)


def test_promise_on_create_get_and_plan_across_the_berlin_spring_change(c):
    api = c.api
    sku = uid("sku")
    location(c, "wh-ber", NYC, zone="Europe/Berlin", cutoff="15:00", handling=1)
    c.set_stock("wh-ber", sku, 10)
    upsert_service(c, service(api, "ups-ground", GROUND))
    # Saturday 15:30 CET is past the cutoff: Sunday's (the first CEST day), + 1 handling day.
    expected_ship = ship_by("Europe/Berlin", "15:00", 1, NOW)
    assert expected_ship == datetime.datetime(2026, 3, 30, 13, 0, tzinfo=UTC)
    expected_deliver = plus_local_days("Europe/Berlin", expected_ship, 2)
    order = c.create(c.order_request([(sku, 3, 1000)]))
    assert len(order.parcels) == 1
    parcel = order.parcels[0]
    assert (parcel.location_id, parcel.carrier_service_id, parcel.shipping_cost_minor) == ("wh-ber", "ups-ground", 530)
    assert ts(parcel.ship_by) == expected_ship
    assert ts(parcel.deliver_by) == expected_deliver
    assert ts(order.promise.earliest) == ts(order.promise.latest) == expected_deliver
    assert order.promise.shipping_cost_minor == 530
    fetched = c.get(order.order_id)
    assert fetched.promise == order.promise and list(fetched.parcels) == list(order.parcels)
    # The product page's call: only lines and an address.
    request = api.CreateOrderRequest(lines=[api.OrderLineInput(sku=sku, quantity=3)])
    request.shipping_address.CopyFrom(c.address(NYC))
    plan = c.orders.PlanRouting(request, timeout=TIMEOUT)
    assert [(a.location_id, a.quantity) for a in plan.allocations] == [("wh-ber", 3)]
    assert plan.promise == order.promise and list(plan.parcels) == list(order.parcels)
    assert len(plan.trace) == 1
    assert "cost 530" in plan.trace[0] and "deliver by " + expected_deliver.strftime("%Y-%m-%dT%H:%MZ") in plan.trace[0]
    assert c.level(sku, "wh-ber")[1] == 3, "the plan reserved nothing beyond the order"


def test_new_york_fall_back_and_a_method_without_service(api):
    # Saturday 2026-10-31 22:00Z = 18:00 EDT, after a 17:00 cutoff: Sunday 17:00 EST = 22:00Z.
    t = int(datetime.datetime(2026, 10, 31, 22, tzinfo=UTC).timestamp())
    s = start_orderlyd(extra=["--test-clock", str(t)])
    try:
        with Client(api, s.address) as c:
            sku = uid("sku")
            location(c, "wh-nyc", NYC, zone="America/New_York", cutoff="17:00")
            c.set_stock("wh-nyc", sku, 5)
            upsert_service(c, service(api, "ground", GROUND))
            order = c.create(c.order_request([(sku, 1, 100)]))
            expected = ship_by("America/New_York", "17:00", 0, datetime.datetime.fromtimestamp(t, UTC))
            assert expected == datetime.datetime(2026, 11, 1, 22, tzinfo=UTC)
            assert ts(order.parcels[0].ship_by) == expected
            # EXPRESS has no carrier service: routed as before, no promise.
            express = c.create(c.order_request([(sku, 1, 100)], method="EXPRESS"))
            assert not express.HasField("promise") and len(express.parcels) == 0
            assert [a.location_id for a in express.allocations] == ["wh-nyc"]
    finally:
        assert s.stop() == 0
        shutil.rmtree(s.workdir, ignore_errors=True)


def split_world(c):
    """wh-near has A, wh-mid has B (both in the cheap band), wh-far (Chicago) has both."""
    sku_a, sku_b = uid("A"), uid("B")
    for location_id, where in [("wh-near", TRENTON), ("wh-mid", PHILADELPHIA), ("wh-far", CHICAGO)]:
        location(c, location_id, where, zone="America/New_York", cutoff="15:00")
    c.set_stock("wh-near", sku_a, 10)
    c.set_stock("wh-mid", sku_b, 10)
    c.set_stock("wh-far", sku_a, 10)
    c.set_stock("wh-far", sku_b, 10)
    upsert_service(c, service(c.api, "ground", [(200, 2, 500, 0), (3000, 4, 1500, 0)]))
    return sku_a, sku_b


def sources(order_or_plan):
    return sorted({a.location_id for a in order_or_plan.allocations})


def test_every_objective_and_the_parcel_cap(c):
    api = c.api
    a, b = split_world(c)
    lines = [(a, 1, 100), (b, 1, 100)]
    # DISTANCE (round 1): one location fills everything, however far.
    order = c.create(c.order_request(lines))
    assert sources(order) == ["wh-far"] and order.promise.shipping_cost_minor == 1500
    # COST: two cheap parcels beat one dear one...
    set_policy(c, "COST")
    order = c.create(c.order_request(lines))
    assert sources(order) == ["wh-mid", "wh-near"] and order.promise.shipping_cost_minor == 1000
    assert len(order.parcels) == 2
    # ...unless the split penalty makes the split dearer.
    set_policy(c, "COST", split_penalty_minor=600)
    assert sources(c.create(c.order_request(lines))) == ["wh-far"]
    # SPEED: the near pair arrives in 2 days, Chicago in 4.
    set_policy(c, "SPEED")
    order = c.create(c.order_request(lines))
    assert sources(order) == ["wh-mid", "wh-near"]
    plan = c.orders.PlanRouting(c.order_request(lines), timeout=TIMEOUT)
    assert any(line.startswith("wh-far") and "deliver by" in line and "cost 1500" in line for line in plan.trace), plan.trace
    # The cap: one parcel only. SPEED must then take Chicago; with Chicago empty it is refused.
    set_policy(c, "SPEED", max_locations=1)
    assert sources(c.create(c.order_request(lines))) == ["wh-far"]
    # Skus only the near pair holds: no single location fills them.
    x, y = uid("X"), uid("Y")
    c.set_stock("wh-near", x, 5)
    c.set_stock("wh-mid", y, 5)
    lines = [(x, 1, 100), (y, 1, 100)]
    for objective in ["DISTANCE", "COST", "SPEED"]:
        set_policy(c, objective, max_locations=1)
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, c.orders.CreateOrder, c.order_request(lines),
                     names=["max_locations"])
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, c.orders.PlanRouting, c.order_request(lines),
                     names=["max_locations"])
    assert c.verify().consistent


def test_plan_routing_validation(c):
    api = c.api
    no_lines = api.CreateOrderRequest()
    no_lines.shipping_address.CopyFrom(c.address(NYC))
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.PlanRouting, no_lines, names=["lines"])
    no_address = api.CreateOrderRequest(lines=[api.OrderLineInput(sku="X", quantity=1)])
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.PlanRouting, no_address, names=["shipping_address"])
    odd_method = api.CreateOrderRequest(lines=[api.OrderLineInput(sku="X", quantity=1)], shipping_method=77)
    odd_method.shipping_address.CopyFrom(c.address(NYC))
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.PlanRouting, odd_method, names=["shipping_method"])
    bad_currency = api.CreateOrderRequest(lines=[api.OrderLineInput(sku="X", quantity=1)], currency="euro")
    bad_currency.shipping_address.CopyFrom(c.address(NYC))
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.PlanRouting, bad_currency, names=["currency"])
    # CreateOrder still needs its channel, currency and method.
    expect_error(grpc.StatusCode.INVALID_ARGUMENT, c.orders.CreateOrder, no_address, names=["channel"])


def test_fulfillment_stats_promise_kept(c):
    api = c.api
    a, b = split_world(c)
    set_policy(c, "COST")
    on_time = c.create(c.order_request([(a, 1, 100), (b, 1, 100)]))
    late = c.create(c.order_request([(a, 1, 100)]))
    for location_id in ["wh-near", "wh-mid"]:
        c.track(c.ship(on_time.order_id, location_id).shipment_id, "DELIVERED")
    shipment = c.ship(late.order_id, "wh-near")
    advance(c, 10 * 86_400)  # long after the promised two days
    c.track(shipment.shipment_id, "DELIVERED")
    stats = c.reports.GetFulfillmentStats(api.GetFulfillmentStatsRequest(), timeout=TIMEOUT)
    assert stats.promise_kept_rate == pytest.approx(0.5)
    rows = {r.location_id: r for r in stats.by_location}
    assert set(rows) == {"wh-near", "wh-mid"}
    assert rows["wh-near"].shipments == 2 and rows["wh-near"].promise_kept_rate == pytest.approx(0.5)
    assert rows["wh-mid"].shipments == 1 and rows["wh-mid"].promise_kept_rate == pytest.approx(1.0)
    assert rows["wh-mid"].mean_hours_to_ship == pytest.approx(0.0)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_restart_keeps_carriers_policy_and_the_days_capacity(api, data_dir, how):
    sku = uid("sku")
    s = start_orderlyd(data_dir=data_dir, extra=["--test-clock", str(T0)])
    with Client(api, s.address) as c:
        location(c, "wh-full", NYC, zone="America/New_York", cutoff="15:00", capacity=2)
        location(c, "wh-next", TRENTON, zone="America/New_York", cutoff="15:00")
        c.set_stock("wh-full", sku, 50)
        c.set_stock("wh-next", sku, 50)
        upsert_service(c, service(api, "ground", GROUND))
        policy = set_policy(c, "COST", max_locations=3, split_penalty_minor=100)
        for _ in range(2):
            assert sources(c.create(c.order_request([(sku, 1, 100)]))) == ["wh-full"]
        plan = c.orders.PlanRouting(c.order_request([(sku, 1, 100)]), timeout=TIMEOUT)
        assert sources(plan) == ["wh-next"]
        assert any(line.startswith("wh-full") and "at capacity (2 of 2 orders today)" in line for line in plan.trace), plan.trace
        services = c.shipments.ListCarrierServices(api.ListCarrierServicesRequest(), timeout=TIMEOUT)
    if how == signal.SIGTERM:
        assert s.stop() == 0
    else:
        s.proc.send_signal(signal.SIGKILL)
        s.proc.wait(timeout=TIMEOUT)
    s = start_orderlyd(data_dir=data_dir, extra=["--test-clock", str(T0 + 60)])
    try:
        with Client(api, s.address) as c:
            assert c.orders.GetRoutingPolicy(api.GetRoutingPolicyRequest(), timeout=TIMEOUT) == policy
            assert c.shipments.ListCarrierServices(api.ListCarrierServicesRequest(), timeout=TIMEOUT) == services
            full = [l for l in c.inventory.ListLocations(api.ListLocationsRequest(), timeout=TIMEOUT).locations
                    if l.location_id == "wh-full"][0]
            assert (full.time_zone, full.cutoff_local_time, full.daily_order_capacity) == ("America/New_York", "15:00", 2)
            order = c.create(c.order_request([(sku, 1, 100)]))
            assert sources(order) == ["wh-next"], "the day's two orders at wh-full were counted again"
            assert order.promise.shipping_cost_minor > 0
            # The next local day in New York opens wh-full again.
            advance(c, 86_400)
            assert sources(c.create(c.order_request([(sku, 1, 100)]))) == ["wh-full"]
            assert c.verify().consistent
    finally:
        assert s.stop() == 0


def test_cli_carriers_routing_policy_and_promises(api, server):
    from test_cli import run, run_json
    run(server, "inventory", "locations", "add", "wh-ber", "--name", "Berlin", "--kind", "warehouse", "--lat", "52.52",
        "--lng", "13.40", "--time-zone", "Europe/Berlin", "--cutoff", "15:00", "--handling-days", "1",
        "--daily-capacity", "5")
    run(server, "inventory", "set", "wh-ber", "SKU-1", "10")
    stored = run_json(server, "carriers", "upsert", "dhl", "--carrier", "DHL", "--method", "standard", "--currency", "EUR",
                      "--band", "300:1:490", "--band", "2000:3:990:20", "--tracking-url", "https://dhl.example/{tracking}")
    assert stored["carrierServiceId"] == "dhl" and len(stored["bands"]) == 2
    listed = run(server, "carriers", "list").stdout
    assert "dhl" in listed and "300: 1d, 490 + 0; 2000: 3d, 990 + 20" in listed
    policy = run_json(server, "routing-policy", "set", "--objective", "cost", "--split-penalty", "200")
    assert policy["objective"] == "ROUTING_OBJECTIVE_COST" and policy["splitPenaltyMinor"] == "200"
    assert "objective:     cost" in run(server, "routing-policy", "get").stdout
    plan = run(server, "orders", "plan", "--channel", "web", "--line", "SKU-1:2:1000", "--ship-lat", "52.4",
               "--ship-lng", "13.1", "--currency", "EUR").stdout
    # Saturday 14:30Z is after Berlin's 15:00 CET cutoff: Sunday 15:00 CEST + 1 handling day, + 1 transit day.
    assert "Promise:" in plan and "by 2026-03-31T13:00:00Z" in plan and "4.90 EUR" in plan, plan
    order = run_json(server, "orders", "create", "--channel", "web", "--line", "SKU-1:2:1000", "--ship-lat", "52.4",
                     "--ship-lng", "13.1", "--currency", "EUR")
    assert order["promise"]["latest"] == "2026-03-31T13:00:00Z" and order["parcels"][0]["carrierServiceId"] == "dhl"
    shown = run(server, "orders", "get", order["orderId"]).stdout
    assert "Promise:" in shown and "2026-03-30T13:00:00Z" in shown and "dhl" in shown, shown
    bad = run(server, "inventory", "locations", "add", "wh-x", "--name", "X", "--kind", "warehouse", "--lat", "1",
              "--lng", "1", "--time-zone", "Mars/Base", expect=1)
    assert bad.stderr.startswith("INVALID_ARGUMENT") and "time_zone" in bad.stderr
