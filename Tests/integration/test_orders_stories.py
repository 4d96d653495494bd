"""Whole stories against orderlyd as API.md tells them: capture from every channel, routing
(single nearest, fewest-locations split, store pickup, same-day radius), shipping in parcels to
delivery, cancellation, returns with restock and refund. Every test uses its own skus, locations
and customers, so they share the module's server without seeing each other."""
import grpc
import pytest

from orderly_helpers import (BOSTON, CHICAGO, NEWARK, PHILADELPHIA, STAMFORD, TRENTON, YONKERS, Client,
                             allocation_map, expect_error, uid)


@pytest.fixture(scope="module")
def client(api, orderlyd):
    with Client(api, orderlyd.address) as c:
        yield c


def status(api, name):
    return api.OrderStatus.Value(f"ORDER_STATUS_{name}")


CHANNELS = ["WEB", "MOBILE_APP", "POS", "MARKETPLACE", "ERP"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_order_captured_from_every_channel(api, client, channel):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    customer = uid("cust")
    request = client.order_request([(sku, 3, 1250)], channel=channel, customer_id=customer)
    order = client.create(request)
    assert order.status == status(api, "ALLOCATED")
    assert order.version == 1
    assert order.channel == api.SalesChannel.Value(f"SALES_CHANNEL_{channel}")
    assert order.channel_order_ref == request.channel_order_ref
    assert order.customer.customer_id == customer
    assert order.currency == "USD"
    assert order.total_minor == 3750
    assert [(line.sku, line.quantity, line.unit_price_minor, line.quantity_shipped, line.quantity_returned)
            for line in order.lines] == [(sku, 3, 1250, 0, 0)]
    assert allocation_map(order) == {(warehouse, sku): 3}
    assert [event.status for event in order.history] == [status(api, "ALLOCATED")]
    assert order.history[0].order_id == order.order_id
    assert order.created_at.seconds > 0 and order.updated_at.seconds > 0
    assert order.shipping_address.city == request.shipping_address.city
    assert client.get(order.order_id) == order
    assert client.level(sku, warehouse) == (10, 3, 7)
    listed = client.list_all(customer_id=customer, channel=channel)
    assert [o.order_id for o in listed] == [order.order_id]


def test_single_nearest_location_that_can_fill_everything_wins(api, client):
    sku, other = uid("sku"), uid("sku")
    near_small, mid_full, far_full = client.stocked_locations(sku, [(NEWARK, 3), (PHILADELPHIA, 10), (BOSTON, 50)])
    for location in (near_small, mid_full, far_full):
        client.set_stock(location, other, 20)
    # Newark holds only 3 of sku: Philadelphia, the nearest that can fill all 5, takes the whole order
    # rather than a split starting at the nearest location.
    order = client.create(client.order_request([(sku, 5, 100)]))
    assert allocation_map(order) == {(mid_full, sku): 5}
    # Two lines that Newark alone can fill: everything from Newark.
    order = client.create(client.order_request([(sku, 2, 100), (other, 4, 100)]))
    assert allocation_map(order) == {(near_small, sku): 2, (near_small, other): 4}
    # Nearest is decided from the shipping address: a Boston customer gets Boston.
    order = client.create(client.order_request([(other, 1, 100)], where=BOSTON))
    assert allocation_map(order) == {(far_full, other): 1}


def test_single_location_ties_are_broken_by_location_id(api, client):
    sku = uid("sku")
    first, second = sorted([uid("loc"), uid("loc")])
    for location in (second, first):
        client.add_location(location, TRENTON)
        client.set_stock(location, sku, 5)
    order = client.create(client.order_request([(sku, 4, 100)]))
    assert allocation_map(order) == {(first, sku): 4}


def test_split_uses_fewest_locations_then_nearest_each_giving_all_it_can(api, client):
    sku = uid("sku")
    # Nearest-first greedy would take 2+5+5 from three places; two suffice. Of the pairs that can
    # fill 12 (Yonkers+Trenton, Yonkers+Chicago, Trenton+Chicago) Yonkers+Trenton is the nearest.
    newark, yonkers, trenton, chicago = client.stocked_locations(
        sku, [(NEWARK, 2), (YONKERS, 5), (TRENTON, 7), (CHICAGO, 9)])
    plan = client.orders.PlanRouting(client.order_request([(sku, 12, 100)]), timeout=15)
    assert allocation_map(plan) == {(yonkers, sku): 5, (trenton, sku): 7}
    order = client.create(client.order_request([(sku, 12, 100)]))
    assert allocation_map(order) == {(yonkers, sku): 5, (trenton, sku): 7}
    assert client.level(sku, newark) == (2, 0, 2)
    assert client.level(sku, yonkers) == (5, 5, 0)
    assert client.level(sku, trenton) == (7, 7, 0)
    assert client.level(sku, chicago) == (9, 0, 9)


def test_routing_counts_only_available_stock_after_safety_and_reservations(api, client):
    sku = uid("sku")
    near, far = client.stocked_locations(sku, [(NEWARK, 10), (PHILADELPHIA, 10)])
    client.set_stock(near, sku, 10, safety=6)  # available 4 at Newark
    order = client.create(client.order_request([(sku, 5, 100)]))
    assert allocation_map(order) == {(far, sku): 5}
    order = client.create(client.order_request([(sku, 4, 100)]))
    assert allocation_map(order) == {(near, sku): 4}
    assert client.level(sku, near) == (10, 4, 0)
    # 5 left at Philadelphia, none usable at Newark (safety stock is not sold).
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.orders.CreateOrder,
                 client.order_request([(sku, 6, 100)]), names=[sku])


