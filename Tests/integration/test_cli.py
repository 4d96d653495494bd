"""The `orderly` CLI end to end (CLI.md): the built binary against a real orderlyd, checking the
human tables, the --json documents (parsed), exit statuses and stderr lines; `demo seed` on an
empty server; and the Python example client. Run with ORDERLY_BIN_DIR pointing at the build."""
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from conftest import BIN_DIR, REPO, start_orderlyd

ORDERLY = BIN_DIR / "orderly"


def uid(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def run(server, *args, stdin=None, env=None, expect=0):
    """Runs `orderly ARGS --server S`; checks the exit status; returns the completed process."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERLY_")}
    full_env.update(env or {})
    argv = [str(ORDERLY), *args] + (["--server", server.address] if server else [])
    proc = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=full_env, timeout=60)
    assert expect is None or proc.returncode == expect, f"{argv} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def run_json(server, *args, **kw):
    return json.loads(run(server, *args, "--json", **kw).stdout)


def table_rows(text):
    """Splits an aligned table into rows of cells (cells are separated by 2+ spaces)."""
    import re
    return [re.split(r"\s{2,}", line.strip()) for line in text.strip().splitlines()]


def key_values(text):
    pairs = {}
    for line in text.splitlines():
        if ":" in line and not line.startswith(" "):
            key, _, value = line.partition(":")
            pairs.setdefault(key.strip(), value.strip())
    return pairs


@pytest.fixture(scope="module", autouse=True)
def built_binary():
    if not ORDERLY.exists():
        pytest.fail(f"{ORDERLY} is missing: build it (swift build --product orderly) and set ORDERLY_BIN_DIR")


def test_health_serving(orderlyd):
    assert run(orderlyd, "health").stdout.strip() == "status: SERVING"
    assert run_json(orderlyd, "health") == {"status": "SERVING"}


def test_server_from_environment_and_common_flags_after_subcommand(orderlyd):
    proc = run(None, "health", "--timeout", "0.5", "--token", "secret",
               env={"ORDERLY_SERVER": orderlyd.address, "ORDERLY_TOKEN": "t"})
    assert "SERVING" in proc.stdout


def test_unreachable_server_is_status_1_with_status_name(orderlyd):
    proc = run(None, "health", "--timeout", "2", env={"ORDERLY_SERVER": "127.0.0.1:1"}, expect=1)
    assert proc.stderr.split(":")[0] in ("UNAVAILABLE", "DEADLINE_EXCEEDED")


def test_whole_story_from_locations_to_refunded_return(orderlyd):
    wh, store, sku, sku2, cust = uid("wh"), uid("st"), uid("MUG"), uid("TEA"), uid("cust")

    # Locations, with negative numbers as option values.
    add = run(orderlyd, "inventory", "locations", "add", wh, "--name", "Newark DC", "--kind", "warehouse",
              "--lat", "40.7357", "--lng", "-74.1724", "--city", "Newark", "--country", "US")
    assert key_values(add.stdout)["kind"] == "warehouse"
    run(orderlyd, "inventory", "locations", "add", store, "--name", "Chicago Loop", "--kind", "store",
        "--lat", "41.88", "--lng", "-87.63", "--pickup")
    listed = run_json(orderlyd, "inventory", "locations", "list")
    mine = {l["locationId"]: l for l in listed["locations"] if l["locationId"] in (wh, store)}
    assert mine[wh]["kind"] == "LOCATION_KIND_WAREHOUSE"
    assert mine[wh]["address"]["longitude"] == pytest.approx(-74.1724)
    assert "pickupEnabled" not in mine[wh] and mine[store]["pickupEnabled"] is True
    table = table_rows(run(orderlyd, "inventory", "locations", "list").stdout)
    assert table[0][:3] == ["ID", "NAME", "KIND"]
    assert [wh, "Newark DC", "warehouse"] == next(r for r in table if r[0] == wh)[:3]

    # Stock from CSV on stdin: one good file with an unknown location row counted as rejected.
    csv = f"location_id,sku,on_hand,safety_stock\n{wh},{sku},20,0\n{wh},{sku2},5,1\nnowhere,{sku},3,0\n{store},{sku},4,0\n"
    imported = run(orderlyd, "inventory", "import", "-", stdin=csv, expect=1)  # a rejected row fails the import
    assert key_values(imported.stdout)["accepted"] == "3"
    assert key_values(imported.stdout)["rejected"] == "1"
    assert "line 4 (row 3): " in imported.stdout
    assert "sent 4/4 rows" in imported.stderr

    # Negative delta as a positional value.
    level = run_json(orderlyd, "inventory", "adjust", wh, sku, "-3", "--reason", "damaged")
    assert level["onHand"] == "17" and level["available"] == "17"
    availability = run_json(orderlyd, "inventory", "availability", sku)
    assert availability["items"][0]["onHand"] == "21"

    order_flags = ["--channel", "web", "--line", f"{sku}:2:1999", "--line", f"{sku2}:1:500", "--customer", cust,
                   "--email", "ada@example.com", "--ship-name", "Ada", "--ship-city", "New York",
                   "--ship-country", "US", "--ship-lat", "40.71", "--ship-lng", "-74.0"]
    plan = run(orderlyd, "orders", "plan", *order_flags)
    assert [wh, sku, "2"] in table_rows(plan.stdout.split("\n\n")[0])

    order = run_json(orderlyd, "orders", "create", *order_flags)
    order_id = order["orderId"]
    assert order["status"] == "ORDER_STATUS_ALLOCATED"
    assert order["channel"] == "SALES_CHANNEL_WEB"
    assert order["shippingMethod"] == "SHIPPING_METHOD_STANDARD"
    assert order["totalMinor"] == "4498" and order["version"] == "1"
    assert order["lines"][0] == {"sku": sku, "quantity": 2, "unitPriceMinor": "1999"}
    assert order["createdAt"].endswith("Z") and "T" in order["createdAt"]

    shown = run(orderlyd, "orders", "get", order_id).stdout
    assert key_values(shown)["status"] == "allocated"
    assert key_values(shown)["total"] == "44.98 USD"
    rows = table_rows(run(orderlyd, "orders", "list", "--customer", cust).stdout)
    assert rows[0][:3] == ["ORDER", "STATUS", "CHANNEL"]
    assert rows[1][:3] == [order_id, "allocated", "web"]

    shipment = run_json(orderlyd, "shipments", "create", order_id, wh, "--carrier", "UPS", "--tracking", "1Z1")
    shipment_id = shipment["shipmentId"]
    assert shipment["status"] == "SHIPMENT_STATUS_LABEL_CREATED"
    run(orderlyd, "shipments", "track", shipment_id, "in-transit", "--description", "Left hub")
    delivered = run_json(orderlyd, "shipments", "track", shipment_id, "delivered")
    assert delivered["status"] == "SHIPMENT_STATUS_DELIVERED"
    assert [e["status"] for e in delivered["events"]][-2:] == ["SHIPMENT_STATUS_IN_TRANSIT",
                                                               "SHIPMENT_STATUS_DELIVERED"]
    assert table_rows(run(orderlyd, "shipments", "list", order_id).stdout)[1][:3] == [shipment_id, wh, "delivered"]
    assert run_json(orderlyd, "orders", "get", order_id)["status"] == "ORDER_STATUS_DELIVERED"

    ret = run_json(orderlyd, "returns", "request", order_id, "--line", f"{sku}:2:damaged")
    return_id = ret["returnId"]
    assert ret["status"] == "RETURN_STATUS_REQUESTED" and ret["lines"][0]["reason"] == "RETURN_REASON_DAMAGED"
    run(orderlyd, "returns", "approve", return_id)
    received = run(orderlyd, "returns", "receive", return_id, wh, "--restock")
    assert key_values(received.stdout)["status"] == "received"
    refunded = run_json(orderlyd, "returns", "refund", return_id)
    assert refunded["status"] == "RETURN_STATUS_REFUNDED" and refunded["refundMinor"] == "3998"
    assert table_rows(run(orderlyd, "returns", "list", order_id).stdout)[1][:2] == [return_id, "refunded"]

    final = run_json(orderlyd, "orders", "get", order_id)
    assert final["status"] == "ORDER_STATUS_PARTIALLY_RETURNED"
    assert final["lines"][0]["quantityReturned"] == 2
    assert [e["status"] for e in final["history"]] == [
        "ORDER_STATUS_ALLOCATED", "ORDER_STATUS_SHIPPED", "ORDER_STATUS_DELIVERED", "ORDER_STATUS_PARTIALLY_RETURNED"]
    sales = run_json(orderlyd, "reports", "sales")
    assert int(sales["refundedMinor"]) >= 3998

    # The feed of this order replayed (events after sequence 1), as one JSON document per line.
    expected = [e for e in final["history"] if int(e["sequence"]) > 1]
    watch = spawn("orders", "watch", "--order", order_id, "--from-sequence", "1", "--json", "--server", orderlyd.address)
    try:
        out, err = LineReader(watch.stdout), LineReader(watch.stderr)
        assert "watching" in err.line()
        events = [json.loads(out.line()) for _ in expected]
    finally:
        watch.send_signal(signal.SIGINT)
        assert watch.wait(10) == 0
    assert len(expected) >= 3
    assert [(e["sequence"], e["status"]) for e in events] == [(e["sequence"], e["status"]) for e in expected]
    assert all(e["orderId"] == order_id and int(e["sequence"]) > 0 for e in events)


class LineReader:
    """Reads lines from a pipe with a timeout (select on the raw fd, our own buffer)."""

    def __init__(self, pipe):
        self.fd = pipe.fileno()
        self.buffer = b""

    def line(self, timeout=10):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], max(0, deadline - time.monotonic()))
            assert ready, f"no line within {timeout}s (have {self.buffer!r})"
            chunk = os.read(self.fd, 65536)
            assert chunk, f"stream ended (have {self.buffer!r})"
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()

    def rest(self):
        return (self.buffer + os.read(self.fd, 65536)).decode()


def spawn(*args):
    return subprocess.Popen([str(ORDERLY), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_inventory_watch_prints_changes_live(orderlyd):
    wh, sku = uid("wh"), uid("SKU")
    run(orderlyd, "inventory", "locations", "add", wh, "--name", "W", "--kind", "warehouse", "--lat", "1", "--lng", "-1")
    watch = spawn("inventory", "watch", sku, "--server", orderlyd.address)
    try:
        assert "watching" in LineReader(watch.stderr).line()
        run(orderlyd, "inventory", "set", wh, sku, "7")
        line = LineReader(watch.stdout).line()
    finally:
        watch.send_signal(signal.SIGINT)
        assert watch.wait(10) == 0
    assert wh in line and sku in line and "on_hand=7" in line


@pytest.mark.parametrize("args, stderr_start", [
    (["orders", "get", "o-does-not-exist"], "NOT_FOUND: "),
    (["shipments", "get", "s-does-not-exist"], "NOT_FOUND: "),
    (["orders", "create", "--channel", "web", "--line", "NO-SUCH-SKU:1:100", "--ship-lat", "1", "--ship-lng", "1"],
     "FAILED_PRECONDITION: "),
    (["inventory", "set", "no-such-location", "SKU", "1"], "NOT_FOUND: "),
])
def test_failed_calls_exit_1_with_status_name_and_message(orderlyd, args, stderr_start):
    proc = run(orderlyd, *args, expect=1)
    assert proc.stderr.startswith(stderr_start) and len(proc.stderr.strip()) > len(stderr_start)
    assert proc.stdout == ""


@pytest.mark.parametrize("args", [
    ["orders", "get"],
    ["orders", "create", "--channel", "teleport", "--line", "A:1:1"],
    ["orders", "create", "--channel", "web"],
    ["orders", "create", "--channel", "web", "--line", "A:zero:1"],
    ["returns", "request", "o-1", "--line", "A:1:broken-by-cat"],
    ["orders", "list", "--status", "lost"],
    ["health", "--timeout", "soon"],
    ["health", "--timeout", "-1"],
    ["reports", "sales", "--from", "last tuesday"],
    ["no-such-command"],
])
def test_bad_usage_exits_2(orderlyd, args):
    proc = run(orderlyd, *args, expect=2)
    assert "Error" in proc.stderr or "Usage" in proc.stderr
    assert proc.stdout == ""


def test_help_has_examples_on_every_command():
    commands = [[], ["health"], ["inventory", "locations", "add"], ["inventory", "locations", "list"],
                ["inventory", "set"], ["inventory", "adjust"], ["inventory", "availability"], ["inventory", "import"],
                ["inventory", "watch"], ["inventory", "verify"], ["inventory", "movements"], ["transfers", "create"], ["transfers", "ship"],
                ["transfers", "receive"], ["transfers", "cancel"], ["transfers", "get"], ["reservations", "create"],
                ["reservations", "extend"], ["reservations", "release"], ["reservations", "get"], ["orders", "create"], ["orders", "plan"],
                ["orders", "get"], ["orders", "list"], ["orders", "cancel"], ["orders", "watch"],
                ["shipments", "create"], ["shipments", "track"], ["shipments", "get"], ["shipments", "list"],
                ["returns", "request"], ["returns", "approve"], ["returns", "reject"], ["returns", "receive"],
                ["returns", "refund"], ["returns", "get"], ["returns", "list"], ["reports", "sales"],
                ["reports", "top-products"], ["reports", "fulfillment"], ["reports", "low-stock"],
                ["reports", "customers"], ["reports", "affinity"], ["reports", "cover"], ["demo", "seed"]]
    for command in commands:
        proc = run(None, *command, "--help")
        assert "Examples:" in proc.stdout, command
        if command:
            assert "--server" in proc.stdout and "--json" in proc.stdout, command


def test_demo_seed_fills_an_empty_server_and_refuses_a_second_time():
    server = start_orderlyd()
    try:
        seeded = run(server, "demo", "seed", "--orders", "400")
        summary = seeded.stdout
        assert key_values(summary)["orders"] == "400 created"
        for status in ("allocated", "partially-shipped", "shipped", "delivered", "cancelled",
                       "partially-returned", "returned"):
            assert any(row[0] == status and int(row[1]) > 0 for row in table_rows(summary.split("\n\n")[1])[1:]), status
        assert "did not reach" not in summary
        assert "orders: 400/400" in seeded.stderr
        sales = run_json(server, "reports", "sales")
        assert int(sales["orders"]) > 0 and int(sales["refundedMinor"]) > 0
        channels = {c["channel"] for c in sales["byChannel"]}
        assert channels == {"SALES_CHANNEL_WEB", "SALES_CHANNEL_MOBILE_APP", "SALES_CHANNEL_POS",
                            "SALES_CHANNEL_MARKETPLACE", "SALES_CHANNEL_ERP"}
        locations = run_json(server, "inventory", "locations", "list")["locations"]
        kinds = sorted(l["kind"] for l in locations)
        assert kinds == ["LOCATION_KIND_STORE"] * 2 + ["LOCATION_KIND_WAREHOUSE"] * 3
        assert run(server, "inventory", "verify").returncode == 0
        again = run(server, "demo", "seed", expect=1)
        assert "already has orders" in again.stderr
    finally:
        server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)


def test_python_example_places_and_tracks_an_order(orderlyd):
    proc = subprocess.run([sys.executable, str(REPO / "clients" / "python" / "place_and_track.py"),
                           "--server", orderlyd.address], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "placed o-" in proc.stdout
    assert "ORDER_STATUS_DELIVERED after 3 status changes" in proc.stdout
    assert "is now ORDER_STATUS_SHIPPED" in proc.stdout


CONTRACT_SPELLINGS = (
    [["orders", "list", "--status", s] for s in ("allocated", "partially-shipped", "shipped", "delivered", "cancelled",
                                                  "partially-returned", "returned")]
    + [["orders", "list", "--channel", c] for c in ("web", "mobile-app", "pos", "marketplace", "erp")]
    + [["orders", "plan", "--channel", "web", "--line", "NO-SKU:1:1", "--method", m, "--pickup-location", "nowhere",
        "--ship-lat", "1", "--ship-lng", "1"] for m in ("standard", "express", "same-day", "store-pickup")]
    + [["shipments", "track", "s-none", s] for s in ("label-created", "in-transit", "out-for-delivery", "delivered",
                                                     "exception")]
    + [["returns", "request", "o-none", "--line", f"SKU:1:{r}"] for r in ("damaged", "wrong-item", "not-as-described",
                                                                          "no-longer-needed", "other")]
)


@pytest.mark.parametrize("args", CONTRACT_SPELLINGS, ids=lambda a: " ".join(a[:2] + a[3:4]))
def test_every_enum_spelling_of_the_contract_is_accepted(orderlyd, args):
    # Accepted spellings reach the server: exit 0, or 1 with a status for the made-up ids; never 2.
    proc = run(orderlyd, *args, expect=None)
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.returncode == 0 or proc.stderr.split(":")[0] in ("NOT_FOUND", "FAILED_PRECONDITION", "INVALID_ARGUMENT")


@pytest.mark.parametrize("kind", ["warehouse", "store", "fulfillment-center"])
def test_location_kind_spellings(orderlyd, kind):
    location = uid("loc")
    add = run_json(orderlyd, "inventory", "locations", "add", location, "--name", "N", "--kind", kind,
                   "--lat", "-33.9", "--lng", "151.2")
    assert add["kind"] == "LOCATION_KIND_" + kind.upper().replace("-", "_")
    assert add["address"]["latitude"] == pytest.approx(-33.9)


def test_negative_numbers_as_text_option_values_stay_literal(orderlyd):
    location = uid("loc")
    add = run_json(orderlyd, "inventory", "locations", "add", location, "--name", "-3", "--kind", "store",
                   "--lat", "-1.5", "--lng", "-2", "--city", "-4.5")
    assert add["name"] == "-3" and add["address"]["city"] == "-4.5"
    assert (add["address"]["latitude"], add["address"]["longitude"]) == (-1.5, -2)


@pytest.mark.parametrize("flags, env, token", [
    (["--token", "s3cret"], {}, "s3cret"),
    ([], {"ORDERLY_TOKEN": "from-env"}, "from-env"),
    (["--token", "flag-wins"], {"ORDERLY_TOKEN": "from-env"}, "flag-wins"),
])
def test_token_and_timeout_reach_the_server(flags, env, token):
    """A Python grpcio health server records what the CLI sends: the bearer token as
    `authorization` metadata and --timeout as the call's deadline."""
    from concurrent import futures
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    seen = {}

    class Recorder(health_pb2_grpc.HealthServicer):
        def Check(self, request, context):
            seen["metadata"] = dict(context.invocation_metadata())
            seen["remaining"] = context.time_remaining()
            return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    health_pb2_grpc.add_HealthServicer_to_server(Recorder(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        run(None, "health", "--timeout", "2.5", *flags, env={"ORDERLY_SERVER": f"127.0.0.1:{port}", **env})
    finally:
        server.stop(0)
    assert seen["metadata"]["authorization"] == f"Bearer {token}"
    assert 1.0 < seen["remaining"] <= 2.5


def test_import_from_file_streams_with_progress(orderlyd, tmp_path):
    wh = uid("wh")
    run(orderlyd, "inventory", "locations", "add", wh, "--name", "W", "--kind", "warehouse", "--lat", "0", "--lng", "0")
    rows = "".join(f'{wh},"BULK-{i}",{i % 50}\r\n' for i in range(2500))
    path = tmp_path / "stock.csv"
    path.write_text("location_id,sku,on_hand\r\n" + rows)
    proc = run(orderlyd, "inventory", "import", str(path))
    assert key_values(proc.stdout) == {"accepted": "2500", "rejected": "0"}
    assert "sent 1000/2500 rows" in proc.stderr and "sent 2500/2500 rows" in proc.stderr
    level = run_json(orderlyd, "inventory", "availability", "BULK-49")["items"][0]
    assert level["onHand"] == "49"


@pytest.mark.parametrize("content, message", [
    ("sku,on_hand\nA,1\n", "line 1: header must be location_id,sku,on_hand[,safety_stock]"),
    ("location_id,sku,on_hand\nw,A,1\nw,B,lots\n", "line 3: on_hand 'lots' is not a whole number"),
    ("location_id,sku,on_hand\nw,A\n", "line 2: expected 3 fields, found 2"),
    ("", "empty file"),
])
def test_malformed_csv_exits_1_naming_the_line(orderlyd, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    proc = run(orderlyd, "inventory", "import", str(path), expect=1)
    assert message in proc.stderr


def test_missing_csv_file_exits_1(orderlyd, tmp_path):
    proc = run(orderlyd, "inventory", "import", str(tmp_path / "missing.csv"), expect=1)
    assert "cannot read" in proc.stderr


# CLI polish (issue 14, item 5): each of these was met by a new user. ---------------------------
def stocked_warehouse(server, sku, on_hand=50):
    """A fresh warehouse near New York holding `on_hand` of `sku`; returns its id."""
    wh = uid("wh")
    run(server, "inventory", "locations", "add", wh, "--name", "W", "--kind", "warehouse",
        "--lat", "40.7357", "--lng", "-74.1724")
    run(server, "inventory", "set", wh, sku, str(on_hand))
    return wh


@pytest.mark.parametrize("command", ["create", "plan"])
@pytest.mark.parametrize("coordinates", [[], ["--ship-lat", "40.7"], ["--ship-lng", "-74.0"]])
def test_shipped_order_without_coordinates_is_a_usage_error(orderlyd, command, coordinates):
    # Without both, routing would start from (0, 0), in the Gulf of Guinea.
    proc = run(orderlyd, "orders", command, "--channel", "web", "--line", "SKU-1:1:100", "--ship-city", "Newark",
               *coordinates, expect=2)
    assert "--ship-lat and --ship-lng" in proc.stderr and proc.stdout == ""


def test_store_pickup_needs_no_coordinates(orderlyd):
    sku, store = uid("SKU"), uid("st")
    run(orderlyd, "inventory", "locations", "add", store, "--name", "S", "--kind", "store",
        "--lat", "41.88", "--lng", "-87.63", "--pickup")
    run(orderlyd, "inventory", "set", store, sku, "5")
    order = run_json(orderlyd, "orders", "create", "--channel", "pos", "--line", f"{sku}:1:100",
                     "--pickup-location", store)
    assert order["status"] == "ORDER_STATUS_ALLOCATED" and order["allocations"][0]["locationId"] == store


def test_address_at_zero_zero_is_refused_by_the_server_for_routing(orderlyd, api):
    from orderly_helpers import Client, build_order_request, expect_error
    import grpc
    sku = uid("SKU")
    stocked_warehouse(orderlyd, sku)
    proc = run(orderlyd, "orders", "create", "--channel", "web", "--line", f"{sku}:1:100",
               "--ship-lat", "0", "--ship-lng", "0", expect=1)
    assert proc.stderr.startswith("INVALID_ARGUMENT: shipping_address"), proc.stderr
    with Client(api, orderlyd.address) as client:
        zero = build_order_request(api, [(sku, 1, 100)], where=(0.0, 0.0))
        for call in (client.orders.CreateOrder, client.orders.PlanRouting):
            expect_error(grpc.StatusCode.INVALID_ARGUMENT, call, zero, names=["shipping_address"])
        # One coordinate at 0 is a real place (the equator, the prime meridian): routed.
        plan = client.orders.PlanRouting(build_order_request(api, [(sku, 1, 100)], where=(0.0, -74.0)), timeout=10)
        assert plan.allocations[0].sku == sku
        # Store pickup does not route from the address, so (0, 0) there is not refused.
        store = uid("st")
        client.add_location(store, (41.88, -87.63), kind="STORE", pickup=True)
        client.set_stock(store, sku, 3)
        pickup = build_order_request(api, [(sku, 1, 100)], where=(0.0, 0.0), method="STORE_PICKUP",
                                     pickup_location_id=store)
        assert client.orders.CreateOrder(pickup, timeout=10).allocations[0].location_id == store


def all_commands():
    """Every command path, found by following the SUBCOMMANDS sections of --help from the root."""
    found, todo = [], [[]]
    while todo:
        command = todo.pop(0)
        found.append(command)
        lines = run(None, *command, "--help").stdout.splitlines()
        if "SUBCOMMANDS:" not in lines:
            continue
        for line in lines[lines.index("SUBCOMMANDS:") + 1:]:
            if not line.startswith("  ") or line.startswith("   " * 4):
                if line.strip() == "" or not line.startswith(" "):
                    break
                continue
            name = line.split()[0]
            if name != "help":
                todo.append(command + [name])
    return found


def test_help_of_every_command_has_no_lone_backslash():
    commands = all_commands()
    assert ["orders", "create"] in commands and ["inventory", "locations", "add"] in commands
    assert ["returns", "list"] in commands and ["demo", "seed"] in commands and len(commands) >= 33
    for columns in (None, "60", "80", "100", "200"):
        env = {"COLUMNS": columns} if columns else {}
        for command in commands:
            out = run(None, *command, "--help", env=env).stdout
            bad = [line for line in out.splitlines() if line.strip() == "\\" or line.rstrip().endswith(" \\")]
            assert not bad, (command, columns, bad)


def test_list_help_and_order_agree_oldest_first(orderlyd):
    help_text = run(None, "orders", "list", "--help").stdout
    assert "oldest first" in help_text and "newest" not in help_text
    sku, customer = uid("SKU"), uid("cust")
    stocked_warehouse(orderlyd, sku)
    placed = [run_json(orderlyd, "orders", "create", "--channel", "web", "--line", f"{sku}:1:100",
                       "--customer", customer, "--ship-lat", "40.71", "--ship-lng", "-74.0")["orderId"]
              for _ in range(3)]
    rows = table_rows(run(orderlyd, "orders", "list", "--customer", customer).stdout)
    assert [r[0] for r in rows[1:]] == placed


def test_errors_spell_enum_values_as_the_cli_does(orderlyd):
    sku = uid("SKU")
    wh = stocked_warehouse(orderlyd, sku)
    order = run_json(orderlyd, "orders", "create", "--channel", "web", "--line", f"{sku}:2:100",
                     "--ship-lat", "40.71", "--ship-lng", "-74.0")["orderId"]
    run(orderlyd, "shipments", "create", order, wh, "--line", f"{sku}:1")
    proc = run(orderlyd, "orders", "cancel", order, expect=1)
    assert proc.stderr.startswith("FAILED_PRECONDITION: ") and "partially-shipped" in proc.stderr, proc.stderr
    assert "ORDER_STATUS_" not in proc.stderr
    ret = run_json(orderlyd, "returns", "request", order, "--line", f"{sku}:1")["returnId"]
    run(orderlyd, "returns", "approve", ret)
    again = run(orderlyd, "returns", "approve", ret, expect=1)
    assert "approved" in again.stderr and "requested" in again.stderr and "RETURN_STATUS_" not in again.stderr


def test_refunds_show_the_order_currency(orderlyd):
    sku = uid("SKU")
    wh = stocked_warehouse(orderlyd, sku)
    order = run_json(orderlyd, "orders", "create", "--channel", "web", "--line", f"{sku}:2:1999", "--currency", "EUR",
                     "--ship-lat", "40.71", "--ship-lng", "-74.0")["orderId"]
    run(orderlyd, "shipments", "create", order, wh)
    ret = run_json(orderlyd, "returns", "request", order, "--line", f"{sku}:2")["returnId"]
    run(orderlyd, "returns", "approve", ret)
    run(orderlyd, "returns", "receive", ret, wh)
    assert key_values(run(orderlyd, "returns", "refund", ret).stdout)["refund"] == "39.98 EUR"
    assert key_values(run(orderlyd, "returns", "get", ret).stdout)["refund"] == "39.98 EUR"
    rows = table_rows(run(orderlyd, "returns", "list", order).stdout)
    assert rows[0][3] == "REFUND" and rows[1][3] == "39.98 EUR"
    assert run_json(orderlyd, "returns", "get", ret)["refundMinor"] == "3998"  # JSON stays the message


def test_cancelled_order_shows_its_allocations_released(orderlyd):
    sku = uid("SKU")
    wh = stocked_warehouse(orderlyd, sku, on_hand=10)
    order = run_json(orderlyd, "orders", "create", "--channel", "web", "--line", f"{sku}:4:100",
                     "--ship-lat", "40.71", "--ship-lng", "-74.0")["orderId"]
    live = run(orderlyd, "orders", "get", order).stdout
    assert "Allocations:\n" in live and "released" not in live
    cancelled = run(orderlyd, "orders", "cancel", order).stdout
    for shown in (cancelled, run(orderlyd, "orders", "get", order).stdout):
        section = shown.split("\n\n")[2]
        assert section.startswith("Allocations (released when the order was cancelled; none of this stock is reserved):")
        assert table_rows(section)[1:] == [["LOCATION", "SKU", "QTY", "STATE"], [wh, sku, "4", "released"]]
    level = run_json(orderlyd, "inventory", "availability", sku)["items"][0]
    assert level["available"] == "10"


def test_import_keeps_good_rows_and_reports_malformed_and_rejected_ones(orderlyd, tmp_path):
    wh, sku = stocked_warehouse(orderlyd, uid("SKU")), uid("IMP")
    path = tmp_path / "mixed.csv"
    path.write_text("location_id,sku,on_hand\n"
                    f"{wh},{sku}-A,5\n"         # line 2: good
                    f"{wh},{sku}-B,lots\n"      # line 3: malformed, not sent
                    f"nowhere,{sku}-C,1\n"      # line 4: sent, rejected by the server (row 2)
                    f"{wh},{sku}-D\n"           # line 5: malformed, not sent
                    f"{wh},{sku}-E,7\n")        # line 6: good
    proc = run(orderlyd, "inventory", "import", str(path), expect=1)
    assert "line 3: on_hand 'lots' is not a whole number" in proc.stderr
    assert "line 5: expected 3 fields, found 2" in proc.stderr
    assert "sent 3/3 rows" in proc.stderr and "imported" not in proc.stderr
    summary = key_values(proc.stdout)
    assert (summary["accepted"], summary["rejected"], summary["malformed"]) == ("2", "1", "2 (not sent)")
    assert any(line.strip().startswith("line 4 (row 2): ") and "nowhere" in line for line in proc.stdout.splitlines())
    for suffix, on_hand in (("A", "5"), ("E", "7")):
        assert run_json(orderlyd, "inventory", "availability", f"{sku}-{suffix}")["items"][0]["onHand"] == on_hand
    answer = json.loads(run(orderlyd, "inventory", "import", str(path), "--json", expect=1).stdout)
    assert (answer["accepted"], answer["rejected"]) == ("2", "1")  # int64: strings in proto3 JSON


def test_from_sequence_help_says_it_is_exclusive():
    text = " ".join(run(None, "orders", "watch", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "sequence AFTER this one (exclusive: the event at this sequence is not replayed)" in text


def test_inventory_movements_table_and_json(orderlyd):
    wh, sku = uid("wh"), uid("SKU")
    run(orderlyd, "inventory", "locations", "add", wh, "--name", "Ledger DC", "--kind", "warehouse",
        "--lat", "40.73", "--lng", "-74.17")
    run(orderlyd, "inventory", "set", wh, sku, "10")
    run(orderlyd, "inventory", "adjust", wh, sku, "-3", "--reason", "broken shelf", "--request-id", "cc-" + sku)
    rows = table_rows(run(orderlyd, "inventory", "movements", "--sku", sku).stdout)
    assert rows[0] == ["SEQ", "TIME", "LOCATION", "SKU", "ON HAND", "RESERVED", "DAMAGED", "INCOMING", "REASON",
                       "REFERENCE", "ACTOR", "NOTE"]
    # Empty cells collapse in the split: the bucket that did not move prints nothing.
    assert rows[1][2:6] == [wh, sku, "+10", "set-stock"]
    assert rows[2][2:] == [wh, sku, "-3", "adjustment", "cc-" + sku, "anonymous", "broken shelf"]
    assert int(rows[1][0]) < int(rows[2][0])
    doc = run_json(orderlyd, "inventory", "movements", "--sku", sku, "--limit", "1")
    assert len(doc["movements"]) == 1 and doc["nextPageToken"]
    first = doc["movements"][0]
    assert first["reason"] == "MOVEMENT_REASON_SET_STOCK" and first["onHandDelta"] == "10"
    assert first["at"].endswith("Z") and "reservedDelta" not in first
    assert run(orderlyd, "inventory", "movements", "--sku", uid("none")).stdout.strip() == "(no movements)"
    assert run(orderlyd, "inventory", "movements", "--limit", "0", expect=None).returncode != 0


def test_transfers_lifecycle(orderlyd):
    src, dst, sku = uid("wh"), uid("st"), uid("SKU")
    for loc, lat in ((src, "40.73"), (dst, "41.88")):
        run(orderlyd, "inventory", "locations", "add", loc, "--name", loc, "--kind", "warehouse", "--lat", lat,
            "--lng", "-74.17")
    run(orderlyd, "inventory", "set", src, sku, "10")
    created = run_json(orderlyd, "transfers", "create", src, dst, "--line", f"{sku}:6", "--request-id", "cli-" + sku)
    tid = created["transferId"]
    assert created["status"] == "TRANSFER_STATUS_REQUESTED" and created["lines"] == [{"sku": sku, "quantity": 6}]
    shipped = key_values(run(orderlyd, "transfers", "ship", tid).stdout)
    assert shipped["status"] == "in-transit" and shipped["from"] == src and shipped["to"] == dst
    partly = run(orderlyd, "transfers", "receive", tid, "--line", f"{sku}:2").stdout
    assert key_values(partly)["status"] == "partially-received"
    assert [sku, "6", "2"] in table_rows(partly.split("Lines:")[1])
    failed = run(orderlyd, "transfers", "receive", tid, "--line", f"{sku}:9", expect=None)
    assert failed.returncode != 0 and failed.stderr.startswith("FAILED_PRECONDITION")
    assert key_values(run(orderlyd, "transfers", "receive", tid).stdout)["status"] == "received"
    assert run_json(orderlyd, "transfers", "get", tid)["status"] == "TRANSFER_STATUS_RECEIVED"
    level = run_json(orderlyd, "inventory", "availability", sku)["items"][0]
    assert level["onHand"] == "10"
    rows = table_rows(run(orderlyd, "inventory", "movements", "--sku", sku, "--location", dst).stdout)
    assert [r[-3] for r in rows[1:]] == ["transfer-in"] * 3
    assert run(orderlyd, "transfers", "create", src, dst, expect=None).returncode != 0  # no --line


def test_reservations_lifecycle_and_conversion(orderlyd):
    wh, sku = uid("wh"), uid("SKU")
    run(orderlyd, "inventory", "locations", "add", wh, "--name", wh, "--kind", "warehouse", "--lat", "40.73",
        "--lng", "-74.17")
    run(orderlyd, "inventory", "set", wh, sku, "5")
    where = ("--ship-lat", "40.75", "--ship-lng", "-73.99")
    held = run(orderlyd, "reservations", "create", "--line", f"{sku}:2:1299", *where, "--ttl", "600").stdout
    fields = key_values(held)
    rid = fields["reservation"]
    assert rid.startswith("r-") and fields["status"] == "active" and fields["expires"].endswith("Z")
    assert [wh, sku, "2"] in table_rows(held.split("Held at:")[1])
    assert [sku, "2", "12.99"] in table_rows(held.split("Lines:")[1].split("Held at:")[0])
    extended = run_json(orderlyd, "reservations", "extend", rid, "--ttl", "900")
    assert extended["status"] == "RESERVATION_STATUS_ACTIVE" and extended["allocations"][0]["quantity"] == 2
    order = run_json(orderlyd, "orders", "create", "--channel", "web", "--line", f"{sku}:2:1299", *where,
                     "--reservation", rid)
    assert order["allocations"] == [{"locationId": wh, "sku": sku, "quantity": 2}]
    got = run_json(orderlyd, "reservations", "get", rid)
    assert got["status"] == "RESERVATION_STATUS_CONVERTED" and got["orderId"] == order["orderId"]
    failed = run(orderlyd, "reservations", "release", rid, expect=None)
    assert failed.returncode == 1 and failed.stderr.startswith("FAILED_PRECONDITION")
    other = run_json(orderlyd, "reservations", "create", "--line", f"{sku}:3:1299", *where)
    assert key_values(run(orderlyd, "reservations", "release", other["reservationId"]).stdout)["status"] == "released"
    assert run_json(orderlyd, "inventory", "availability", sku)["items"][0]["reserved"] == "2"
    bad = run(orderlyd, "reservations", "create", "--line", f"{sku}:1:1", *where, "--ttl", "86401", expect=None)
    assert bad.returncode == 1 and bad.stderr.startswith("INVALID_ARGUMENT") and "ttl_seconds" in bad.stderr
    assert run(orderlyd, "reservations", "create", *where, expect=None).returncode == 2  # no --line


def test_insight_reports_print_tables_and_json(orderlyd):
    """`reports customers | affinity | cover`: figures computed from the orders this test made
    (unique skus and customers, and a range starting at its first order, so other tests' orders
    on the shared server do not count)."""
    wh, a, b, c = uid("wh"), uid("MUG"), uid("TEA"), uid("POT")
    ann, bob = uid("ann"), uid("bob")
    run(orderlyd, "inventory", "locations", "add", wh, "--name", "Insight DC", "--kind", "warehouse",
        "--lat", "40.7357", "--lng", "-74.1724")
    for sku in (a, b, c):
        run(orderlyd, "inventory", "set", wh, sku, "100")

    def order(customer, currency, *lines):
        flags = ["--channel", "web", "--customer", customer, "--currency", currency, "--ship-lat", "40.71", "--ship-lng", "-74.0"]
        for line in lines:
            flags += ["--line", line]
        return run_json(orderlyd, "orders", "create", *flags)

    first = order(ann, "USD", f"{a}:2:1000", f"{b}:1:500")    # 2500 USD
    order(ann, "USD", f"{a}:1:1000", f"{c}:3:100")             # 1300 USD
    order(bob, "EUR", f"{a}:1:900", f"{b}:2:100")              # 1100 EUR
    cancelled = order(bob, "USD", f"{b}:5:100", f"{c}:1:100")
    run(orderlyd, "orders", "cancel", cancelled["orderId"])
    since = first["createdAt"]

    customers = run_json(orderlyd, "reports", "customers", "--from", since, "--top", "5")
    assert customers["customers"] == "2" and customers["newCustomers"] == "2" and customers["repeatCustomers"] == "1"
    assert customers["orders"] == "3" and customers["revenueMinor"] == "3800" and customers["currency"] == "USD"
    assert customers["averageOrderValueMinor"] == "1900" and customers["ordersPerCustomer"] == 1.5
    assert customers["repeatPurchaseRate"] == 0.5
    assert [(v["customerId"], v["orders"], v.get("revenueMinor", "0")) for v in customers["topCustomers"]] == [
        (ann, "2", "3800"), (bob, "1", "0")]
    eur = run_json(orderlyd, "reports", "customers", "--from", since, "--currency", "EUR")
    assert eur["revenueMinor"] == "1100" and eur["averageOrderValueMinor"] == "1100"
    table = run(orderlyd, "reports", "customers", "--from", since).stdout
    assert key_values(table)["customers"] == "2"
    assert key_values(table)["average order value"] == "19.00 USD"
    assert [ann, "2", "38.00 USD"] == next(r for r in table_rows(table.split("TOP CUSTOMERS")[1]) if r[1:2] == [ann])[1:]

    affinity = run_json(orderlyd, "reports", "affinity", a)
    assert [(p["sku"], p["ordersTogether"]) for p in affinity["pairs"]] == sorted(
        [(b, "2"), (c, "1")], key=lambda p: (-int(p[1]), p[0]))
    rows = table_rows(run(orderlyd, "reports", "affinity", a).stdout)
    assert rows[0] == ["RANK", f"BOUGHT WITH {a}", "ORDERS TOGETHER"] and rows[1] == ["1", b, "2"]

    cover = run_json(orderlyd, "reports", "cover", a, b, "--location", wh, "--window", "7", "--target", "14")
    assert cover["windowDays"] == 7 and cover["targetDays"] == 14
    items = {i["sku"]: i for i in cover["items"]}
    # a: 4 units in 7 days, 96 available: 14 days need 8 -> no reorder; b: 3 units, 97 available.
    assert items[a]["windowUnits"] == "4" and items[a]["available"] == "96" and items[a]["locationId"] == wh
    assert items[a]["dailyDemand"] == pytest.approx(4 / 7)
    assert items[a]["daysOfCover"] == pytest.approx(96 / (4 / 7))
    assert "reorderQuantity" not in items[a] and "predictedStockout" in items[a]
    text = run(orderlyd, "reports", "cover", a, "--location", wh, "--window", "7").stdout
    assert text.startswith(f"location {wh}, demand over 7 days, reorder for 28 days")
    assert table_rows(text.split("\n", 1)[1])[1][:5] == [a, "96", "0", "0.57", "168"]
