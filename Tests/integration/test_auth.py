"""Authentication and roles (SECURITY.md): every orderly.v1 method against every role, missing and
unknown tokens, channel roles narrowed to their own channel, health and reflection open, and the
start-up rules (non-loopback without --auth-file refuses to start)."""
import shutil
import subprocess
import tempfile
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from auth_helpers import authed_client, write_auth_file
from conftest import BIN_DIR, free_port, start_orderlyd
from orderly_helpers import NYC, TIMEOUT, Client, expect_error, uid

DENIED = (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED)
WEB = "channel:web"
ROLES = ["admin", "viewer", "warehouse", WEB]

# Who may call what, besides admin (written from the role list, not from the server's table).
ALLOWED = {
    "InventoryService/UpsertLocation": {"warehouse"},
    "InventoryService/ListLocations": {"viewer", "warehouse"},
    "InventoryService/SetStock": {"warehouse"},
    "InventoryService/AdjustStock": {"warehouse"},
    "InventoryService/GetAvailability": {"viewer", "warehouse", WEB},
    "InventoryService/ImportStock": {"warehouse"},
    "InventoryService/WatchInventory": {"viewer", "warehouse"},
    "InventoryService/VerifyInventory": {"viewer", "warehouse"},
    "InventoryService/ListStockMovements": {"viewer", "warehouse"},
    "InventoryService/CreateTransfer": {"warehouse"},
    "InventoryService/ShipTransfer": {"warehouse"},
    "InventoryService/ReceiveTransfer": {"warehouse"},
    "InventoryService/CancelTransfer": {"warehouse"},
    "InventoryService/GetTransfer": {"viewer", "warehouse"},
    "InventoryService/ReserveStock": {WEB},
    "InventoryService/ExtendReservation": {WEB},
    "InventoryService/ReleaseReservation": {WEB},
    "InventoryService/GetReservation": {"viewer", "warehouse", WEB},
    "OrderService/CreateOrder": {WEB},
    "OrderService/GetOrder": {"viewer", WEB},
    "OrderService/ListOrders": {"viewer", WEB},
    "OrderService/CancelOrder": {WEB},
    "OrderService/PlanRouting": {"viewer", WEB},
    "OrderService/WatchOrders": {"viewer", WEB},
    "ShipmentService/CreateShipment": {"warehouse"},
    "ShipmentService/AddTrackingEvent": {"warehouse"},
    "ShipmentService/GetShipment": {"viewer", "warehouse"},
    "ShipmentService/ListShipments": {"viewer", "warehouse"},
    "ShipmentService/UpsertCarrierService": set(),
    "ShipmentService/ListCarrierServices": {"viewer", "warehouse", WEB},
    "OrderService/SetRoutingPolicy": set(),
    "OrderService/GetRoutingPolicy": {"viewer", "warehouse", WEB},
    "ReturnService/RequestReturn": {"warehouse"},
    "ReturnService/ApproveReturn": {"warehouse"},
    "ReturnService/RejectReturn": {"warehouse"},
    "ReturnService/ReceiveReturn": {"warehouse"},
    "ReturnService/RefundReturn": {"warehouse"},
    "ReturnService/GetReturn": {"viewer", "warehouse"},
    "ReturnService/ListReturns": {"viewer", "warehouse"},
    "ReportingService/GetSalesSummary": {"viewer"},
    "ReportingService/GetTopProducts": {"viewer"},
    "ReportingService/GetFulfillmentStats": {"viewer"},
    "ReportingService/GetLowStock": {"viewer"},
    "ReportingService/GetCustomerInsights": {"viewer"},
    "ReportingService/GetProductAffinity": {"viewer"},
    "ReportingService/GetStockCover": {"viewer"},
    "AdminService/Snapshot": set(),
    "AdminService/AdvanceTestClock": set(),
}


@pytest.fixture(scope="module")
def secured(api):
    path, tokens = write_auth_file()
    server = start_orderlyd(extra=["--auth-file", path])
    admin = authed_client(api, server.address, tokens["admin"])
    world = {"server": server, "tokens": tokens, "sku": uid("sku"), "wh": uid("wh")}
    admin.add_location(world["wh"], NYC)
    admin.set_stock(world["wh"], world["sku"], 1000)
    world["web_order"] = admin.create(admin.order_request([(world["sku"], 1, 500)], channel="WEB")).order_id
    world["pos_order"] = admin.create(admin.order_request([(world["sku"], 1, 700)], channel="POS")).order_id
    admin.close()
    yield world
    code = server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)
    assert code == 0, server.log()