def test_same_day_only_uses_locations_within_the_radius(api, client):
    sku = uid("sku")
    newark, yonkers, philadelphia = client.stocked_locations(sku, [(NEWARK, 2), (YONKERS, 3), (PHILADELPHIA, 10)])
    standard = client.orders.PlanRouting(client.order_request([(sku, 5, 100)]), timeout=15)
    assert allocation_map(standard) == {(philadelphia, sku): 5}
    same_day = client.create(client.order_request([(sku, 5, 100)], method="SAME_DAY"))
    assert allocation_map(same_day) == {(newark, sku): 2, (yonkers, sku): 3}
    assert same_day.shipping_method == api.SHIPPING_METHOD_SAME_DAY
    # Philadelphia (~130 km) still has 10, but it is outside the default 50 km radius.
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.orders.CreateOrder,
                 client.order_request([(sku, 1, 100)], method="SAME_DAY"), names=[sku])
    assert client.level(sku, philadelphia) == (10, 0, 10)


def test_store_pickup_takes_everything_from_the_pickup_store(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 50)])
    [store] = client.stocked_locations(sku, [(STAMFORD, 4)], kind="STORE", pickup=True)
    request = client.order_request([(sku, 4, 999)], method="STORE_PICKUP", pickup_location_id=store,
                                   with_address=False)
    order = client.create(request)
    assert allocation_map(order) == {(store, sku): 4}
    assert order.pickup_location_id == store
    assert client.level(sku, warehouse) == (50, 0, 50)
    # The store is now empty: pickup there cannot be filled from the warehouse.
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.orders.CreateOrder,
                 client.order_request([(sku, 1, 999)], method="STORE_PICKUP", pickup_location_id=store,
                                      with_address=False), names=[sku])


def test_store_pickup_needs_a_known_pickup_enabled_store(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 50)])
    [plain_store] = client.stocked_locations(sku, [(STAMFORD, 5)], kind="STORE", pickup=False)

    def pickup_at(location_id):
        return client.order_request([(sku, 1, 100)], method="STORE_PICKUP", pickup_location_id=location_id,
                                    with_address=False)

    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.orders.CreateOrder, pickup_at(plain_store),
                 names=[plain_store])
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.orders.CreateOrder, pickup_at(warehouse),
                 names=[warehouse])
    unknown = uid("nowhere")
    expect_error(grpc.StatusCode.NOT_FOUND, client.orders.CreateOrder, pickup_at(unknown), names=[unknown])
    assert client.availability(sku).reserved == 0


