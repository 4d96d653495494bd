#!/usr/bin/env python3
"""Places an order with Orderly and tracks it to the customer's door, using plain grpcio.

The stubs are compiled from the repository's proto/ directory at start-up (grpcio-tools), so the
example always matches the server it ships with. It makes sure a warehouse and some stock exist,
watches the customer's order events on a second stream while it places the order, ships it and
records the carrier's events until the order is DELIVERED.

    pip install grpcio grpcio-tools
    python clients/python/place_and_track.py --server 127.0.0.1:50051
"""
import argparse
import importlib
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import grpc

PROTO_DIR = Path(__file__).resolve().parents[2] / "proto"


def load_stubs():
    """Compiles proto/orderly/v1/*.proto into a temp dir and imports the modules it needs."""
    from grpc_tools import protoc
    import grpc_tools

    out = tempfile.mkdtemp(prefix="orderly-example-")
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    files = sorted(str(p.relative_to(PROTO_DIR)) for p in (PROTO_DIR / "orderly" / "v1").glob("*.proto"))
    if protoc.main(["protoc", f"-I{PROTO_DIR}", f"-I{well_known}", f"--python_out={out}",
                    f"--grpc_python_out={out}", *files]) != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, out)
    names = ["common", "inventory", "orders", "shipments"]
    return {n: importlib.import_module(f"orderly.v1.{n}_pb2") for n in names} | {
        n + "_grpc": importlib.import_module(f"orderly.v1.{n}_pb2_grpc") for n in names if n != "common"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("ORDERLY_SERVER", "127.0.0.1:50051"))
    parser.add_argument("--sku", default="EXAMPLE-MUG")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for delivery")
    args = parser.parse_args()
    pb = load_stubs()
    common, inv, orders, ships = pb["common"], pb["inventory"], pb["orders"], pb["shipments"]

    with grpc.insecure_channel(args.server) as channel:
        grpc.channel_ready_future(channel).result(timeout=5)
        inventory = pb["inventory_grpc"].InventoryServiceStub(channel)
        order_service = pb["orders_grpc"].OrderServiceStub(channel)
        shipments = pb["shipments_grpc"].ShipmentServiceStub(channel)

        # 1. A warehouse with the mug in stock (idempotent: upsert, top up when low).
        warehouse = inventory.UpsertLocation(inv.Location(
            location_id="wh-example", name="Example Warehouse", kind=inv.LOCATION_KIND_WAREHOUSE,
            address=common.Address(city="Newark", country="US", latitude=40.7357, longitude=-74.1724)))
        level = inventory.GetAvailability(inv.GetAvailabilityRequest(skus=[args.sku])).items[0]
        if level.available < 2:
            on_hand = next((l.on_hand for l in level.locations if l.location_id == warehouse.location_id), 0)
            inventory.SetStock(inv.SetStockRequest(location_id=warehouse.location_id, sku=args.sku, on_hand=on_hand + 10))

        # 2. Watch this customer's orders before placing one, so no event is missed.
        customer = f"example-{uuid.uuid4().hex[:8]}"
        events = order_service.WatchOrders(orders.WatchOrdersRequest(customer_id=customer))
        delivered = threading.Event()

        def follow():
            try:
                for event in events:
                    print(f"  event #{event.sequence}: {event.order_id} is now "
                          f"{orders.OrderStatus.Name(event.status)} ({event.message})", flush=True)
                    if event.status == orders.ORDER_STATUS_DELIVERED:
                        delivered.set()
                        return
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.CANCELLED:
                    print(f"  watch ended: {error.code().name}: {error.details()}", flush=True)

        watcher = threading.Thread(target=follow, daemon=True)
        watcher.start()
        time.sleep(0.2)  # let the watch reach the server

        # 3. Place the order; routing picks the warehouse nearest to the customer.
        order = order_service.CreateOrder(orders.CreateOrderRequest(
            request_id=str(uuid.uuid4()), channel=common.SALES_CHANNEL_WEB,
            customer=common.Customer(customer_id=customer, email="ada@example.com", name="Ada Lovelace"),
            lines=[orders.OrderLineInput(sku=args.sku, quantity=2, unit_price_minor=1450)], currency="USD",
            shipping_address=common.Address(name="Ada Lovelace", line1="12 Analytical Row", city="New York",
                                            postal_code="10001", country="US", latitude=40.7128, longitude=-74.006),
            shipping_method=common.SHIPPING_METHOD_STANDARD))
        print(f"placed {order.order_id}: {orders.OrderStatus.Name(order.status)}, "
              f"total {order.total_minor / 100:.2f} {order.currency}, from "
              + ", ".join(f"{a.location_id} ({a.sku} x{a.quantity})" for a in order.allocations), flush=True)

        # 4. Ship it and record the carrier's journey.
        shipment = shipments.CreateShipment(ships.CreateShipmentRequest(
            order_id=order.order_id, location_id=order.allocations[0].location_id, carrier="UPS",
            tracking_number="1Z" + uuid.uuid4().hex[:10].upper()))
        print(f"shipped {shipment.shipment_id} with {shipment.carrier} {shipment.tracking_number}", flush=True)
        for status, text in ((ships.SHIPMENT_STATUS_IN_TRANSIT, "Left Newark hub"),
                             (ships.SHIPMENT_STATUS_OUT_FOR_DELIVERY, "On the van"),
                             (ships.SHIPMENT_STATUS_DELIVERED, "Handed to the customer")):
            shipments.AddTrackingEvent(ships.AddTrackingEventRequest(
                shipment_id=shipment.shipment_id, status=status, description=text))

        # 5. Wait for the DELIVERED event on the watch, then show the final order.
        ok = delivered.wait(args.timeout)
        events.cancel()
        final = order_service.GetOrder(orders.GetOrderRequest(order_id=order.order_id))
        print(f"{final.order_id} is {orders.OrderStatus.Name(final.status)} after "
              f"{len(final.history)} status changes", flush=True)
        return 0 if ok and final.status == orders.ORDER_STATUS_DELIVERED else 1


if __name__ == "__main__":
    sys.exit(main())
