"""Helpers shared by the order-management integration tests: a client bundling every orderly.v1
stub, request builders, a fixed geography, error assertions, stream readers with deadlines, and the
stock invariants of API.md checked on every level a test sees."""
import queue
import re
import threading
import time
import uuid

import grpc

TIMEOUT = 15  # seconds; every RPC in these tests carries a deadline

# A fixed geography around a customer in Manhattan, distances are great-circle from NYC.
NYC = (40.7128, -74.0060)
NEWARK = (40.7357, -74.1724)        # ~14 km
YONKERS = (40.9312, -73.8988)       # ~26 km
STAMFORD = (41.0534, -73.5387)      # ~54 km
TRENTON = (40.2171, -74.7429)       # ~90 km
PHILADELPHIA = (39.9526, -75.1652)  # ~130 km
BOSTON = (42.3601, -71.0589)        # ~306 km
CHICAGO = (41.8781, -87.6298)       # ~1145 km


def uid(prefix: str) -> str:
    """A unique id so tests sharing one server never see each other's data."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def mentions(message: str, name: str) -> bool:
    """Whether an error message names `name`, ignoring case and separators, so `shipping_address`
    matches "shipping address", "shippingAddress" and "shipping_address"."""
    return _norm(name) in _norm(message or "")


def expect_error(code, call, *args, names=(), **kwargs) -> grpc.RpcError:
    """Calls `call`, asserts it fails with `code` and a message naming every entry of `names`."""
    if isinstance(call, (grpc.UnaryUnaryMultiCallable, grpc.StreamUnaryMultiCallable)):
        kwargs.setdefault("timeout", TIMEOUT)  # Client's own helpers set their deadlines themselves
    try:
        result = call(*args, **kwargs)
    except grpc.RpcError as error:
        assert error.code() == code, f"expected {code}, got {error.code()}: {error.details()}"
        for name in names:
            assert mentions(error.details(), name), f"message {error.details()!r} does not name {name!r}"
        return error
    raise AssertionError(f"expected {code}, but the call succeeded with {result}")


def build_address(api, where=NYC, **fields):
    """An Address at (latitude, longitude) `where`."""
    defaults = dict(name="Ada Customer", line1="1 Main St", city="Somewhere", postal_code="10001",
                    country="US", latitude=where[0], longitude=where[1])
    defaults.update(fields)
    return api.Address(**defaults)


def build_order_request(api, lines, channel="WEB", where=NYC, method="STANDARD", customer_id=None,
                        request_id=None, channel_order_ref=None, currency="USD", pickup_location_id="",
                        with_address=True):
    """A CreateOrderRequest; `lines` is [(sku, quantity, unit_price_minor)]; enums by short name or number."""
    customer_id = customer_id or uid("cust")
    request = api.CreateOrderRequest(
        request_id=request_id or uid("req"),
        channel=api.SalesChannel.Value(f"SALES_CHANNEL_{channel}") if isinstance(channel, str) else channel,
        channel_order_ref=channel_order_ref if channel_order_ref is not None else uid("ref"),
        customer=api.Customer(customer_id=customer_id, email=f"{customer_id}@example.com", name="Ada"),
        lines=[api.OrderLineInput(sku=s, quantity=q, unit_price_minor=p) for s, q, p in lines],
        currency=currency,
        shipping_method=api.ShippingMethod.Value(f"SHIPPING_METHOD_{method}") if isinstance(method, str) else method,
        pickup_location_id=pickup_location_id,
    )
    if with_address:
        request.shipping_address.CopyFrom(build_address(api, where))
    return request


class Client:
    """One channel and every orderly.v1 stub on it."""

    def __init__(self, api, address: str):
        self.api = api
        self.target = address
        self.channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(self.channel).result(timeout=TIMEOUT)
        self.inventory = api.stub("InventoryService", self.channel)
        self.orders = api.stub("OrderService", self.channel)
        self.shipments = api.stub("ShipmentService", self.channel)
        self.returns = api.stub("ReturnService", self.channel)
        self.reports = api.stub("ReportingService", self.channel)

    def close(self):
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Builders --------------------------------------------------------------------------------
    def address(self, where=NYC, **fields):
        return build_address(self.api, where, **fields)

    def order_request(self, lines, **options):
        return build_order_request(self.api, lines, **options)

    # Inventory -------------------------------------------------------------------------------
    def add_location(self, location_id, where, kind="WAREHOUSE", pickup=False, name=None):
        api = self.api
        location = api.Location(
            location_id=location_id, name=name or f"Location {location_id}",
            kind=api.LocationKind.Value(f"LOCATION_KIND_{kind}"), pickup_enabled=pickup,
            address=self.address(where, name=name or location_id))
        answer = self.inventory.UpsertLocation(location, timeout=TIMEOUT)
        assert answer.location_id == location_id
        return answer

    def set_stock(self, location_id, sku, on_hand, safety=0):
        level = self.inventory.SetStock(self.api.SetStockRequest(
            location_id=location_id, sku=sku, on_hand=on_hand, safety_stock=safety), timeout=TIMEOUT)
        check_level(level)
        assert (level.location_id, level.sku, level.on_hand, level.safety_stock) == (location_id, sku, on_hand, safety)
        return level

    def stocked_locations(self, sku, spec, kind="WAREHOUSE", pickup=False):
        """Creates a fresh location per (where, on_hand) in `spec` holding `sku`; returns their ids."""
        ids = []
        for where, on_hand in spec:
            location_id = uid("loc")
            self.add_location(location_id, where, kind=kind, pickup=pickup)
            self.set_stock(location_id, sku, on_hand)
            ids.append(location_id)
        return ids

    def adjust(self, location_id, sku, delta, request_id=None, reason="count"):
        level = self.inventory.AdjustStock(self.api.AdjustStockRequest(
            location_id=location_id, sku=sku, delta=delta, reason=reason,
            request_id=request_id or uid("adj")), timeout=TIMEOUT)
        check_level(level)
        return level

    def availability(self, sku):
        """The SkuAvailability of one sku, with its totals checked against its locations."""
        response = self.inventory.GetAvailability(self.api.GetAvailabilityRequest(skus=[sku]), timeout=TIMEOUT)
        items = [item for item in response.items if item.sku == sku]
        assert len(items) == 1, f"GetAvailability answered {len(items)} items for {sku}"
        check_availability(items[0])
        return items[0]

    def level(self, sku, location_id):
        """(on_hand, reserved, available) of one sku at one location; zeros when there is no level."""
        for level in self.availability(sku).locations:
            if level.location_id == location_id:
                return level.on_hand, level.reserved, level.available
        return 0, 0, 0

    def verify(self):
        return self.inventory.VerifyInventory(self.api.VerifyInventoryRequest(), timeout=TIMEOUT)

    # Orders ----------------------------------------------------------------------------------
    def create(self, request):
        order = self.orders.CreateOrder(request, timeout=TIMEOUT)
        check_order(order)
        return order

    def get(self, order_id):
        order = self.orders.GetOrder(self.api.GetOrderRequest(order_id=order_id), timeout=TIMEOUT)
        check_order(order)
        return order

    def cancel(self, order_id, expected_version=0, reason="customer asked"):
        return self.orders.CancelOrder(self.api.CancelOrderRequest(
            order_id=order_id, reason=reason, expected_version=expected_version), timeout=TIMEOUT)

    def list_all(self, page_size=7, limit_pages=1000, **filters):
        """Every order ListOrders returns for the filters, following page tokens (bounded)."""
        api = self.api
        if "status" in filters and isinstance(filters["status"], str):
            filters["status"] = api.OrderStatus.Value(f"ORDER_STATUS_{filters['status']}")
        if "channel" in filters and isinstance(filters["channel"], str):
            filters["channel"] = api.SalesChannel.Value(f"SALES_CHANNEL_{filters['channel']}")
        orders, token = [], ""
        for _ in range(limit_pages):
            page = self.orders.ListOrders(api.ListOrdersRequest(page_size=page_size, page_token=token, **filters),
                                          timeout=TIMEOUT)
            if page_size > 0:
                assert len(page.orders) <= page_size, f"page of {len(page.orders)} > page_size {page_size}"
            for order in page.orders:
                check_order(order)
            orders.extend(page.orders)
            token = page.next_page_token
            if not token:
                return orders
        raise AssertionError("ListOrders paging did not end")

    def ship(self, order_id, location_id, lines=(), carrier="UPS"):
        return self.shipments.CreateShipment(self.api.CreateShipmentRequest(
            order_id=order_id, location_id=location_id, carrier=carrier, tracking_number=uid("1Z"),
            lines=[self.api.ShipmentLine(sku=s, quantity=q) for s, q in lines]), timeout=TIMEOUT)

    def track(self, shipment_id, status, description="scan"):
        return self.shipments.AddTrackingEvent(self.api.AddTrackingEventRequest(
            shipment_id=shipment_id, status=self.api.ShipmentStatus.Value(f"SHIPMENT_STATUS_{status}"),
            description=description), timeout=TIMEOUT)

    def request_return(self, order_id, lines, request_id=None, reason="DAMAGED"):
        api = self.api
        return self.returns.RequestReturn(api.RequestReturnRequest(
            order_id=order_id, request_id=request_id or uid("rr"),
            lines=[api.ReturnLine(sku=s, quantity=q, reason=api.ReturnReason.Value(f"RETURN_REASON_{reason}"))
                   for s, q in lines]), timeout=TIMEOUT)

    def approve(self, return_id):
        return self.returns.ApproveReturn(self.api.ApproveReturnRequest(return_id=return_id), timeout=TIMEOUT)

    def reject(self, return_id):
        return self.returns.RejectReturn(self.api.RejectReturnRequest(return_id=return_id, reason="no"), timeout=TIMEOUT)

    def receive(self, return_id, location_id, restock=True):
        return self.returns.ReceiveReturn(self.api.ReceiveReturnRequest(
            return_id=return_id, location_id=location_id, restock=restock), timeout=TIMEOUT)

    def refund(self, return_id):
        return self.returns.RefundReturn(self.api.RefundReturnRequest(return_id=return_id), timeout=TIMEOUT)


# Invariants ------------------------------------------------------------------------------------
def check_level(level):
    """`available = max(0, on_hand - reserved - safety_stock)` and nothing negative."""
    assert level.on_hand >= 0 and level.reserved >= 0 and level.safety_stock >= 0, level
    assert level.reserved <= level.on_hand, f"reserved above on_hand: {level}"
    assert level.available == max(0, level.on_hand - level.reserved - level.safety_stock), level


def check_availability(item):
    """Each total of a SkuAvailability is the sum of its per-location figures."""
    for level in item.locations:
        assert level.sku == item.sku
        check_level(level)
    assert item.on_hand == sum(level.on_hand for level in item.locations), item
    assert item.reserved == sum(level.reserved for level in item.locations), item
    assert item.available == sum(level.available for level in item.locations), item


def check_order(order):
    """What API.md promises about every Order: totals over the units not cancelled, allocations
    covering each line's units that are neither cancelled nor backordered (fewer only while the
    UNFILLABLE hold covers the rest), history."""
    assert order.order_id
    assert order.version >= 1
    assert order.total_minor == sum((line.quantity - line.quantity_cancelled) * line.unit_price_minor
                                    for line in order.lines)
    allocated = {}
    for allocation in order.allocations:
        assert allocation.quantity > 0, allocation
        allocated[allocation.sku] = allocated.get(allocation.sku, 0) + allocation.quantity
    wanted = {line.sku: line.quantity - line.quantity_cancelled - line.quantity_backordered
              for line in order.lines}
    wanted = {sku: units for sku, units in wanted.items() if units > 0}
    unfillable = any(hold.reason == hold.DESCRIPTOR.fields_by_name["reason"].enum_type
                     .values_by_name["HOLD_REASON_UNFILLABLE"].number for hold in order.holds)
    # A cancelled order may keep its allocations as a record or drop them (API.md leaves it open).
    if not (order.status == status_value(order, "CANCELLED") and not allocated):
        if unfillable:
            assert all(allocated.get(sku, 0) <= units for sku, units in wanted.items()), (allocated, wanted)
        elif order.status != status_value(order, "CANCELLED"):
            assert allocated == wanted, f"allocations {allocated} do not cover lines of {order.order_id}"
    assert order.history, "history is empty"
    assert order.history[0].status in (status_value(order, "ALLOCATED"), status_value(order, "BACKORDERED"))
    assert order.history[-1].status == order.status
    sequences = [event.sequence for event in order.history]
    assert sequences == sorted(set(sequences)) and sequences[0] >= 1, sequences
    for line in order.lines:
        assert 0 <= line.quantity_returned <= line.quantity_shipped <= line.quantity - line.quantity_cancelled, line
        assert 0 <= line.quantity_backordered <= line.quantity - line.quantity_cancelled - line.quantity_shipped, line


def status_value(message, name):
    """The OrderStatus number of `name`, read from the message's own descriptor."""
    return message.DESCRIPTOR.fields_by_name["status"].enum_type.values_by_name[f"ORDER_STATUS_{name}"].number