def test_split_order_shipped_in_two_parcels_and_tracked_to_delivery(api, client):
    sku = uid("sku")
    newark, philadelphia = client.stocked_locations(sku, [(NEWARK, 4), (PHILADELPHIA, 6)])
    order = client.create(client.order_request([(sku, 9, 2000)]))
    assert allocation_map(order) == {(newark, sku): 4, (philadelphia, sku): 5}

    # More than is allocated at Newark, or anything from a location with no allocation: refused.
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.ship, order.order_id, newark, [(sku, 5)])
    [elsewhere] = client.stocked_locations(sku, [(BOSTON, 5)])
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.ship, order.order_id, elsewhere, [(sku, 1)])

    first = client.ship(order.order_id, newark)  # empty lines: everything allocated there
    assert first.order_id == order.order_id and first.location_id == newark
    assert [(line.sku, line.quantity) for line in first.lines] == [(sku, 4)]
    assert client.level(sku, newark) == (0, 0, 0)
    after_first = client.get(order.order_id)
    assert after_first.status == status(api, "PARTIALLY_SHIPPED")
    assert after_first.version == 2
    assert list(after_first.shipment_ids) == [first.shipment_id]
    assert after_first.lines[0].quantity_shipped == 4
    # Nothing left to ship at Newark.
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.ship, order.order_id, newark)
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.cancel, order.order_id)
    # A stale expected_version is reported before the shipped state is looked at.
    expect_error(grpc.StatusCode.ABORTED, client.cancel, order.order_id, expected_version=1)

    second = client.ship(order.order_id, philadelphia, [(sku, 5)])
    assert client.level(sku, philadelphia) == (1, 0, 1)
    shipped = client.get(order.order_id)
    assert shipped.status == status(api, "SHIPPED")
    assert shipped.lines[0].quantity_shipped == 9
    assert sorted(shipped.shipment_ids) == sorted([first.shipment_id, second.shipment_id])
    listed = client.shipments.ListShipments(api.ListShipmentsRequest(order_id=order.order_id), timeout=15)
    assert sorted(s.shipment_id for s in listed.shipments) == sorted(shipped.shipment_ids)

    for step in ("IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"):
        tracked = client.track(first.shipment_id, step)
        assert tracked.status == api.ShipmentStatus.Value(f"SHIPMENT_STATUS_{step}")
    assert [e.status for e in tracked.events][-3:] == [api.SHIPMENT_STATUS_IN_TRANSIT,
                                                       api.SHIPMENT_STATUS_OUT_FOR_DELIVERY,
                                                       api.SHIPMENT_STATUS_DELIVERED]
    assert client.get(order.order_id).status == status(api, "SHIPPED"), "one parcel is still on its way"
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.track, first.shipment_id, "IN_TRANSIT")
    client.track(second.shipment_id, "IN_TRANSIT")
    client.track(second.shipment_id, "DELIVERED")
    delivered = client.get(order.order_id)
    assert delivered.status == status(api, "DELIVERED")
    assert [e.status for e in delivered.history] == [status(api, n) for n in
                                                     ("ALLOCATED", "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED")]
    got = client.shipments.GetShipment(api.GetShipmentRequest(shipment_id=first.shipment_id), timeout=15)
    assert got.status == api.SHIPMENT_STATUS_DELIVERED and got.shipment_id == first.shipment_id
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.cancel, order.order_id)


def test_delivering_the_only_parcel_of_a_partially_shipped_order_does_not_deliver_it(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 10)])
    order = client.create(client.order_request([(sku, 5, 100)]))
    parcel = client.ship(order.order_id, warehouse, [(sku, 2)])
    client.track(parcel.shipment_id, "DELIVERED")
    assert client.get(order.order_id).status == status(api, "PARTIALLY_SHIPPED")
    client.ship(order.order_id, warehouse)
    assert client.get(order.order_id).status == status(api, "SHIPPED")
    assert client.level(sku, warehouse) == (5, 0, 5)


