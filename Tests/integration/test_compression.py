"""Message compression (gRPC doc/compression.md): grpcio clients configured for gzip and deflate
on every call kind, the interop *_compressed_* cases against interop-server, and raw HTTP/2 checks
of the compressed flag, grpc-accept-encoding, a zip bomb and the error cases."""
import gzip
import zlib

import grpc
import pytest

from h2_grpc import call, message

ENCODINGS = {"gzip": grpc.Compression.Gzip, "deflate": grpc.Compression.Deflate}
ADVERTISED = "gzip, deflate, identity"
UNARY = "/grpc.testing.TestService/UnaryCall"
STREAM_IN = "/grpc.testing.TestService/StreamingInputCall"
STREAM_OUT = "/grpc.testing.TestService/StreamingOutputCall"


def stub(channel):
    from grpc.testing import test_pb2_grpc
    return test_pb2_grpc.TestServiceStub(channel)


def m():
    from grpc.testing import messages_pb2
    return messages_pb2


@pytest.fixture(params=sorted(ENCODINGS))
def compressed_channel(request, interop_server):
    with grpc.insecure_channel(interop_server.address, compression=ENCODINGS[request.param]) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        yield channel


# ---------------------------------------------------------------------------------------------
# grpcio with channel-wide compression, every call kind


def test_unary_compressed_both_ways(compressed_channel):
    r = m().SimpleRequest(response_size=314159, payload=m().Payload(body=b"\0" * 271828),
                          expect_compressed=m().BoolValue(value=True))
    response = stub(compressed_channel).UnaryCall(r, timeout=20)
    assert response.payload.body == b"\0" * 314159


def test_client_streaming_compressed(compressed_channel):
    sizes = [27182, 8, 1828, 45904]
    # grpc core sends a message uncompressed when compression would not make it smaller (8 bytes).
    requests = (m().StreamingInputCallRequest(payload=m().Payload(body=b"\0" * n),
                                              expect_compressed=m().BoolValue(value=n > 100)) for n in sizes)
    assert stub(compressed_channel).StreamingInputCall(requests, timeout=20).aggregated_payload_size == 74922


def test_server_streaming_compressed(compressed_channel):
    sizes = [31415, 9, 2653, 58979]
    request = m().StreamingOutputCallRequest(response_parameters=[m().ResponseParameters(size=n) for n in sizes])
    assert [len(r.payload.body) for r in stub(compressed_channel).StreamingOutputCall(request, timeout=20)] == sizes