def request_for(api, method, world):
    """A plausible request for `method` (its answer may be an error; only the auth outcome matters)."""
    sku, wh = world["sku"], world["wh"]
    line = [api.OrderLineInput(sku=sku, quantity=1, unit_price_minor=100)]
    create = api.CreateOrderRequest(
        request_id=uid("req"), channel=api.SalesChannel.Value("SALES_CHANNEL_WEB"), channel_order_ref=uid("ref"),
        customer=api.Customer(customer_id="c1", email="c1@example.com"), lines=line, currency="USD",
        shipping_address=api.Address(name="A", line1="1 Main", city="NYC", postal_code="10001", country="US",
                                     latitude=NYC[0], longitude=NYC[1]),
        shipping_method=api.ShippingMethod.Value("SHIPPING_METHOD_STANDARD"))
    return {
        "UpsertLocation": api.Location(location_id=uid("loc"), name="x",
                                       kind=api.LocationKind.Value("LOCATION_KIND_WAREHOUSE"),
                                       address=api.Address(latitude=1, longitude=1, country="US")),
        "ListLocations": api.ListLocationsRequest(),
        "SetStock": api.SetStockRequest(location_id=wh, sku=uid("sku"), on_hand=5),
        "AdjustStock": api.AdjustStockRequest(location_id=wh, sku=uid("sku"), delta=1, request_id=uid("adj")),
        "GetAvailability": api.GetAvailabilityRequest(skus=[sku]),
        "ImportStock": [api.SetStockRequest(location_id=wh, sku=uid("sku"), on_hand=1)],
        "WatchInventory": api.WatchInventoryRequest(skus=[sku]),
        "VerifyInventory": api.VerifyInventoryRequest(),
        "ListStockMovements": api.ListStockMovementsRequest(page_size=5),
        "CreateTransfer": api.CreateTransferRequest(from_location_id=wh, to_location_id=uid("missing"),
                                                    lines=[api.TransferLine(sku=sku, quantity=1)]),
        "ShipTransfer": api.ShipTransferRequest(transfer_id=uid("missing")),
        "ReceiveTransfer": api.ReceiveTransferRequest(transfer_id=uid("missing")),
        "CancelTransfer": api.CancelTransferRequest(transfer_id=uid("missing")),
        "GetTransfer": api.GetTransferRequest(transfer_id=uid("missing")),
        "ReserveStock": api.ReserveStockRequest(lines=line, shipping_address=create.shipping_address, ttl_seconds=-1),
        "ExtendReservation": api.ExtendReservationRequest(reservation_id=uid("missing")),
        "ReleaseReservation": api.ReleaseReservationRequest(reservation_id=uid("missing")),
        "GetReservation": api.GetReservationRequest(reservation_id=uid("missing")),
        "CreateOrder": create,
        "PlanRouting": create,
        "GetOrder": api.GetOrderRequest(order_id=world["web_order"]),
        "ListOrders": api.ListOrdersRequest(page_size=5),
        "CancelOrder": api.CancelOrderRequest(order_id=uid("missing")),
        "WatchOrders": api.WatchOrdersRequest(order_id=world["web_order"]),
        "CreateShipment": api.CreateShipmentRequest(order_id=uid("missing"), location_id=wh),
        "AddTrackingEvent": api.AddTrackingEventRequest(shipment_id=uid("missing")),
        "GetShipment": api.GetShipmentRequest(shipment_id=uid("missing")),
        "UpsertCarrierService": api.CarrierService(
            carrier_service_id=uid("cs"), method=api.ShippingMethod.Value("SHIPPING_METHOD_EXPRESS"), currency="USD",
            bands=[api.TransitBand(max_km=10, transit_days=1, base_cost_minor=100)]),
        "ListCarrierServices": api.ListCarrierServicesRequest(),
        "SetRoutingPolicy": api.RoutingPolicy(),
        "GetRoutingPolicy": api.GetRoutingPolicyRequest(),
        "ListShipments": api.ListShipmentsRequest(order_id=world["web_order"]),
        "RequestReturn": api.RequestReturnRequest(order_id=uid("missing")),
        "ApproveReturn": api.ApproveReturnRequest(return_id=uid("missing")),
        "RejectReturn": api.RejectReturnRequest(return_id=uid("missing")),
        "ReceiveReturn": api.ReceiveReturnRequest(return_id=uid("missing"), location_id=wh),
        "RefundReturn": api.RefundReturnRequest(return_id=uid("missing")),
        "GetReturn": api.GetReturnRequest(return_id=uid("missing")),
        "ListReturns": api.ListReturnsRequest(order_id=world["web_order"]),
        "GetSalesSummary": api.GetSalesSummaryRequest(),
        "GetTopProducts": api.GetTopProductsRequest(limit=3),
        "GetFulfillmentStats": api.GetFulfillmentStatsRequest(),
        "GetLowStock": api.GetLowStockRequest(threshold=1),
        "GetCustomerInsights": api.GetCustomerInsightsRequest(top=3),
        "GetProductAffinity": api.GetProductAffinityRequest(sku=world["sku"]),
        "GetStockCover": api.GetStockCoverRequest(skus=[world["sku"]]),
        "Snapshot": api.SnapshotRequest(),
        "AdvanceTestClock": api.AdvanceTestClockRequest(seconds=1),
    }[method]