def test_cancellation_releases_stock_and_is_guarded(api, client):
    sku = uid("sku")
    near, far = client.stocked_locations(sku, [(NEWARK, 3), (PHILADELPHIA, 3)])
    order = client.create(client.order_request([(sku, 5, 100)]))
    assert client.availability(sku).available == 1

    error = expect_error(grpc.StatusCode.ABORTED, client.cancel, order.order_id, expected_version=order.version + 7)
    assert client.get(order.order_id) == order, "a refused cancel changed the order"
    assert client.availability(sku).available == 1

    cancelled = client.cancel(order.order_id, expected_version=order.version)
    assert cancelled.status == status(api, "CANCELLED")
    assert cancelled.version == order.version + 1
    assert cancelled.history[-1].status == status(api, "CANCELLED")
    after = client.availability(sku)
    assert (after.on_hand, after.reserved, after.available) == (6, 0, 6)

    again = client.cancel(order.order_id)
    assert again == cancelled, "cancelling a cancelled order must return it unchanged"
    # expected_version is checked before anything else, even on a cancelled order.
    expect_error(grpc.StatusCode.ABORTED, client.cancel, order.order_id, expected_version=order.version)
    assert client.get(order.order_id) == cancelled
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.ship, order.order_id, near)
    assert error.details()


def test_partial_return_restocked_and_refunded(api, client):
    sku, other = uid("sku"), uid("sku")
    warehouse, returns_center = client.stocked_locations(sku, [(NEWARK, 10), (TRENTON, 0)])
    client.set_stock(warehouse, other, 10)
    order = client.create(client.order_request([(sku, 4, 2500), (other, 2, 1000)]))
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.request_return, order.order_id, [(sku, 1)])
    client.ship(order.order_id, warehouse)
    assert client.get(order.order_id).status == status(api, "SHIPPED")
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.request_return, order.order_id, [(sku, 5)],
                 names=[sku])

    first = client.request_return(order.order_id, [(sku, 3)], reason="NO_LONGER_NEEDED")
    assert first.status == api.RETURN_STATUS_REQUESTED and first.order_id == order.order_id
    # 4 shipped, 3 already in a return: only 1 more may be asked for.
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.request_return, order.order_id, [(sku, 2)],
                 names=[sku])
    # Illegal transitions: receive/refund before approval.
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.receive, first.return_id, returns_center)
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.refund, first.return_id)
    approved = client.approve(first.return_id)
    assert approved.status == api.RETURN_STATUS_APPROVED
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.approve, first.return_id)
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.reject, first.return_id)
    received = client.receive(first.return_id, returns_center, restock=True)
    assert received.status == api.RETURN_STATUS_RECEIVED
    assert received.refund_minor == 3 * 2500
    assert received.location_id == returns_center
    assert client.level(sku, returns_center) == (3, 0, 3)
    partly = client.get(order.order_id)
    assert partly.status == status(api, "PARTIALLY_RETURNED")
    assert {line.sku: line.quantity_returned for line in partly.lines} == {sku: 3, other: 0}
    refunded = client.refund(first.return_id)
    assert refunded.status == api.RETURN_STATUS_REFUNDED and refunded.refund_minor == 7500
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.refund, first.return_id)

    # A rejected return frees its quantity for a later request.
    rejected = client.request_return(order.order_id, [(sku, 1), (other, 2)])
    assert client.reject(rejected.return_id).status == api.RETURN_STATUS_REJECTED
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.approve, rejected.return_id)
    rest = client.request_return(order.order_id, [(sku, 1), (other, 2)], reason="NO_LONGER_NEEDED")
    client.approve(rest.return_id)
    received = client.receive(rest.return_id, warehouse, restock=False)
    assert received.refund_minor == 2500 + 2 * 1000
    assert client.level(other, warehouse) == (8, 0, 8), "restock=false must not add stock"
    returned = client.get(order.order_id)
    assert returned.status == status(api, "RETURNED")
    assert [e.status for e in returned.history][-2:] == [status(api, "PARTIALLY_RETURNED"), status(api, "RETURNED")]
    listed = client.returns.ListReturns(api.ListReturnsRequest(order_id=order.order_id), timeout=15)
    assert sorted(r.return_id for r in listed.returns) == sorted([first.return_id, rejected.return_id, rest.return_id])
    got = client.returns.GetReturn(api.GetReturnRequest(return_id=first.return_id), timeout=15)
    assert got.status == api.RETURN_STATUS_REFUNDED
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.request_return, order.order_id, [(sku, 1)])