def test_bidi_compressed(compressed_channel):
    sizes = [31415, 9, 2653, 58979]
    requests = (m().StreamingOutputCallRequest(response_parameters=[m().ResponseParameters(size=n)],
                                               payload=m().Payload(body=b"\0" * n)) for n in sizes)
    responses = stub(compressed_channel).FullDuplexCall(requests, timeout=20)
    assert [len(r.payload.body) for r in responses] == sizes


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_orderlyd_every_call_kind(orderlyd, api, encoding):
    """Unary, server-streaming (Health/Watch), client-streaming (ImportStock) on orderlyd."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc
    with grpc.insecure_channel(orderlyd.address, compression=ENCODINGS[encoding]) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=10).status == health_pb2.HealthCheckResponse.SERVING
        watch = health.Watch(health_pb2.HealthCheckRequest(), timeout=10)
        assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
        watch.cancel()
        inventory = api.stub("InventoryService", channel)
        location = f"wh-{encoding}"
        from orderly_helpers import Client, NYC
        with Client(api, orderlyd.address) as client:
            client.add_location(location, NYC)
        rows = [api.SetStockRequest(location_id=location, sku=f"SKU-{encoding}-{i}", on_hand=i + 1) for i in range(50)]
        reply = inventory.ImportStock(iter(rows), timeout=20)
        assert (reply.accepted, reply.rejected) == (50, 0)


# ---------------------------------------------------------------------------------------------
# Interop cases (doc/interop-test-descriptions.md), the parts grpcio cannot see done over raw HTTP/2


def test_interop_client_compressed_unary(interop_server, interop_channel):
    probe = m().SimpleRequest(response_size=314159, payload=m().Payload(body=b"\0" * 271828),
                              expect_compressed=m().BoolValue(value=True))
    with pytest.raises(grpc.RpcError) as error:
        stub(interop_channel).UnaryCall(probe, timeout=20)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    for encoding in ENCODINGS:
        response = stub(interop_channel).UnaryCall(probe, timeout=20, compression=ENCODINGS[encoding])
        assert len(response.payload.body) == 314159
    plain = m().SimpleRequest(response_size=314159, payload=m().Payload(body=b"\0" * 271828),
                              expect_compressed=m().BoolValue(value=False))
    assert len(stub(interop_channel).UnaryCall(plain, timeout=20).payload.body) == 314159


@pytest.mark.parametrize("wanted", [True, False])
def test_interop_server_compressed_unary(interop_server, wanted):
    request = m().SimpleRequest(response_size=314159, payload=m().Payload(body=b"\0" * 271828),
                                response_compressed=m().BoolValue(value=wanted)).SerializeToString()
    response = call(interop_server.port, UNARY, message(request), headers=[("grpc-accept-encoding", "gzip")])
    assert response.status == 0
    assert response.headers["grpc-accept-encoding"] == ADVERTISED
    [(flag, _)] = response.messages
    assert flag == (1 if wanted else 0)
    if wanted:
        assert response.headers["grpc-encoding"] == "gzip"
    body = m().SimpleResponse.FromString(response.decoded()[0]).payload.body
    assert body == b"\0" * 314159


def test_interop_client_compressed_streaming(interop_server):
    def req(size, expect):
        return m().StreamingInputCallRequest(payload=m().Payload(body=b"\0" * size),
                                             expect_compressed=m().BoolValue(value=expect)).SerializeToString()
    probe = call(interop_server.port, STREAM_IN, message(req(27182, True)), headers=[("grpc-encoding", "gzip")])
    assert probe.status == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    both = message(req(27182, True), "gzip") + message(req(45904, False))
    response = call(interop_server.port, STREAM_IN, both, headers=[("grpc-encoding", "gzip")])
    assert response.status == 0
    assert m().StreamingInputCallResponse.FromString(response.decoded()[0]).aggregated_payload_size == 73086


def test_interop_server_compressed_streaming(interop_server):
    request = m().StreamingOutputCallRequest(response_parameters=[
        m().ResponseParameters(size=31415, compressed=m().BoolValue(value=True)),
        m().ResponseParameters(size=92653, compressed=m().BoolValue(value=False))]).SerializeToString()
    response = call(interop_server.port, STREAM_OUT, message(request), headers=[("grpc-accept-encoding", "gzip")])
    assert response.status == 0
    assert [flag for flag, _ in response.messages] == [1, 0]
    sizes = [len(m().StreamingOutputCallResponse.FromString(p).payload.body) for p in response.decoded()]
    assert sizes == [31415, 92653]


# ---------------------------------------------------------------------------------------------
# Negotiation and limits over raw HTTP/2


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_response_uses_request_encoding_when_accepted(interop_server, encoding):
    request = m().SimpleRequest(response_size=5000).SerializeToString()
    response = call(interop_server.port, UNARY, message(request, encoding),
                    headers=[("grpc-encoding", encoding), ("grpc-accept-encoding", f"identity, {encoding}")])
    assert response.status == 0
    assert response.headers["grpc-encoding"] == encoding
    assert [flag for flag, _ in response.messages] == [1]
    assert len(m().SimpleResponse.FromString(response.decoded()[0]).payload.body) == 5000


def test_response_uncompressed_when_client_does_not_accept(interop_server):
    request = m().SimpleRequest(response_size=5000).SerializeToString()
    response = call(interop_server.port, UNARY, message(request, "gzip"),
                    headers=[("grpc-encoding", "gzip"), ("grpc-accept-encoding", "identity")])
    assert response.status == 0
    assert "grpc-encoding" not in response.headers
    assert [flag for flag, _ in response.messages] == [0]


def test_plain_calls_advertise_encodings(orderlyd):
    from grpc_health.v1 import health_pb2
    response = call(orderlyd.port, "/grpc.health.v1.Health/Check",
                    message(health_pb2.HealthCheckRequest().SerializeToString()))
    assert response.status == 0
    assert response.headers["grpc-accept-encoding"] == ADVERTISED
    assert [flag for flag, _ in response.messages] == [0]


def test_unknown_encoding_is_unimplemented_with_accept_encoding(orderlyd):
    response = call(orderlyd.port, "/grpc.health.v1.Health/Check", message(b""), headers=[("grpc-encoding", "br")])
    assert response.status == grpc.StatusCode.UNIMPLEMENTED.value[0]
    assert response.headers["grpc-accept-encoding"] == ADVERTISED


def test_compressed_flag_with_identity_is_internal(orderlyd):
    body = b"\x01\x00\x00\x00\x02\x0a\x00"
    response = call(orderlyd.port, "/grpc.health.v1.Health/Check", body)
    assert response.status == grpc.StatusCode.INTERNAL.value[0]


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_corrupt_compressed_message_is_internal(orderlyd, encoding):
    body = b"\x01\x00\x00\x00\x04junk"
    response = call(orderlyd.port, "/grpc.health.v1.Health/Check", body, headers=[("grpc-encoding", encoding)])
    assert response.status == grpc.StatusCode.INTERNAL.value[0]


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_zip_bomb_is_resource_exhausted_and_bounded(orderlyd, encoding):
    """1 GiB of zeros compresses to about 1 MiB; the server stops at its 4 MiB message limit."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    chunk = b"\0" * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(1024)) + compressor.flush()
    assert len(bomb) < 2 << 20
    rss_before = rss_kib(orderlyd.proc.pid)
    frame = b"\x01" + len(bomb).to_bytes(4, "big") + bomb
    response = call(orderlyd.port, "/grpc.health.v1.Health/Check", frame, headers=[("grpc-encoding", encoding)])
    assert response.status == grpc.StatusCode.RESOURCE_EXHAUSTED.value[0]
    assert "exceeds" in response.trailers.get("grpc-message", response.headers.get("grpc-message", ""))
    assert rss_kib(orderlyd.proc.pid) - rss_before < 64 << 10  # well under 1 GiB: at most tens of MiB


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


