"""Bearer-token helpers shared by the auth and hostile-input tests: an auth file with one token per
role, and grpcio clients that send `authorization: Bearer <token>` on every call."""
import hashlib
import secrets
import tempfile

import grpc

from orderly_helpers import Client

ROLES = ["admin", "viewer", "warehouse", "channel:web", "channel:pos"]


def write_auth_file(roles=ROLES):
    """Writes an auth file (digests only, with comments and blank lines); returns (path, {role: token})."""
    tokens = {role: secrets.token_urlsafe(24) for role in roles}
    lines = ["# orderlyd tokens: <sha256 hex of the token> <role>", ""]
    for role, token in tokens.items():
        lines.append(f"{hashlib.sha256(token.encode()).hexdigest()} {role}   # {role}")
    path = tempfile.mkstemp(prefix="orderly-auth-", suffix=".txt")[1]
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return path, tokens


class _BearerInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                         grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    def __init__(self, header):
        self.header = header

    def _details(self, details):
        metadata = list(details.metadata or []) + [("authorization", self.header)]
        return details._replace(metadata=metadata) if hasattr(details, "_replace") else _Details(details, metadata)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._details(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


class _Details(grpc.ClientCallDetails):
    def __init__(self, base, metadata):
        self.method = base.method
        self.timeout = base.timeout
        self.metadata = metadata
        self.credentials = base.credentials
        self.wait_for_ready = getattr(base, "wait_for_ready", None)
        self.compression = getattr(base, "compression", None)


def authed_client(api, address, token=None, header=None):
    """A helpers.Client whose every call carries `Bearer <token>` (or the raw `header`)."""
    client = Client(api, address)
    value = header if header is not None else f"Bearer {token}"
    channel = grpc.intercept_channel(client.channel, _BearerInterceptor(value))
    client.inventory = api.stub("InventoryService", channel)
    client.orders = api.stub("OrderService", channel)
    client.shipments = api.stub("ShipmentService", channel)
    client.returns = api.stub("ReturnService", channel)
    client.reports = api.stub("ReportingService", channel)
    client.admin = api.stub("AdminService", channel)
    return client
