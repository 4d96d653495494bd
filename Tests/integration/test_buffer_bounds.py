"""Unsent response bytes are bounded per connection (--max-connection-buffer-bytes, 16 MiB by
default) whatever the number of streams, and the memory is given back when the connection
closes: 100 streams that never read, each asking interop-server for 12.5 MiB."""
import time

from conftest import RunningServer, BIN_DIR, free_port
from h2_raw import DATA, END_HEADERS, END_STREAM, HEADERS, RawConnection, frame, grpc_message, request_block

MIB = 1 << 20


def rss(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def settle(pid, until, timeout=30.0):
    """Polls the RSS until `until(rss)` holds and it stopped moving (within 1 MiB over 0.5 s)."""
    deadline = time.monotonic() + timeout
    last = rss(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = rss(pid)
        if until(now) and abs(now - last) < MIB:
            return now
        last = now
    return rss(pid)


def test_hundred_non_reading_streams_stay_bounded_and_are_freed():
    from grpc.testing import messages_pb2
    port = free_port()
    server = RunningServer([str(BIN_DIR / "interop-server"), "--port", str(port)], port)
    try:
        baseline = rss(server.proc.pid)
        request = messages_pb2.StreamingOutputCallRequest(
            response_parameters=[messages_pb2.ResponseParameters(size=64 << 10) for _ in range(200)])
        body = grpc_message(request.SerializeToString())
        with RawConnection(port) as conn:
            for i in range(100):
                stream = 2 * i + 1
                conn.send(frame(HEADERS, END_HEADERS, stream, request_block("/grpc.testing.TestService/StreamingOutputCall")))
                conn.send(frame(DATA, END_STREAM, stream, body))
            # Never read: the server can hand the socket only what the 64 KiB windows allow.
            peak = settle(server.proc.pid, until=lambda now: now > baseline + 8 * MIB)
            growth = peak - baseline
            # 100 × 12.5 MiB asked for; 16 MiB queued at most, plus a message per stream in flight.
            print(f"RSS baseline {baseline / MIB:.1f} MiB, with 100 stuck streams +{growth / MIB:.1f} MiB")
            assert growth < 48 * MIB, f"RSS grew by {growth / MIB:.0f} MiB"
            assert conn.probe() == "alive"
        # The queued output is freed and trimmed; what malloc keeps for its arenas varies by run
        # (12-17 MiB seen), so the bound leaves room for that and still catches pinned buffers.
        after = settle(server.proc.pid, until=lambda now: now < baseline + 24 * MIB)
        print(f"after close +{(after - baseline) / MIB:.1f} MiB")
        assert after < baseline + 24 * MIB, f"RSS stayed {(after - baseline) / MIB:.0f} MiB above its start"
        assert after < peak, "closing the connection gave nothing back"
        assert server.alive()
    finally:
        assert server.stop() == 0