REFLECTION = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


def list_services_request():
    from grpc_reflection.v1alpha import reflection_pb2  # same wire messages as v1
    return reflection_pb2.ServerReflectionRequest(list_services="").SerializeToString()


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_orderlyd_compresses_responses_with_the_request_encoding(orderlyd, encoding):
    """On orderlyd itself (grpcio would decompress silently): a bidi call (reflection) whose
    request is compressed and whose client accepts that encoding gets compressed responses."""
    from grpc_reflection.v1alpha import reflection_pb2
    response = call(orderlyd.port, REFLECTION, message(list_services_request(), encoding),
                    headers=[("grpc-encoding", encoding), ("grpc-accept-encoding", f"identity, {encoding}")])
    assert response.status == 0
    assert response.headers["grpc-encoding"] == encoding
    assert [flag for flag, _ in response.messages] == [1]
    answer = reflection_pb2.ServerReflectionResponse.FromString(response.decoded()[0])
    assert "orderly.v1.OrderService" in [s.name for s in answer.list_services_response.service]


def test_orderlyd_answers_uncompressed_when_the_request_was_not(orderlyd):
    """Accepting gzip is not asking for it: an uncompressed request gets uncompressed answers."""
    response = call(orderlyd.port, REFLECTION, message(list_services_request()),
                    headers=[("grpc-accept-encoding", "gzip, identity")])
    assert response.status == 0
    assert "grpc-encoding" not in response.headers
    assert [flag for flag, _ in response.messages] == [0]
