"""Hostile-input harness (SECURITY.md): throws random bytes, malformed HTTP/2 frames of every type,
broken gRPC framing, hostile protobuf and out-of-range values, and abuse patterns (rapid reset, ping
and CONTINUATION floods, slowloris, idle and never-ending streams, watchers that never read) at a
running orderlyd. After every case a well-behaved grpcio client must still get correct answers and
VerifyInventory must be consistent. The number of cases tried is printed and asserted."""
import random
import shutil
import struct
import threading
import time

import grpc
import pytest

from conftest import start_orderlyd
from h2_raw import (ACK, CONTINUATION, DATA, END_HEADERS, END_STREAM, GOAWAY, HEADERS, PING, RST_STREAM,
                    WINDOW_UPDATE, Frames, RawConnection, frame, grpc_message, hpack_indexed, hpack_literal,
                    request_block, settings)
from orderly_helpers import NYC, TIMEOUT, Client, uid

CASES = {"count": 0}
MIN_CASES = 500
BAD_CODES = {grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE,
             grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.DATA_LOSS}
ENHANCE_YOUR_CALM = 0xB


class World:
    """A reference state that no hostile case touches, checked after every case."""

    def __init__(self, api, server):
        self.api, self.server = api, server
        self.client = Client(api, server.address)
        self.sku, self.wh = uid("ref-sku"), uid("ref-wh")
        self.client.add_location(self.wh, NYC)
        self.client.set_stock(self.wh, self.sku, 100)
        self.order = self.client.create(self.client.order_request([(self.sku, 3, 1250)], channel="WEB"))

    def check(self, case):
        """The server is alive, answers correctly and its invariants hold; counts the case."""
        CASES["count"] += 1
        assert self.server.alive(), f"orderlyd died after {case}\n{self.server.log()[-3000:]}"
        try:
            assert self.client.level(self.sku, self.wh) == (100, 3, 97), case
            order = self.client.get(self.order.order_id)
            assert order.version == self.order.version and order.total_minor == 3750, case
            verdict = self.client.verify()
            assert verdict.consistent, f"{case}: {list(verdict.problems)[:5]}"
        except grpc.RpcError as error:
            raise AssertionError(f"well-behaved client failed after {case}: {error.code()} {error.details()}")


@pytest.fixture(scope="module")
def world(api, orderlyd):
    w = World(api, orderlyd)
    yield w
    w.client.close()


# ---------------------------------------------------------------------------------------------
# Raw bytes and HTTP/2 frames


def test_random_bytes(world):
    rng = random.Random(20240601)
    for i in range(80):
        garbage = bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 7, 24, 100, 1000, 5000])))
        with RawConnection(world.server.port, handshake=i % 2 == 1) as conn:
            conn.send(garbage)
            conn.probe()
        world.check(f"random bytes #{i} ({len(garbage)} bytes, preface={i % 2 == 1})")


FRAME_TYPES = list(range(10)) + [0x0A, 0xFE]
LENGTHS = [0, 1, 5, 8, 13, 16385]
FLAGS = [0x00, 0xFF]
STREAMS = [0, 1, 2, 0x7FFFFFFF]


@pytest.mark.parametrize("kind", FRAME_TYPES)
def test_every_frame_type_with_bad_lengths_flags_and_streams(world, kind):
    rng = random.Random(kind)
    for length in LENGTHS:
        for flags in FLAGS:
            for stream in STREAMS:
                payload = bytes(rng.getrandbits(8) for _ in range(length))
                with RawConnection(world.server.port) as conn:
                    conn.send(frame(kind, flags, stream, payload))
                    conn.probe()
                world.check(f"frame type={kind} length={length} flags={flags:#x} stream={stream}")


def test_frames_lying_about_their_length(world):
    for kind in FRAME_TYPES:
        for claimed, sent in [(0xFFFFFF, 32), (100, 3), (8, 20)]:
            with RawConnection(world.server.port) as conn:
                conn.send(frame(kind, 0, 1 if kind in (DATA, HEADERS, RST_STREAM) else 0, b"\x00" * sent,
                                length=claimed))
                try:
                    conn.sock.shutdown(1)
                except OSError:
                    pass
                conn.read_for(5)
            world.check(f"frame type={kind} claims {claimed} bytes, sends {sent}")