def allocation_map(order):
    """{(location_id, sku): quantity} of an order."""
    result = {}
    for allocation in order.allocations:
        key = (allocation.location_id, allocation.sku)
        result[key] = result.get(key, 0) + allocation.quantity
    return result


# Streams -------------------------------------------------------------------------------------
class StreamReader:
    """Reads a server stream on a thread so a test can wait for items with a deadline."""

    def __init__(self, call):
        self.call = call
        self.items = queue.Queue()
        self.error = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        try:
            for item in self.call:
                self.items.put(item)
        except grpc.RpcError as error:
            self.error = error

    def next(self, timeout=5.0):
        """The next item, or None when none arrived within `timeout` seconds."""
        try:
            return self.items.get(timeout=timeout)
        except queue.Empty:
            return None

    def take_until(self, predicate, timeout=10.0, limit=10000):
        """Items up to and including the first matching `predicate`; fails after `timeout`."""
        taken, deadline = [], time.monotonic() + timeout
        while len(taken) < limit:
            remaining = deadline - time.monotonic()
            item = self.next(timeout=max(0.0, remaining))
            assert item is not None, f"stream gave no matching item within {timeout}s; got {taken}, error {self.error}"
            taken.append(item)
            if predicate(item):
                return taken
        raise AssertionError("stream limit reached")

    def cancel(self):
        self.call.cancel()
        self._thread.join(timeout=5)
