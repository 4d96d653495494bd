"""Every error path of API.md against orderlyd: the right gRPC status code, a message naming the
offending field or entity, and a failed mutation changing nothing."""
import grpc
import pytest

from orderly_helpers import NEWARK, PHILADELPHIA, TIMEOUT, Client, expect_error, uid

INVALID = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
PRECONDITION = grpc.StatusCode.FAILED_PRECONDITION
UNKNOWN_ENUM = 97  # a raw number that is in none of the contract's enums


@pytest.fixture(scope="module")
def client(api, orderlyd):
    with Client(api, orderlyd.address) as c:
        yield c


@pytest.fixture(scope="module")
def stocked(client):
    """A sku with plenty of stock at one warehouse, and an order of it shipped from there."""
    sku = uid("sku")
    [warehouse] = client.stocked_locations(sku, [(NEWARK, 1000)])
    order = client.create(client.order_request([(sku, 2, 100)]))
    shipment = client.ship(order.order_id, warehouse)
    return sku, warehouse, order, shipment


# CreateOrder / PlanRouting validation -----------------------------------------------------------
def bad_order_requests(client, sku):
    """(case name, request, the field its message must name)."""
    def request(**changes):
        r = client.order_request([(sku, 1, 100)])
        for key, value in changes.items():
            if key == "lines":
                del r.lines[:]
                r.lines.extend(client.api.OrderLineInput(sku=s, quantity=q, unit_price_minor=p) for s, q, p in value)
            elif key == "no_address":
                r.ClearField("shipping_address")
            else:
                setattr(r, key, value)
        return r

    return [
        ("no lines", request(lines=[]), "lines"),
        ("zero quantity", request(lines=[(sku, 0, 100)]), "quantity"),
        ("negative quantity", request(lines=[(sku, -2, 100)]), "quantity"),
        ("missing sku", request(lines=[("", 1, 100)]), "sku"),
        ("unknown channel", request(channel=UNKNOWN_ENUM), "channel"),
        ("unknown shipping method", request(shipping_method=UNKNOWN_ENUM), "shipping_method"),
        ("lower-case currency", request(currency="usd"), "currency"),
        ("two-letter currency", request(currency="US"), "currency"),
        ("four-letter currency", request(currency="USDX"), "currency"),
        ("no shipping address", request(no_address=True), "shipping_address"),
    ]