# ---------------------------------------------------------------------------------------------
# gRPC framing over a valid HTTP/2 stream


GRPC_FRAMING = [
    ("truncated message", grpc_message(b"\x0a\x03abc", length=100), True),
    ("length prefix above the limit", grpc_message(b"x" * 16000, length=5 << 20), True),
    ("length prefix 4 GiB", grpc_message(b"", length=0xFFFFFFFF), True),
    ("compressed flag without encoding", grpc_message(b"\x0a\x01a", compressed=1), True),
    ("unknown flag bits", grpc_message(b"\x0a\x01a", compressed=0x80), True),
    ("half a prefix", b"\x00\x00\x00", True),
    ("two messages for a unary method", grpc_message(b"\x0a\x01a") * 2, True),
    ("empty message", grpc_message(b""), True),
    ("no message at all", b"", True),
    ("prefix without END_STREAM", grpc_message(b"\x0a\x01a", length=50), False),
]


@pytest.mark.parametrize("name,body,end", GRPC_FRAMING, ids=[c[0] for c in GRPC_FRAMING])
def test_grpc_framing(world, name, body, end):
    for path in ["/orderly.v1.InventoryService/GetAvailability", "/orderly.v1.OrderService/CreateOrder",
                 "/orderly.v1.InventoryService/ImportStock", "/orderly.v1.Nope/Nothing"]:
        with RawConnection(world.server.port) as conn:
            conn.send(frame(HEADERS, END_HEADERS, 1, request_block(path)))
            for offset in range(0, len(body), 16384):
                conn.send(frame(DATA, 0, 1, body[offset:offset + 16384]))
            conn.send(frame(DATA, END_STREAM if end else 0, 1, b""))
            if end:
                frames = conn.read_for(5, until=lambda f: f.stream_ended(1))
                assert frames.stream_ended(1) or conn.closed, f"{name} on {path}: the call never ended"
            conn.probe()
        world.check(f"gRPC framing: {name} on {path}")


BAD_REQUESTS = [
    ("wrong content type", request_block("/orderly.v1.InventoryService/VerifyInventory", "text/plain")),
    ("no path", b"".join(hpack_literal(n, v) for n, v in [(":method", "POST"), (":scheme", "http")])),
    ("GET method", b"".join(hpack_literal(n, v) for n, v in [(":method", "GET"), (":scheme", "http"),
                                                                 (":path", "/x"), (":authority", "a")])),
    ("upper-case header", request_block("/orderly.v1.InventoryService/VerifyInventory", extra=[("X-Bad", "1")])),
    ("connection-specific header", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                                 extra=[("connection", "keep-alive")])),
    ("bad grpc-timeout", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                       extra=[("grpc-timeout", "99999999999H")])),
    ("unsupported grpc-encoding", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                                extra=[("grpc-encoding", "br")])),
    ("binary header with bad base64", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                                    extra=[("x-blob-bin", "!!!not base64!!!")])),
    ("invalid HPACK index", hpack_indexed(5000)),
    ("truncated HPACK string", b"\x00\x7f\xff\xff\xff\x0f"),
    ("header value with NUL", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                            extra=[("x-note", "a\x00b")])),
]