def call(client, path, request, timeout=TIMEOUT):
    """Calls `Service/Method`; returns the status code (OK when it succeeded)."""
    service, method = path.split("/")
    stub = {"InventoryService": client.inventory, "OrderService": client.orders,
            "ShipmentService": client.shipments, "ReturnService": client.returns,
            "ReportingService": client.reports, "AdminService": client.admin}[service]
    try:
        if method in ("WatchInventory", "WatchOrders"):
            stream = getattr(stub, method)(request, timeout=0.7)
            for _ in stream:
                break
            stream.cancel()
        elif method == "ImportStock":
            stub.ImportStock(iter(request), timeout=timeout)
        else:
            getattr(stub, method)(request, timeout=timeout)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(ALLOWED))
def test_role_table(api, secured, role, path):
    client = authed_client(api, secured["server"].address, secured["tokens"][role])
    try:
        code = call(client, path, request_for(api, path.split("/")[1], secured))
    finally:
        client.close()
    allowed = role == "admin" or role in ALLOWED[path]
    if allowed:
        assert code not in DENIED, f"{role} should be allowed {path}, got {code}"
    else:
        assert code == grpc.StatusCode.PERMISSION_DENIED, f"{role} should be denied {path}, got {code}"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer nope", "Basic abc", "bearer wrong-token"])
def test_missing_or_unknown_token_is_unauthenticated(api, secured, header):
    if header is None:
        client = Client(api, secured["server"].address)
        client.admin = None
    else:
        client = authed_client(api, secured["server"].address, header=header)
    try:
        for path, request in [("InventoryService/ListLocations", api.ListLocationsRequest()),
                              ("OrderService/GetOrder", api.GetOrderRequest(order_id=secured["web_order"])),
                              ("InventoryService/SetStock", api.SetStockRequest(location_id=secured["wh"],
                                                                                sku=secured["sku"], on_hand=0))]:
            assert call(client, path, request) == grpc.StatusCode.UNAUTHENTICATED
    finally:
        client.close()
    # The refused SetStock changed nothing.
    admin = authed_client(api, secured["server"].address, secured["tokens"]["admin"])
    assert admin.level(secured["sku"], secured["wh"])[0] == 1000
    admin.close()


def test_stock_movements_record_the_callers_role(api, secured):
    warehouse = authed_client(api, secured["server"].address, secured["tokens"]["warehouse"])
    web = authed_client(api, secured["server"].address, secured["tokens"][WEB])
    sku, wh = uid("sku"), secured["wh"]
    try:
        warehouse.set_stock(wh, sku, 5)
        web.create(web.order_request([(sku, 2, 100)], channel="WEB"))
        moves = warehouse.inventory.ListStockMovements(api.ListStockMovementsRequest(sku=sku), timeout=TIMEOUT).movements
        assert [(m.actor, api.MovementReason.Name(m.reason)) for m in moves] == [
            ("warehouse", "MOVEMENT_REASON_SET_STOCK"), (WEB, "MOVEMENT_REASON_ALLOCATED")]
    finally:
        warehouse.close()
        web.close()


