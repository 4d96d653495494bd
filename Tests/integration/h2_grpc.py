"""A gRPC call made by hand over hyper-h2, for what grpcio hides: the compressed flag of each
response message, the response headers (grpc-encoding, grpc-accept-encoding) and per-message
control of the request's compressed flag."""
import gzip
import socket
import struct
import zlib

import h2.config
import h2.connection
import h2.events


def compress(encoding, data):
    if encoding == "gzip":
        return gzip.compress(data)
    if encoding == "deflate":
        return zlib.compress(data)
    raise ValueError(encoding)


def decompress(encoding, data):
    if encoding == "gzip":
        return gzip.decompress(data)
    return zlib.decompress(data)


def message(body, encoding=None):
    """One length-prefixed message, compressed with `encoding` when given."""
    if encoding:
        body = compress(encoding, body)
        return b"\x01" + struct.pack(">I", len(body)) + body
    return b"\x00" + struct.pack(">I", len(body)) + body


class Response:
    def __init__(self):
        self.headers = {}
        self.trailers = {}
        self.body = b""
        self.reset = None

    @property
    def messages(self):
        """[(compressed flag, payload as sent)]."""
        out, i = [], 0
        while i + 5 <= len(self.body):
            n = struct.unpack(">I", self.body[i + 1:i + 5])[0]
            out.append((self.body[i], self.body[i + 5:i + 5 + n]))
            i += 5 + n
        return out

    def decoded(self):
        """The payloads, decompressed with the response's grpc-encoding where flagged."""
        encoding = self.headers.get("grpc-encoding")
        return [decompress(encoding, p) if flag & 1 else p for flag, p in self.messages]

    @property
    def status(self):
        source = self.trailers or self.headers
        return int(source["grpc-status"]) if "grpc-status" in source else None


def call(port, path, body, headers=(), timeout=20.0):
    """One call: request headers plus `body` (already framed), END_STREAM; returns a Response.
    Outgoing headers are not validated, so tests can send what RFC 9113 frowns on."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    config = h2.config.H2Configuration(client_side=True, header_encoding="utf-8", validate_outbound_headers=False,
                                       normalize_outbound_headers=False)
    conn = h2.connection.H2Connection(config=config)
    conn.initiate_connection()
    conn.increment_flow_control_window(16 << 20)
    sock.sendall(conn.data_to_send())
    stream = conn.get_next_available_stream_id()
    conn.send_headers(stream, [(":method", "POST"), (":scheme", "http"), (":path", path),
                               (":authority", "localhost"), ("content-type", "application/grpc"),
                               ("te", "trailers"), *headers])
    sent = 0
    if not body:
        conn.end_stream(stream)
    response = Response()
    done = False
    while not done:
        while sent < len(body):
            window = min(conn.local_flow_control_window(stream), conn.max_outbound_frame_size)
            if window <= 0:
                break
            chunk = body[sent:sent + window]
            sent += len(chunk)
            conn.send_data(stream, chunk, end_stream=sent == len(body))
        sock.sendall(conn.data_to_send())
        data = sock.recv(1 << 16)
        if not data:
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                response.headers = dict(event.headers)
                if event.stream_ended:
                    done = True
            elif isinstance(event, h2.events.DataReceived):
                response.body += event.data
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.TrailersReceived):
                response.trailers = dict(event.headers)
            elif isinstance(event, h2.events.StreamEnded):
                done = True
            elif isinstance(event, h2.events.StreamReset):
                response.reset = event.error_code
                done = True
        sock.sendall(conn.data_to_send())
    sock.close()
    return response
