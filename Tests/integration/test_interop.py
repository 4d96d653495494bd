"""The gRPC project's interop test cases (doc/interop-test-descriptions.md), run with Python
grpcio against our `interop-server`, plus the engine's own edge cases."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest


def stub(channel):
    from grpc.testing import test_pb2_grpc
    return test_pb2_grpc.TestServiceStub(channel)


def msgs():
    from grpc.testing import messages_pb2, empty_pb2
    return messages_pb2, empty_pb2


def test_empty_unary(interop_channel):
    _, empty_pb2 = msgs()
    response = stub(interop_channel).EmptyCall(empty_pb2.Empty(), timeout=10)
    assert response == empty_pb2.Empty()


@pytest.mark.parametrize("request_size,response_size", [(271828, 314159), (2 * 1024 * 1024, 1536 * 1024)])
def test_large_unary(interop_channel, request_size, response_size):
    m, _ = msgs()
    request = m.SimpleRequest(response_size=response_size, payload=m.Payload(body=b"\0" * request_size))
    response = stub(interop_channel).UnaryCall(request, timeout=20)
    assert len(response.payload.body) == response_size
    assert response.payload.body == b"\0" * response_size


def test_client_streaming(interop_channel):
    m, _ = msgs()
    sizes = [27182, 8, 1828, 45904]
    requests = (m.StreamingInputCallRequest(payload=m.Payload(body=b"\0" * n)) for n in sizes)
    response = stub(interop_channel).StreamingInputCall(requests, timeout=10)
    assert response.aggregated_payload_size == 74922


def test_client_streaming_with_no_messages(interop_channel):
    response = stub(interop_channel).StreamingInputCall(iter(()), timeout=10)
    assert response.aggregated_payload_size == 0


def test_server_streaming(interop_channel):
    m, _ = msgs()
    sizes = [31415, 9, 2653, 58979]
    request = m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=n) for n in sizes])
    responses = list(stub(interop_channel).StreamingOutputCall(request, timeout=10))
    assert [len(r.payload.body) for r in responses] == sizes


def test_ping_pong(interop_channel):
    m, _ = msgs()
    pairs = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)]
    outbox = []
    cond = threading.Condition()

    def requests():
        for i, (resp, req) in enumerate(pairs):
            yield m.StreamingOutputCallRequest(
                response_parameters=[m.ResponseParameters(size=resp)], payload=m.Payload(body=b"\0" * req))
            with cond:  # wait for the reply before sending the next request
                cond.wait_for(lambda: len(outbox) > i, timeout=10)

    for response in stub(interop_channel).FullDuplexCall(requests(), timeout=20):
        with cond:
            outbox.append(len(response.payload.body))
            cond.notify_all()
    assert outbox == [p[0] for p in pairs]


def test_empty_stream(interop_channel):
    assert list(stub(interop_channel).FullDuplexCall(iter(()), timeout=10)) == []


def test_half_duplex(interop_channel):
    m, _ = msgs()
    sizes = [5, 10, 15]
    requests = [m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=n)]) for n in sizes]
    try:
        responses = list(stub(interop_channel).HalfDuplexCall(iter(requests), timeout=10))
    except grpc.RpcError as error:  # HalfDuplexCall is optional in the interop server spec
        assert error.code() == grpc.StatusCode.UNIMPLEMENTED
        return
    assert [len(r.payload.body) for r in responses] == sizes


@pytest.mark.parametrize("message", ["test status message", "ünïcödé ✓ 状态 100% \t\n done"])
def test_status_code_and_message(interop_channel, message):
    m, _ = msgs()
    status = m.EchoStatus(code=2, message=message)
    with pytest.raises(grpc.RpcError) as unary_error:
        stub(interop_channel).UnaryCall(m.SimpleRequest(response_status=status), timeout=10)
    assert unary_error.value.code() == grpc.StatusCode.UNKNOWN
    assert unary_error.value.details() == message
    with pytest.raises(grpc.RpcError) as stream_error:
        list(stub(interop_channel).FullDuplexCall(iter([m.StreamingOutputCallRequest(response_status=status)]), timeout=10))
    assert stream_error.value.code() == grpc.StatusCode.UNKNOWN
    assert stream_error.value.details() == message


def test_custom_metadata(interop_channel):
    m, _ = msgs()
    metadata = (("x-grpc-test-echo-initial", "test_initial_metadata_value"),
                ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))
    request = m.SimpleRequest(response_size=314159, payload=m.Payload(body=b"\0" * 271828))
    response, call = stub(interop_channel).UnaryCall.with_call(request, metadata=metadata, timeout=10)
    assert len(response.payload.body) == 314159
    assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata()

    stream_request = m.StreamingOutputCallRequest(
        response_parameters=[m.ResponseParameters(size=314159)], payload=m.Payload(body=b"\0" * 271828))
    call = stub(interop_channel).FullDuplexCall(iter([stream_request]), metadata=metadata, timeout=10)
    assert [len(r.payload.body) for r in call] == [314159]
    assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata()


def test_unimplemented_method(interop_channel):
    _, empty_pb2 = msgs()
    with pytest.raises(grpc.RpcError) as error:
        stub(interop_channel).UnimplementedCall(empty_pb2.Empty(), timeout=10)
    assert error.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_unimplemented_service(interop_channel):
    from grpc.testing import test_pb2_grpc
    _, empty_pb2 = msgs()
    with pytest.raises(grpc.RpcError) as error:
        test_pb2_grpc.UnimplementedServiceStub(interop_channel).UnimplementedCall(empty_pb2.Empty(), timeout=10)
    assert error.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_cancel_after_begin(interop_channel):
    release = threading.Event()

    def requests():
        release.wait(10)
        return
        yield  # pragma: no cover

    call = stub(interop_channel).StreamingInputCall.future(requests(), timeout=10)
    time.sleep(0.1)
    call.cancel()
    release.set()
    with pytest.raises(grpc.FutureCancelledError):
        call.result()
    assert call.cancelled()


def test_cancel_after_first_response(interop_server, interop_channel):
    m, _ = msgs()
    release = threading.Event()

    def requests():
        yield m.StreamingOutputCallRequest(
            response_parameters=[m.ResponseParameters(size=31415)], payload=m.Payload(body=b"\0" * 27182))
        release.wait(10)

    call = stub(interop_channel).FullDuplexCall(requests(), timeout=10)
    first = next(call)
    assert len(first.payload.body) == 31415
    call.cancel()
    release.set()
    assert call.code() == grpc.StatusCode.CANCELLED
    # The server saw the RST_STREAM and keeps serving.
    _, empty_pb2 = msgs()
    assert stub(interop_channel).EmptyCall(empty_pb2.Empty(), timeout=10) == empty_pb2.Empty()
    assert interop_server.alive()


def test_timeout_on_sleeping_server(interop_channel):
    m, _ = msgs()
    release = threading.Event()

    def requests():
        yield m.StreamingOutputCallRequest(payload=m.Payload(body=b"\0" * 27182))
        release.wait(5)

    with pytest.raises(grpc.RpcError) as error:
        list(stub(interop_channel).FullDuplexCall(requests(), timeout=0.001))
    release.set()
    assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_server_side_deadline_expires(interop_channel):
    """A stream the client keeps open past its grpc-timeout is ended by the server's timer."""
    m, _ = msgs()
    release = threading.Event()

    def requests():
        yield m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=1)])
        release.wait(5)

    started = time.monotonic()
    with pytest.raises(grpc.RpcError) as error:
        list(stub(interop_channel).FullDuplexCall(requests(), timeout=0.5))
    release.set()
    assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - started < 4