def test_bearer_scheme_is_case_insensitive(api, secured):
    client = authed_client(api, secured["server"].address, header="bearer " + secured["tokens"]["viewer"])
    assert call(client, "InventoryService/ListLocations", api.ListLocationsRequest()) == grpc.StatusCode.OK
    client.close()


def test_health_and_reflection_need_no_token(secured):
    with grpc.insecure_channel(secured["server"].address) as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=TIMEOUT)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        answers = list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                                 timeout=TIMEOUT))
        names = {s.name for s in answers[0].list_services_response.service}
        assert "orderly.v1.OrderService" in names


def test_channel_role_creates_only_its_own_channel(api, secured):
    web = authed_client(api, secured["server"].address, secured["tokens"][WEB])
    admin = authed_client(api, secured["server"].address, secured["tokens"]["admin"])
    sku = secured["sku"]
    before = admin.availability(sku).available
    order = web.create(web.order_request([(sku, 2, 100)], channel="WEB"))
    assert order.channel == api.SalesChannel.Value("SALES_CHANNEL_WEB")
    expect_error(grpc.StatusCode.PERMISSION_DENIED, web.orders.CreateOrder,
                 web.order_request([(sku, 3, 100)], channel="POS"))
    # The refused order reserved nothing: only the web order's 2 units are gone.
    assert admin.availability(sku).available == before - 2
    web.close()
    admin.close()


def test_channel_role_cannot_see_or_cancel_other_channels_orders(api, secured):
    web = authed_client(api, secured["server"].address, secured["tokens"][WEB])
    admin = authed_client(api, secured["server"].address, secured["tokens"]["admin"])
    pos_order = secured["pos_order"]
    assert web.get(secured["web_order"]).order_id == secured["web_order"]
    expect_error(grpc.StatusCode.NOT_FOUND, web.orders.GetOrder, api.GetOrderRequest(order_id=pos_order))
    expect_error(grpc.StatusCode.NOT_FOUND, web.orders.CancelOrder, api.CancelOrderRequest(order_id=pos_order))
    assert admin.get(pos_order).status == api.OrderStatus.Value("ORDER_STATUS_ALLOCATED")
    pos = authed_client(api, secured["server"].address, secured["tokens"]["channel:pos"])
    assert pos.get(pos_order).order_id == pos_order
    expect_error(grpc.StatusCode.NOT_FOUND, pos.orders.GetOrder, api.GetOrderRequest(order_id=secured["web_order"]))
    for client in (web, admin, pos):
        client.close()


def test_channel_role_touches_only_its_own_reservations(api, secured):
    web = authed_client(api, secured["server"].address, secured["tokens"][WEB])
    pos = authed_client(api, secured["server"].address, secured["tokens"]["channel:pos"])
    viewer = authed_client(api, secured["server"].address, secured["tokens"]["viewer"])
    sku = secured["sku"]
    r = web.inventory.ReserveStock(api.ReserveStockRequest(
        lines=[api.OrderLineInput(sku=sku, quantity=1, unit_price_minor=100)], shipping_address=web.address(NYC)),
        timeout=TIMEOUT)
    for call, request in [(pos.inventory.GetReservation, api.GetReservationRequest(reservation_id=r.reservation_id)),
                          (pos.inventory.ReleaseReservation,
                           api.ReleaseReservationRequest(reservation_id=r.reservation_id)),
                          (pos.inventory.ExtendReservation,
                           api.ExtendReservationRequest(reservation_id=r.reservation_id, ttl_seconds=60))]:
        expect_error(grpc.StatusCode.NOT_FOUND, call, request, names=[r.reservation_id])
    converting = pos.order_request([(sku, 1, 100)], channel="POS")
    converting.reservation_id = r.reservation_id
    expect_error(grpc.StatusCode.NOT_FOUND, pos.create, converting, names=[r.reservation_id])
    assert viewer.inventory.GetReservation(api.GetReservationRequest(reservation_id=r.reservation_id),
                                           timeout=TIMEOUT) == r
    released = web.inventory.ReleaseReservation(api.ReleaseReservationRequest(reservation_id=r.reservation_id),
                                                timeout=TIMEOUT)
    assert released.status == api.ReservationStatus.Value("RESERVATION_STATUS_RELEASED")
    for client in (web, pos, viewer):
        client.close()


