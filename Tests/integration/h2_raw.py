"""A deliberately small raw HTTP/2 client for hostile-input tests: frames built by hand, HPACK as
literal fields without Huffman (enough to send any header), and a frame reader that tells what the
server did (GOAWAY codes, stream ends, resets, PING ACKs) without decoding its headers."""
import os
import socket
import struct
import time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS, PADDED, PRIORITY_FLAG = 0x1, 0x1, 0x4, 0x8, 0x20


def frame(kind, flags, stream, payload=b"", length=None):
    n = len(payload) if length is None else length
    return struct.pack(">I", n)[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def settings(**values):
    ids = {"header_table_size": 1, "enable_push": 2, "max_concurrent_streams": 3, "initial_window_size": 4,
           "max_frame_size": 5, "max_header_list_size": 6}
    return frame(SETTINGS, 0, 0, b"".join(struct.pack(">HI", ids[k], v) for k, v in values.items()))


def _hpack_int(value, prefix_bits, first=0):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first | value])
    out = [first | limit]
    value -= limit
    while value >= 128:
        out.append(value % 128 + 128)
        value //= 128
    out.append(value)
    return bytes(out)


def hpack_literal(name, value, indexing=False):
    """A literal header field (without indexing, or with incremental indexing), no Huffman."""
    name = name.encode() if isinstance(name, str) else name
    value = value.encode() if isinstance(value, str) else value
    head = b"\x40" if indexing else b"\x00"
    return head + _hpack_int(len(name), 7) + name + _hpack_int(len(value), 7) + value


def hpack_indexed(index):
    return _hpack_int(index, 7, 0x80)


def request_block(path, content_type="application/grpc", extra=()):
    fields = [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
              ("content-type", content_type), ("te", "trailers"), *extra]
    return b"".join(hpack_literal(n, v) for n, v in fields)


def grpc_message(body, compressed=0, length=None):
    n = len(body) if length is None else length
    return bytes([compressed]) + struct.pack(">I", n) + body


class Frames:
    """What the server sent, parsed into frames."""

    def __init__(self, data):
        self.frames, i = [], 0
        while i + 9 <= len(data):
            n = int.from_bytes(data[i:i + 3], "big")
            self.frames.append((data[i + 3], data[i + 4], int.from_bytes(data[i + 5:i + 9], "big") & 0x7FFFFFFF,
                                data[i + 9:i + 9 + n]))
            i += 9 + n

    def goaway(self):
        """[(error code, debug data)] of every GOAWAY."""
        return [(int.from_bytes(p[4:8], "big"), p[8:]) for k, _, _, p in self.frames if k == GOAWAY and len(p) >= 8]

    def stream_ended(self, stream):
        """True once the server ended or reset `stream`."""
        return any(s == stream and (k == RST_STREAM or (k in (HEADERS, DATA) and f & END_STREAM))
                   for k, f, s, _ in self.frames)

    def resets(self, stream=None):
        return [(s, int.from_bytes(p[:4], "big")) for k, _, s, p in self.frames
                if k == RST_STREAM and (stream is None or s == stream)]

    def ping_acks(self):
        return [p for k, f, _, p in self.frames if k == PING and f & ACK]


class RawConnection:
    """One TCP connection to the server; `handshake` sends the preface and an empty SETTINGS."""

    def __init__(self, port, handshake=True, settings_frame=None, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.closed = False
        if handshake:
            self.send(PREFACE + (settings_frame if settings_frame is not None else settings()))

    def send(self, data):
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            self.closed = True
            return False

    def read_for(self, seconds, until=None):
        """Reads for up to `seconds`, stopping early at EOF or when `until(Frames)` holds."""
        deadline = time.monotonic() + seconds
        while not self.closed and time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                break
            except OSError:
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.buffer += chunk
            if until and until(Frames(self.buffer)):
                break
        return Frames(self.buffer)

    def probe(self, seconds=5.0):
        """'closed' if the server closed the connection, 'alive' if it answered a PING."""
        token = os.urandom(8)
        if not self.send(frame(PING, 0, 0, token)):
            self.read_for(seconds)
            return "closed"
        frames = self.read_for(seconds, until=lambda f: token in f.ping_acks())
        if token in frames.ping_acks():
            return "alive"
        if self.closed:
            return "closed"
        raise AssertionError("server neither answered a PING nor closed the connection")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