CASES = [
    "no lines", "zero quantity", "negative quantity", "missing sku", "unknown channel", "unknown shipping method",
    "lower-case currency", "two-letter currency", "four-letter currency", "no shipping address"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("rpc", ["CreateOrder", "PlanRouting"])
def test_malformed_create_order_is_invalid_argument_and_changes_nothing(api, client, stocked, case, rpc):
    sku = stocked[0]
    [(_, request, field)] = [c for c in bad_order_requests(client, sku) if c[0] == case]
    before = client.availability(sku)
    expect_error(INVALID, getattr(client.orders, rpc), request, names=[field])
    assert client.availability(sku) == before
    assert client.list_all(customer_id=request.customer.customer_id) == []


def test_not_enough_stock_names_the_sku_and_changes_nothing(api, client):
    plenty, short = uid("sku"), uid("sku")
    near, far = client.stocked_locations(plenty, [(NEWARK, 10), (PHILADELPHIA, 10)])
    client.set_stock(far, short, 2)
    client.set_stock(near, short, 2)
    request = client.order_request([(plenty, 5, 100), (short, 5, 100)])
    before = [client.availability(plenty), client.availability(short)]
    for rpc in (client.orders.CreateOrder, client.orders.PlanRouting):
        expect_error(PRECONDITION, rpc, request, names=[short])
    assert [client.availability(plenty), client.availability(short)] == before
    assert client.list_all(customer_id=request.customer.customer_id) == []
    # The same request_id must not have been burnt by the failure: it works once stock arrives.
    client.adjust(far, short, +3)
    order = client.create(request)
    assert order.status == api.ORDER_STATUS_ALLOCATED


def test_order_for_a_sku_stocked_nowhere_fails_naming_it(api, client):
    ghost = uid("ghost")
    request = client.order_request([(ghost, 1, 100)])
    expect_error(PRECONDITION, client.orders.CreateOrder, request, names=[ghost])
    assert client.list_all(customer_id=request.customer.customer_id) == []


def test_pickup_order_needs_no_address_but_a_pickup_location(api, client):
    sku = uid("sku")
    client.stocked_locations(sku, [(NEWARK, 10)])
    request = client.order_request([(sku, 1, 100)], method="STORE_PICKUP", with_address=False)
    expect_error(INVALID, client.orders.CreateOrder, request, names=["pickup_location_id"])


# Inventory validation --------------------------------------------------------------------------
def test_inventory_errors(api, client):
    location, sku = uid("loc"), uid("sku")
    client.add_location(location, NEWARK)
    inv = client.inventory
    expect_error(INVALID, inv.UpsertLocation, api.Location(name="nameless"), names=["location_id"])
    expect_error(INVALID, inv.UpsertLocation, api.Location(location_id=uid("loc"), kind=UNKNOWN_ENUM),
                 names=["kind"])
    expect_error(INVALID, inv.SetStock, api.SetStockRequest(location_id=location, sku=sku, on_hand=-1),
                 names=["on_hand"])
    expect_error(INVALID, inv.SetStock, api.SetStockRequest(location_id=location, sku=sku, on_hand=1,
                                                            safety_stock=-1), names=["safety_stock"])
    expect_error(INVALID, inv.SetStock, api.SetStockRequest(location_id=location, sku="", on_hand=1), names=["sku"])
    expect_error(INVALID, inv.SetStock, api.SetStockRequest(location_id="", sku=sku, on_hand=1),
                 names=["location_id"])
    nowhere = uid("nowhere")
    expect_error(NOT_FOUND, inv.SetStock, api.SetStockRequest(location_id=nowhere, sku=sku, on_hand=1),
                 names=[nowhere])
    expect_error(NOT_FOUND, inv.AdjustStock, api.AdjustStockRequest(location_id=nowhere, sku=sku, delta=1,
                                                                    request_id=uid("adj")), names=[nowhere])
    expect_error(INVALID, inv.AdjustStock, api.AdjustStockRequest(location_id=location, sku="", delta=1,
                                                                  request_id=uid("adj")), names=["sku"])
    assert nowhere not in [l.location_id for l in inv.ListLocations(api.ListLocationsRequest(), timeout=TIMEOUT).locations]
    # Below zero: refused, and the level is as before.
    client.set_stock(location, sku, 3)
    expect_error(PRECONDITION, client.adjust, location, sku, -4)
    assert client.level(sku, location) == (3, 0, 3)


# Unknown ids and missing ids ---------------------------------------------------------------------
def test_unknown_ids_are_not_found_naming_them(api, client, stocked):
    sku, warehouse, order, shipment = stocked
    missing = uid("missing")
    calls = [
        (client.orders.GetOrder, api.GetOrderRequest(order_id=missing)),
        (client.orders.CancelOrder, api.CancelOrderRequest(order_id=missing)),
        (client.shipments.CreateShipment, api.CreateShipmentRequest(order_id=missing, location_id=warehouse)),
        (client.shipments.GetShipment, api.GetShipmentRequest(shipment_id=missing)),
        (client.shipments.AddTrackingEvent, api.AddTrackingEventRequest(
            shipment_id=missing, status=api.SHIPMENT_STATUS_IN_TRANSIT)),
        (client.returns.RequestReturn, api.RequestReturnRequest(
            order_id=missing, request_id=uid("rr"), lines=[api.ReturnLine(sku=sku, quantity=1,
                                                                          reason=api.RETURN_REASON_DAMAGED)])),
        (client.returns.GetReturn, api.GetReturnRequest(return_id=missing)),
        (client.returns.ApproveReturn, api.ApproveReturnRequest(return_id=missing)),
        (client.returns.RejectReturn, api.RejectReturnRequest(return_id=missing)),
        (client.returns.ReceiveReturn, api.ReceiveReturnRequest(return_id=missing, location_id=warehouse)),
        (client.returns.RefundReturn, api.RefundReturnRequest(return_id=missing)),
    ]
    for call, request in calls:
        expect_error(NOT_FOUND, call, request, names=[missing])


def test_unknown_location_in_shipment_and_return_receipt_is_not_found(api, client, stocked):
    sku, warehouse, order, shipment = stocked
    nowhere = uid("nowhere")
    ordered = client.create(client.order_request([(sku, 1, 100)]))
    expect_error(NOT_FOUND, client.ship, ordered.order_id, nowhere, names=[nowhere])
    returned = client.request_return(order.order_id, [(sku, 1)])
    client.approve(returned.return_id)
    expect_error(NOT_FOUND, client.receive, returned.return_id, nowhere, names=[nowhere])
    assert client.returns.GetReturn(api.GetReturnRequest(return_id=returned.return_id),
                                    timeout=TIMEOUT).status == api.RETURN_STATUS_APPROVED


def test_missing_ids_are_invalid_argument(api, client, stocked):
    warehouse = stocked[1]  # a real location, so only the missing id is wrong
    calls = [
        (client.orders.GetOrder, api.GetOrderRequest(), "order_id"),
        (client.orders.CancelOrder, api.CancelOrderRequest(), "order_id"),
        (client.shipments.CreateShipment, api.CreateShipmentRequest(location_id=warehouse), "order_id"),
        (client.shipments.GetShipment, api.GetShipmentRequest(), "shipment_id"),
        (client.shipments.AddTrackingEvent, api.AddTrackingEventRequest(status=api.SHIPMENT_STATUS_IN_TRANSIT),
         "shipment_id"),
        (client.returns.RequestReturn, api.RequestReturnRequest(
            request_id=uid("rr"), lines=[api.ReturnLine(sku="s", quantity=1, reason=api.RETURN_REASON_OTHER)]),
         "order_id"),
        (client.returns.GetReturn, api.GetReturnRequest(), "return_id"),
        (client.returns.ApproveReturn, api.ApproveReturnRequest(), "return_id"),
        (client.returns.RejectReturn, api.RejectReturnRequest(), "return_id"),
        (client.returns.ReceiveReturn, api.ReceiveReturnRequest(location_id=warehouse), "return_id"),
        (client.returns.RefundReturn, api.RefundReturnRequest(), "return_id"),
    ]
    for call, request, field in calls:
        expect_error(INVALID, call, request, names=[field])


# Shipment and return validation -----------------------------------------------------------------
def test_shipment_and_tracking_validation(api, client, stocked):
    sku, warehouse, _, shipment = stocked
    order = client.create(client.order_request([(sku, 3, 100)]))
    before = client.availability(sku)
    expect_error(INVALID, client.ship, order.order_id, warehouse, [(sku, 0)], names=["quantity"])
    expect_error(INVALID, client.ship, order.order_id, warehouse, [(sku, -1)], names=["quantity"])
    other = uid("sku")
    expect_error(PRECONDITION, client.ship, order.order_id, warehouse, [(other, 1)], names=[other])
    assert client.get(order.order_id) == order, "a refused shipment changed the order"
    assert client.availability(sku) == before
    expect_error(INVALID, client.shipments.AddTrackingEvent,
                 api.AddTrackingEventRequest(shipment_id=shipment.shipment_id, status=UNKNOWN_ENUM), names=["status"])
    expect_error(INVALID, client.shipments.AddTrackingEvent,
                 api.AddTrackingEventRequest(shipment_id=shipment.shipment_id), names=["status"])


def test_return_validation(api, client, stocked):
    sku, warehouse, order, _ = stocked

    def request(lines):
        return api.RequestReturnRequest(order_id=order.order_id, request_id=uid("rr"), lines=[
            api.ReturnLine(sku=s, quantity=q, reason=r) for s, q, r in lines])

    expect_error(INVALID, client.returns.RequestReturn, request([]), names=["lines"])
    expect_error(INVALID, client.returns.RequestReturn, request([(sku, 0, api.RETURN_REASON_DAMAGED)]),
                 names=["quantity"])
    expect_error(INVALID, client.returns.RequestReturn, request([(sku, 1, UNKNOWN_ENUM)]), names=["reason"])
    expect_error(INVALID, client.returns.RequestReturn, request([("", 1, api.RETURN_REASON_DAMAGED)]), names=["sku"])


def test_list_orders_validation(api, client):
    expect_error(INVALID, client.orders.ListOrders, api.ListOrdersRequest(status=UNKNOWN_ENUM), names=["status"])
    expect_error(INVALID, client.orders.ListOrders, api.ListOrdersRequest(channel=UNKNOWN_ENUM), names=["channel"])
    expect_error(INVALID, client.orders.ListOrders, api.ListOrdersRequest(page_token="not a token %%%"),
                 names=["page_token"])


def test_inventory_is_consistent_after_every_story_of_this_module(api, client):
    # Runs last in the module (pytest keeps file order): none of the refused requests above may have
    # left a reservation behind.
    verdict = client.verify()
    assert verdict.consistent, list(verdict.problems)
    assert list(verdict.problems) == []
    assert verdict.levels_checked > 0