@pytest.mark.parametrize("name,block", BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_malformed_request_headers(world, name, block):
    with RawConnection(world.server.port) as conn:
        conn.send(frame(HEADERS, END_HEADERS, 1, block))
        conn.send(frame(DATA, END_STREAM, 1, grpc_message(b"")))
        conn.read_for(5, until=lambda f: f.stream_ended(1))
        conn.probe()
    world.check(f"request headers: {name}")


# ---------------------------------------------------------------------------------------------
# Protobuf bodies, sent as raw bytes through grpcio


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(number, wire, payload):
    return varint(number << 3 | wire) + payload


def string_field(number, data):
    data = data.encode() if isinstance(data, str) else data
    return field(number, 2, varint(len(data)) + data)


def raw_call(world, method, body, timeout=TIMEOUT):
    call = world.client.channel.unary_unary(method)
    try:
        call(body, timeout=timeout)
        return grpc.StatusCode.OK
    except grpc.RpcError as error:
        return error.code()


def valid_bodies(world):
    """Valid serialized requests of several methods, to mutate."""
    api, c = world.api, world.client
    order = c.order_request([(uid("hsku"), 2, 300), (uid("hsku"), 1, 99)], channel="POS")
    return {
        "/orderly.v1.OrderService/CreateOrder": order.SerializeToString(),
        "/orderly.v1.OrderService/PlanRouting": order.SerializeToString(),
        "/orderly.v1.InventoryService/SetStock": api.SetStockRequest(location_id=world.wh, sku=uid("hsku"),
                                                                     on_hand=5, safety_stock=1).SerializeToString(),
        "/orderly.v1.InventoryService/AdjustStock": api.AdjustStockRequest(
            location_id=world.wh, sku=uid("hsku"), delta=2, reason="r", request_id=uid("a")).SerializeToString(),
        "/orderly.v1.InventoryService/UpsertLocation": api.Location(
            location_id=uid("hloc"), name="n", kind=api.LocationKind.Value("LOCATION_KIND_STORE"),
            address=c.address(), pickup_enabled=True).SerializeToString(),
        "/orderly.v1.InventoryService/GetAvailability": api.GetAvailabilityRequest(
            skus=[uid("hsku"), world.sku]).SerializeToString(),
        "/orderly.v1.OrderService/ListOrders": api.ListOrdersRequest(
            page_size=5, status=1, channel=2, customer_id="c").SerializeToString(),
        "/orderly.v1.OrderService/GetOrder": api.GetOrderRequest(order_id=uid("o")).SerializeToString(),
        "/orderly.v1.ReturnService/RequestReturn": api.RequestReturnRequest(
            order_id=uid("o"), lines=[api.ReturnLine(sku="s", quantity=1, reason=2)]).SerializeToString(),
        "/orderly.v1.ShipmentService/AddTrackingEvent": api.AddTrackingEventRequest(
            shipment_id=uid("s"), status=2, description="d").SerializeToString(),
        "/orderly.v1.ReportingService/GetTopProducts": api.GetTopProductsRequest(limit=3).SerializeToString(),
    }


def mutations(body, rng):
    """Hostile variants of a valid message: (name, bytes)."""
    out = []
    for cut in sorted({1, 2, len(body) // 3, len(body) // 2, len(body) - 1}):
        if 0 < cut < len(body):
            out.append((f"truncated at {cut}", body[:cut]))
    for wire in (0, 1, 2, 3, 4, 5, 6, 7):
        out.append((f"first tag wire type {wire}", bytes([(body[0] & 0xF8) | wire]) + body[1:]))
    out += [
        ("unknown varint field", body + field(999, 0, varint(12345))),
        ("unknown length-delimited field", body + string_field(1000, b"\xff" * 50)),
        ("unknown fixed32 and fixed64", body + field(77, 5, b"\x01\x02\x03\x04") + field(78, 1, b"\x00" * 8)),
        ("unknown group", body + field(79, 3, b"") + field(79, 4, b"")),
        ("field number 0", field(0, 0, varint(1)) + body),
        ("field number 2^29-1", body + field((1 << 29) - 1, 0, varint(1))),
        ("ten-byte varint", body + field(999, 0, b"\xff" * 9 + b"\x01")),
        ("eleven-byte varint", body + field(999, 0, b"\xff" * 10 + b"\x01")),
        ("unterminated varint", body + field(999, 0, b"\xff" * 5)),
        ("length 2^63", body + field(1000, 2, varint(1 << 63) + b"abc")),
        ("length past the end", body + field(1000, 2, varint(1 << 20) + b"abc")),
        ("deep nesting", body + field(1000, 2, varint(2000) + b"\x0a\xfe\x0f" * 666 + b"\x00\x00")),
    ]
    for _ in range(8):
        flipped = bytearray(body)
        for _ in range(rng.randint(1, 4)):
            flipped[rng.randrange(len(flipped))] = rng.getrandbits(8)
        out.append(("random byte flips", bytes(flipped)))
    return out


def test_hostile_protobuf(world):
    rng = random.Random(7)
    for method, body in valid_bodies(world).items():
        for name, bad in mutations(body, rng):
            code = raw_call(world, method, bad)
            assert code not in BAD_CODES, f"{method} {name}: {code}"
            world.check(f"protobuf {method}: {name}")


INVALID_UTF8 = [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"abc\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]


@pytest.mark.parametrize("bad", INVALID_UTF8, ids=[b.hex() for b in INVALID_UTF8])
def test_invalid_utf8_is_rejected(world, bad):
    for method, body in [
        ("/orderly.v1.InventoryService/SetStock",
         string_field(1, world.wh) + string_field(2, b"sku-" + bad) + field(3, 0, varint(1))),
        ("/orderly.v1.OrderService/GetOrder", string_field(1, b"o-" + bad)),
        ("/orderly.v1.InventoryService/GetAvailability", string_field(1, bad)),
    ]:
        assert raw_call(world, method, body) == grpc.StatusCode.INVALID_ARGUMENT, f"{method} {bad!r}"
        world.check(f"invalid UTF-8 {bad!r} to {method}")


def order_with(world, quantity=1, price=100, channel=None, method=None, raw_quantity=None, raw_price=None):
    """A CreateOrderRequest whose line carries raw varints (so out-of-range values can be sent)."""
    api = world.api
    base = world.client.order_request([(uid("hsku"), 1, 1)], channel="WEB")
    del base.lines[:]
    if channel is not None:
        base.channel = 0
    if method is not None:
        base.shipping_method = 0
    body = base.SerializeToString()
    line = string_field(1, "sku-x") + field(2, 0, varint(raw_quantity if raw_quantity is not None else quantity)) \
        + field(3, 0, varint(raw_price if raw_price is not None else price))
    fields_of = api.CreateOrderRequest.DESCRIPTOR.fields_by_name
    body += string_field(fields_of["lines"].number, line)
    if channel is not None:
        body += field(fields_of["channel"].number, 0, varint(channel))
    if method is not None:
        body += field(fields_of["shipping_method"].number, 0, varint(method))
    return body


INT64_MAX, INT32_MAX = (1 << 63) - 1, (1 << 31) - 1


def value_cases(world):
    api = world.api
    wh = world.wh
    set_stock = "/orderly.v1.InventoryService/SetStock"
    adjust = "/orderly.v1.InventoryService/AdjustStock"
    create = "/orderly.v1.OrderService/CreateOrder"
    sku = uid("hsku")
    invalid = {grpc.StatusCode.INVALID_ARGUMENT}
    refused = {grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.OUT_OF_RANGE}
    cases = [
        ("negative on_hand", set_stock, api.SetStockRequest(location_id=wh, sku=sku, on_hand=-1).SerializeToString(),
         invalid),
        ("negative safety stock", set_stock,
         api.SetStockRequest(location_id=wh, sku=sku, on_hand=1, safety_stock=-5).SerializeToString(), invalid),
        ("on_hand INT64_MAX", set_stock,
         api.SetStockRequest(location_id=wh, sku=sku, on_hand=INT64_MAX).SerializeToString(),
         {grpc.StatusCode.OK} | invalid),
        ("adjust +INT64_MAX on top", adjust,
         api.AdjustStockRequest(location_id=wh, sku=sku, delta=INT64_MAX, request_id=uid("a")).SerializeToString(),
         refused),
        ("adjust INT64_MIN", adjust,
         api.AdjustStockRequest(location_id=wh, sku=sku, delta=-INT64_MAX - 1, request_id=uid("a")).SerializeToString(),
         refused),
        ("quantity -1", create, order_with(world, raw_quantity=-1), invalid),
        ("quantity 0", create, order_with(world, quantity=0), invalid),
        ("quantity INT32_MAX", create, order_with(world, quantity=INT32_MAX), refused),
        ("quantity 2^32+1 (int32 overflow)", create, order_with(world, raw_quantity=(1 << 32) + 1),
         refused | {grpc.StatusCode.NOT_FOUND}),
        ("quantity 2^31 (wraps negative)", create, order_with(world, raw_quantity=1 << 31), refused),
        ("price -1", create, order_with(world, raw_price=-1), invalid),
        ("price INT64_MAX x 2 overflows the total", create, order_with(world, quantity=2, price=INT64_MAX), refused),
        ("price INT64_MIN", create, order_with(world, raw_price=1 << 63), invalid),
        ("unknown channel 99", create, order_with(world, channel=99), invalid),
        ("unknown channel -1", create, order_with(world, channel=-1), invalid),
        ("unknown shipping method 77", create, order_with(world, method=77), invalid),
        ("unknown location kind 55", "/orderly.v1.InventoryService/UpsertLocation",
         api.Location(location_id=uid("l"), name="n", kind=55, address=world.client.address()).SerializeToString(),
         invalid),
        ("unknown order status filter 42", "/orderly.v1.OrderService/ListOrders",
         api.ListOrdersRequest(status=42).SerializeToString(), {grpc.StatusCode.OK} | invalid),
        ("unknown channel filter 42", "/orderly.v1.OrderService/ListOrders",
         api.ListOrdersRequest(channel=42).SerializeToString(), {grpc.StatusCode.OK} | invalid),
        ("negative page size", "/orderly.v1.OrderService/ListOrders",
         api.ListOrdersRequest(page_size=-5).SerializeToString(), {grpc.StatusCode.OK} | invalid),
        ("garbage page token", "/orderly.v1.OrderService/ListOrders",
         api.ListOrdersRequest(page_token="\u00ff" * 100).SerializeToString(), {grpc.StatusCode.OK} | invalid),
        ("unknown return reason 99", "/orderly.v1.ReturnService/RequestReturn",
         api.RequestReturnRequest(order_id=world.order.order_id,
                                  lines=[api.ReturnLine(sku=world.sku, quantity=1, reason=99)]).SerializeToString(),
         refused),
        ("unknown shipment status 99", "/orderly.v1.ShipmentService/AddTrackingEvent",
         api.AddTrackingEventRequest(shipment_id=uid("s"), status=99).SerializeToString(),
         invalid | {grpc.StatusCode.NOT_FOUND}),
        ("negative low-stock threshold", "/orderly.v1.ReportingService/GetLowStock",
         api.GetLowStockRequest(threshold=-INT64_MAX).SerializeToString(), {grpc.StatusCode.OK} | invalid),
        ("negative top-products limit", "/orderly.v1.ReportingService/GetTopProducts",
         api.GetTopProductsRequest(limit=-1).SerializeToString(), {grpc.StatusCode.OK} | invalid),
        ("timestamps out of range", "/orderly.v1.ReportingService/GetSalesSummary",
         api.GetSalesSummaryRequest(**{"from": {"seconds": -INT64_MAX, "nanos": -5}},
                                    to={"seconds": INT64_MAX, "nanos": 2_000_000_000}).SerializeToString(),
         {grpc.StatusCode.OK} | invalid),
        ("3 MB sku", set_stock, api.SetStockRequest(location_id=wh, sku="s" * (3 << 20), on_hand=1).SerializeToString(),
         {grpc.StatusCode.OK} | invalid),
        ("10 MB sku", set_stock,
         api.SetStockRequest(location_id=wh, sku="s" * (10 << 20), on_hand=1).SerializeToString(),
         {grpc.StatusCode.RESOURCE_EXHAUSTED}),
        ("10 MB customer email", create,
         order_with(world) + string_field(4, string_field(2, "e" * (10 << 20))), {grpc.StatusCode.RESOURCE_EXHAUSTED}),
        ("100k availability skus", "/orderly.v1.InventoryService/GetAvailability",
         api.GetAvailabilityRequest(skus=[f"k{i}" for i in range(100_000)]).SerializeToString(),
         {grpc.StatusCode.OK} | invalid),
    ]
    return cases


def test_hostile_values(world):
    for name, method, body, expected in value_cases(world):
        code = raw_call(world, method, body, timeout=60)
        assert code in expected, f"{name}: got {code}, expected one of {expected}"
        world.check(f"value: {name}")


# ---------------------------------------------------------------------------------------------
# Abuse patterns


def test_rapid_reset_is_cut_off(world):
    """CVE-2023-44487: HEADERS + RST_STREAM in a loop. nghttp2's reset rate limit ends the connection
    long before the loop does, and the server keeps serving others meanwhile."""
    block = request_block("/orderly.v1.InventoryService/VerifyInventory")
    with RawConnection(world.server.port) as conn:
        sent = 0
        for stream in range(1, 20001, 2):
            burst = frame(HEADERS, END_HEADERS, stream, block) + frame(RST_STREAM, 0, stream, struct.pack(">I", 8))
            if not conn.send(burst):
                break
            sent += 1
        frames = conn.read_for(10, until=lambda f: bool(f.goaway()))
        assert frames.goaway() or conn.closed, "rapid reset loop was never cut off"
    assert sent >= 1
    world.check(f"rapid reset loop ({sent} streams sent)")


def test_ping_flood_gets_enhance_your_calm(world):
    with RawConnection(world.server.port) as conn:
        for i in range(200):
            if not conn.send(frame(PING, 0, 0, struct.pack(">Q", i))):
                break
        frames = conn.read_for(10, until=lambda f: bool(f.goaway()))
        assert (ENHANCE_YOUR_CALM, b"too_many_pings") in frames.goaway(), frames.goaway()
        assert len(frames.ping_acks()) <= 3
    world.check("ping flood")


def test_pings_with_calls_between_are_fine(world):
    with RawConnection(world.server.port) as conn:
        for i in range(10):
            stream = 2 * i + 1
            conn.send(frame(PING, 0, 0, struct.pack(">Q", i)))
            conn.send(frame(HEADERS, END_HEADERS, stream,
                            request_block("/orderly.v1.InventoryService/VerifyInventory")))
            conn.send(frame(DATA, END_STREAM, stream, grpc_message(b"")))
            conn.read_for(5, until=lambda f, s=stream: f.stream_ended(s))
        assert conn.probe() == "alive"
        assert not Frames(conn.buffer).goaway()
    world.check("pings interleaved with calls")


def test_continuation_flood_is_cut_off(world):
    block = request_block("/orderly.v1.InventoryService/VerifyInventory")
    with RawConnection(world.server.port) as conn:
        conn.send(frame(HEADERS, 0, 1, block[:10]))
        for _ in range(100):
            if not conn.send(frame(CONTINUATION, 0, 1, hpack_literal("x-a", "b"))):
                break
        frames = conn.read_for(10, until=lambda f: bool(f.goaway()))
        assert frames.goaway() or conn.closed
    world.check("CONTINUATION flood")


def test_oversized_header_lists_reset_the_stream(world):
    cases = [
        ("one 20 KB header", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                           extra=[("x-big", "v" * 20000)])),
        ("1000 small headers", request_block("/orderly.v1.InventoryService/VerifyInventory",
                                             extra=[(f"x-h{i}", "v") for i in range(1000)])),
        # HPACK bomb: one 4 KB entry in the dynamic table, then 200 one-byte references to it.
        ("HPACK bomb", request_block("/orderly.v1.InventoryService/VerifyInventory")
         + hpack_literal("x-bomb", "b" * 4000, indexing=True) + hpack_indexed(62) * 200),
    ]
    for name, block in cases:
        with RawConnection(world.server.port, settings_frame=settings()) as conn:
            chunks = [block[i:i + 16000] for i in range(0, len(block), 16000)]
            for i, chunk in enumerate(chunks):
                kind = HEADERS if i == 0 else CONTINUATION
                conn.send(frame(kind, END_HEADERS if i == len(chunks) - 1 else 0, 1, chunk))
            conn.send(frame(DATA, END_STREAM, 1, grpc_message(b"")))
            frames = conn.read_for(5, until=lambda f: f.stream_ended(1) or bool(f.goaway()))
            assert frames.resets(1) or frames.goaway() or conn.closed, f"{name}: accepted"
        world.check(f"header list: {name}")


def test_streams_that_never_end_are_bounded(world):
    """Max concurrent streams (100 by default): streams beyond it are refused, the others stay
    open without END_STREAM, and the server keeps serving everyone else."""
    block = request_block("/orderly.v1.InventoryService/ImportStock")
    with RawConnection(world.server.port) as conn:
        for stream in range(1, 2 * 150, 2):
            conn.send(frame(HEADERS, END_HEADERS, stream, block))
            conn.send(frame(DATA, 0, stream, grpc_message(b"\x0a", length=10)))
        frames = conn.read_for(5, until=lambda f: len(f.resets()) >= 50 or bool(f.goaway()))
        refused = frames.resets()
        assert len(refused) >= 50 or frames.goaway(), f"only {len(refused)} streams refused"
        world.check("150 never-ending streams on one connection")


def test_watcher_that_never_reads_is_cut_off(world):
    """A WatchInventory client that grants no flow-control credit while ~18 MB of events happen: the
    server ends the watch at its per-stream bound (4 MiB queued) instead of buffering without limit.
    Once the client opens its window it gets at most the bound, then the end of the stream."""
    api = world.api
    with RawConnection(world.server.port, settings_frame=settings(initial_window_size=0)) as conn:
        conn.send(frame(HEADERS, END_HEADERS, 1, request_block("/orderly.v1.InventoryService/WatchInventory")))
        conn.send(frame(DATA, END_STREAM, 1, grpc_message(b"")))
        time.sleep(0.3)
        wh, long = world.wh, "w" * 110

        def rows():
            for i in range(40000):
                yield api.SetStockRequest(location_id=wh, sku=f"{long}-{i % 500}", on_hand=i)

        # Three bulk imports: whether the watch pump keeps up (and its queued bytes pass the 4 MiB
        # bound) or falls behind (and its event queue overflows), the watch must be cut off.
        for _ in range(3):
            assert world.client.inventory.ImportStock(rows(), timeout=120).accepted == 40000
        time.sleep(1)
        conn.send(settings(initial_window_size=(1 << 31) - 1) + frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 1 << 30)))
        frames = Frames(b"")
        for _ in range(30):
            frames = conn.read_for(1)
            if frames.stream_ended(1) or conn.closed:
                break
        delivered = sum(len(p) for k, _, s, p in frames.frames if k == DATA and s == 1)
        assert frames.stream_ended(1), f"the watch was never ended ({delivered} bytes delivered)"
        assert 0 < delivered <= (4 << 20) + (64 << 10), f"{delivered} bytes delivered"
    world.check("watcher that never reads")


def separate_server(*args):
    return start_orderlyd(extra=list(args))


def test_slowloris_and_idle_connections_are_closed(api):
    server = separate_server("--handshake-timeout", "1", "--idle-timeout", "1.5")
    try:
        w = World(api, server)
        started = time.monotonic()
        silent = RawConnection(server.port, handshake=False)
        partial = RawConnection(server.port, handshake=False)
        partial.send(b"PRI * HTTP/2.0\r\n")
        no_settings = RawConnection(server.port, handshake=False)
        no_settings.send(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        for conn in (silent, partial, no_settings):
            conn.read_for(5)
            assert conn.closed, "a connection without a complete handshake stayed open"
            conn.close()
            w.check("slowloris")
        assert time.monotonic() - started < 4
        idle = RawConnection(server.port)
        frames = idle.read_for(6)
        assert idle.closed and (0, b"idle") in frames.goaway(), frames.goaway()
        idle.close()
        w.check("idle connection")
        w.client.close()
    finally:
        assert server.stop() == 0
        shutil.rmtree(server.workdir, ignore_errors=True)


def test_connections_beyond_the_limit_are_refused(api):
    server = separate_server("--max-connections", "4")
    try:
        conns = []
        for _ in range(4):
            # Retries while the start-up probe connection is still counted by the server.
            for _attempt in range(25):
                conn = RawConnection(server.port)
                if conn.probe() == "alive":
                    break
                conn.close()
                time.sleep(0.2)
            else:
                raise AssertionError("a connection within --max-connections was refused")
            conns.append(conn)
        extra = RawConnection(server.port)
        extra.read_for(3)
        assert extra.closed, "a connection beyond --max-connections was kept"
        extra.close()
        for conn in conns:
            conn.close()
        time.sleep(0.3)
        w = World(api, server)  # one well-behaved connection fits again
        w.check("max connections")
        w.client.close()
    finally:
        assert server.stop() == 0
        shutil.rmtree(server.workdir, ignore_errors=True)


def test_case_count(world, capsys):
    with capsys.disabled():
        print(f"\nhostile-input harness: {CASES['count']} cases tried")
    assert CASES["count"] >= MIN_CASES