def test_oversized_request_is_resource_exhausted(interop_channel):
    m, _ = msgs()
    request = m.SimpleRequest(response_size=1, payload=m.Payload(body=b"\0" * (5 * 1024 * 1024)))
    with pytest.raises(grpc.RpcError) as error:
        stub(interop_channel).UnaryCall(request, timeout=10)
    assert error.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    _, empty_pb2 = msgs()
    assert stub(interop_channel).EmptyCall(empty_pb2.Empty(), timeout=10) == empty_pb2.Empty()


def test_many_concurrent_calls_on_one_connection(interop_channel):
    m, _ = msgs()
    s = stub(interop_channel)
    futures = [s.UnaryCall.future(m.SimpleRequest(response_size=i % 97 + 1), timeout=30) for i in range(300)]
    sizes = [len(f.result().payload.body) for f in futures]
    assert sizes == [i % 97 + 1 for i in range(300)]


def test_many_connections_at_once(interop_server):
    m, _ = msgs()

    def one(i):
        # A distinct channel option keeps grpcio from sharing one subchannel between channels.
        options = [("grpc.use_local_subchannel_pool", 1), ("orderly.test.channel", i)]
        with grpc.insecure_channel(interop_server.address, options=options) as channel:
            responses = [len(stub(channel).UnaryCall(m.SimpleRequest(response_size=8), timeout=20).payload.body)
                         for _ in range(5)]
            return responses

    with ThreadPoolExecutor(max_workers=64) as pool:
        results = list(pool.map(one, range(64)))
    assert results == [[8] * 5] * 64