def test_channel_role_lists_only_its_own_channel(api, secured):
    web = authed_client(api, secured["server"].address, secured["tokens"][WEB])
    admin = authed_client(api, secured["server"].address, secured["tokens"]["admin"])
    web_channel = api.SalesChannel.Value("SALES_CHANNEL_WEB")
    seen = web.list_all(page_size=3)
    assert seen and all(o.channel == web_channel for o in seen)
    assert secured["pos_order"] not in {o.order_id for o in seen}
    assert {o.order_id for o in seen} == {o.order_id for o in admin.list_all(page_size=3, channel=web_channel)}
    expect_error(grpc.StatusCode.PERMISSION_DENIED, web.orders.ListOrders,
                 api.ListOrdersRequest(channel=api.SalesChannel.Value("SALES_CHANNEL_POS")))
    web.close()
    admin.close()


def test_channel_role_watches_only_its_own_channel(api, secured):
    web = authed_client(api, secured["server"].address, secured["tokens"][WEB])
    admin = authed_client(api, secured["server"].address, secured["tokens"]["admin"])
    stream = web.orders.WatchOrders(api.WatchOrdersRequest(), timeout=20)
    time.sleep(0.5)
    sku = secured["sku"]
    pos_ids = [admin.create(admin.order_request([(sku, 1, 100)], channel="POS")).order_id for _ in range(3)]
    web_id = admin.create(admin.order_request([(sku, 1, 100)], channel="WEB")).order_id
    seen = []
    for event in stream:
        seen.append(event.order_id)
        if event.order_id == web_id:
            break
    stream.cancel()
    assert web_id in seen
    assert not set(pos_ids) & set(seen), f"web watcher saw POS orders: {seen}"
    web.close()
    admin.close()


def test_viewer_is_read_only(api, secured):
    viewer = authed_client(api, secured["server"].address, secured["tokens"]["viewer"])
    assert viewer.get(secured["pos_order"]).order_id == secured["pos_order"]
    expect_error(grpc.StatusCode.PERMISSION_DENIED, viewer.orders.CancelOrder,
                 api.CancelOrderRequest(order_id=secured["pos_order"]))
    expect_error(grpc.StatusCode.PERMISSION_DENIED, viewer.inventory.SetStock,
                 api.SetStockRequest(location_id=secured["wh"], sku=secured["sku"], on_hand=0))
    assert viewer.verify().consistent
    viewer.close()


def run_orderlyd(*args, timeout=10):
    data_dir = tempfile.mkdtemp(prefix="orderly-data-")
    try:
        return subprocess.run([str(BIN_DIR / "orderlyd"), "--port", str(free_port()), "--data-dir", data_dir, *args],
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1"])
def test_non_loopback_without_auth_refuses_to_start(host):
    result = run_orderlyd("--host", host)
    assert result.returncode != 0
    assert "auth-file" in (result.stdout + result.stderr)


@pytest.mark.parametrize("content", ["not-a-digest admin\n", f"{'ab' * 32} superuser\n", f"{'ab' * 31} admin\n",
                                     "# only a comment\n"])
def test_bad_auth_file_refuses_to_start(content):
    path = tempfile.mkstemp(prefix="orderly-auth-bad-")[1]
    with open(path, "w") as handle:
        handle.write(content)
    result = run_orderlyd("--auth-file", path)
    assert result.returncode != 0
    assert "cannot start" in result.stdout + result.stderr


def test_insecure_or_authenticated_non_loopback_starts(api):
    path, tokens = write_auth_file(["admin"])
    for extra in (["--host", "0.0.0.0", "--insecure"], ["--host", "0.0.0.0", "--auth-file", path]):
        server = start_orderlyd(extra=extra)
        try:
            with grpc.insecure_channel(server.address) as channel:
                health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=TIMEOUT)
        finally:
            assert server.stop() == 0
        shutil.rmtree(server.workdir, ignore_errors=True)
        assert ("auth is off" in server.log()) == ("--insecure" in extra)


def test_loopback_without_auth_logs_that_auth_is_off(orderlyd):
    assert "auth is off" in orderlyd.log()