def test_plan_routing_reserves_nothing_and_explains_itself(api, client):
    sku = uid("sku")
    near, far = client.stocked_locations(sku, [(NEWARK, 2), (PHILADELPHIA, 5)])
    request = client.order_request([(sku, 6, 100)])
    before = client.availability(sku)
    plan = client.orders.PlanRouting(request, timeout=15)
    assert allocation_map(plan) == {(near, sku): 2, (far, sku): 4}
    assert plan.trace, "the plan has no trace"
    trace = "\n".join(plan.trace)
    assert near in trace and far in trace, trace
    assert client.availability(sku) == before
    # The plan is what CreateOrder then does.
    assert allocation_map(client.create(request)) == allocation_map(plan)
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.orders.PlanRouting,
                 client.order_request([(sku, 2, 100)]), names=[sku])


def test_availability_totals_are_sums_of_locations(api, client):
    skus = [uid("sku") for _ in range(3)]
    locations = [uid("loc") for _ in range(3)]
    for location, where in zip(locations, (NEWARK, TRENTON, BOSTON)):
        client.add_location(location, where)
    for i, sku in enumerate(skus):
        for j, location in enumerate(locations):
            client.set_stock(location, sku, 10 * (i + 1) + j, safety=j)
    client.create(client.order_request([(skus[0], 7, 100), (skus[2], 40, 100)]))
    response = client.inventory.GetAvailability(api.GetAvailabilityRequest(skus=skus), timeout=15)
    assert sorted(item.sku for item in response.items) == sorted(skus)
    for item in response.items:
        assert sorted(level.location_id for level in item.locations) == sorted(locations)
        i = skus.index(item.sku)
        assert item.on_hand == sum(10 * (i + 1) + j for j in range(3))
        assert item.reserved == {0: 7, 1: 0, 2: 40}[i]
        client.availability(item.sku)  # checks the sums and each level's invariant


def test_locations_are_upserted_and_listed(api, client):
    location_id = uid("loc")
    client.add_location(location_id, NEWARK, name="First name")
    client.add_location(location_id, TRENTON, kind="STORE", pickup=True, name="Second name")
    listed = client.inventory.ListLocations(api.ListLocationsRequest(), timeout=15).locations
    mine = [location for location in listed if location.location_id == location_id]
    assert len(mine) == 1
    assert mine[0].name == "Second name"
    assert mine[0].kind == api.LOCATION_KIND_STORE and mine[0].pickup_enabled
    assert abs(mine[0].address.latitude - TRENTON[0]) < 1e-9


def test_adjust_stock_is_relative_and_never_below_reserved_or_zero(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 5)])
    client.create(client.order_request([(sku, 3, 100)]))
    level = client.adjust(warehouse, sku, +4)
    assert (level.on_hand, level.reserved, level.available) == (9, 3, 6)
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.adjust, warehouse, sku, -7)
    assert client.level(sku, warehouse) == (9, 3, 6)
    level = client.adjust(warehouse, sku, -6)
    assert (level.on_hand, level.reserved, level.available) == (3, 3, 0)
    other = uid("sku")
    client.set_stock(warehouse, other, 2)
    expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.adjust, warehouse, other, -3)
    assert client.level(other, warehouse) == (2, 0, 2)
    assert client.adjust(warehouse, other, -2).on_hand == 0


def test_stock_level_version_grows_with_every_change(api, client):
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 5)])
    versions = [client.adjust(warehouse, sku, +1).version, client.adjust(warehouse, sku, +1).version,
                client.set_stock(warehouse, sku, 1).version]
    assert versions[0] < versions[1] < versions[2]


def test_inventory_is_consistent_after_every_story_of_this_module(api, client):
    # Runs last in the module (pytest keeps file order): every reservation left by the stories above
    # must match the open allocations of their orders.
    verdict = client.verify()
    assert verdict.consistent, list(verdict.problems)
    assert list(verdict.problems) == []
    assert verdict.levels_checked > 0
