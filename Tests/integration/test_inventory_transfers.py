"""Transfers over the wire (issue "Know every unit and every customer"): the lifecycle with partial
receipts and the buckets each step moves, cancellation, idempotency, the error codes, and a kill -9
in the middle of a transfer (recovery keeps it, and it can be finished afterwards)."""
import shutil
import signal

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import NYC, TIMEOUT, Client, expect_error, uid

TRENTON = (40.2171, -74.7429)


def figures(client, sku, location):
    for level in client.availability(sku).locations:
        if level.location_id == location:
            return level.on_hand, level.reserved, level.damaged, level.incoming, level.available
    return 0, 0, 0, 0, 0


def setup(client, stock=10):
    src, dst, sku = uid("wh"), uid("wh"), uid("sku")
    client.add_location(src, NYC)
    client.add_location(dst, TRENTON)
    client.set_stock(src, sku, stock)
    return src, dst, sku


def create(client, src, dst, lines, request_id=""):
    api = client.api
    return client.inventory.CreateTransfer(api.CreateTransferRequest(
        request_id=request_id, from_location_id=src, to_location_id=dst,
        lines=[api.TransferLine(sku=s, quantity=q) for s, q in lines]), timeout=TIMEOUT)


def receive(client, transfer_id, lines=()):
    api = client.api
    return client.inventory.ReceiveTransfer(api.ReceiveTransferRequest(
        transfer_id=transfer_id, lines=[api.TransferLine(sku=s, quantity=q) for s, q in lines]), timeout=TIMEOUT)


def status(api, t):
    return api.TransferStatus.Name(t.status).removeprefix("TRANSFER_STATUS_")


def test_lifecycle_with_partial_receipts(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        src, dst, sku = setup(client)
        t = create(client, src, dst, [(sku, 6)])
        assert status(api, t) == "REQUESTED" and t.transfer_id.startswith("t-")
        assert t.created_at.seconds > 0 and t.from_location_id == src and t.to_location_id == dst
        assert figures(client, sku, src) == (10, 6, 0, 0, 4)
        t = client.inventory.ShipTransfer(api.ShipTransferRequest(transfer_id=t.transfer_id), timeout=TIMEOUT)
        assert status(api, t) == "IN_TRANSIT"
        assert figures(client, sku, src) == (4, 0, 0, 0, 4)
        assert figures(client, sku, dst) == (0, 0, 0, 6, 0)
        t = receive(client, t.transfer_id, [(sku, 2)])
        assert status(api, t) == "PARTIALLY_RECEIVED" and t.lines[0].quantity_received == 2
        assert figures(client, sku, dst) == (2, 0, 0, 4, 2)
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, receive, client, t.transfer_id, [(sku, 5)], names=[sku])
        t = receive(client, t.transfer_id)
        assert status(api, t) == "RECEIVED"
        assert figures(client, sku, dst) == (6, 0, 0, 0, 6)
        got = client.inventory.GetTransfer(api.GetTransferRequest(transfer_id=t.transfer_id), timeout=TIMEOUT)
        assert got == t
        moves = client.inventory.ListStockMovements(api.ListStockMovementsRequest(sku=sku), timeout=TIMEOUT).movements
        assert [api.MovementReason.Name(m.reason) for m in moves[1:]] == [
            "MOVEMENT_REASON_TRANSFER_OUT", "MOVEMENT_REASON_TRANSFER_OUT", "MOVEMENT_REASON_TRANSFER_IN",
            "MOVEMENT_REASON_TRANSFER_IN", "MOVEMENT_REASON_TRANSFER_IN"]
        assert all(m.reference == t.transfer_id for m in moves[1:])
        assert client.verify().consistent


def test_cancel_releases_and_a_repeated_key_answers_the_first_transfer(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        src, dst, sku = setup(client, stock=5)
        key = uid("tr")
        t = create(client, src, dst, [(sku, 5)], request_id=key)
        assert create(client, src, dst, [(sku, 5)], request_id=key) == t
        expect_error(grpc.StatusCode.ALREADY_EXISTS, create, client, src, dst, [(sku, 4)], request_id=key,
                     names=[key])
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.create, client.order_request([(sku, 1, 100)]),
                     names=[sku])
        cancelled = client.inventory.CancelTransfer(api.CancelTransferRequest(transfer_id=t.transfer_id),
                                                    timeout=TIMEOUT)
        assert status(api, cancelled) == "CANCELLED"
        assert figures(client, sku, src) == (5, 0, 0, 0, 5)
        expect_error(grpc.StatusCode.FAILED_PRECONDITION, client.inventory.ShipTransfer,
                     api.ShipTransferRequest(transfer_id=t.transfer_id), timeout=TIMEOUT, names=[t.transfer_id])
        assert client.verify().consistent


@pytest.mark.parametrize("case", ["same", "empty", "zero", "repeat", "unknown-location", "short"])
def test_bad_transfers_answer_their_codes(api, orderlyd, case):
    with Client(api, orderlyd.address) as client:
        src, dst, sku = setup(client, stock=3)
        code, to, lines, names = {
            "same": (grpc.StatusCode.INVALID_ARGUMENT, src, [(sku, 1)], ["to_location_id"]),
            "empty": (grpc.StatusCode.INVALID_ARGUMENT, dst, [], ["lines"]),
            "zero": (grpc.StatusCode.INVALID_ARGUMENT, dst, [(sku, 0)], ["lines[0].quantity"]),
            "repeat": (grpc.StatusCode.INVALID_ARGUMENT, dst, [(sku, 1), (sku, 1)], ["lines[1].sku"]),
            "unknown-location": (grpc.StatusCode.NOT_FOUND, "nowhere-" + sku, [(sku, 1)], ["nowhere-" + sku]),
            "short": (grpc.StatusCode.FAILED_PRECONDITION, dst, [(sku, 4)], [sku]),
        }[case]
        expect_error(code, create, client, src, to, lines, names=names)
        assert figures(client, sku, src) == (3, 0, 0, 0, 3)


def test_unknown_transfers_are_not_found(api, orderlyd):
    with Client(api, orderlyd.address) as client:
        for call, request in [(client.inventory.GetTransfer, api.GetTransferRequest(transfer_id="t-999999")),
                              (client.inventory.ShipTransfer, api.ShipTransferRequest(transfer_id="t-999999")),
                              (client.inventory.CancelTransfer, api.CancelTransferRequest(transfer_id="t-999999")),
                              (client.inventory.ReceiveTransfer, api.ReceiveTransferRequest(transfer_id="t-999999"))]:
            expect_error(grpc.StatusCode.NOT_FOUND, call, request, timeout=TIMEOUT, names=["t-999999"])
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, client.inventory.GetTransfer, api.GetTransferRequest(),
                     timeout=TIMEOUT, names=["transfer_id"])


def test_kill_9_in_the_middle_of_a_transfer(api):
    server = start_orderlyd()
    data_dir = server.workdir
    try:
        with Client(api, server.address) as client:
            src, dst, sku = setup(client)
            waiting = create(client, src, dst, [(sku, 2)])
            moving = create(client, src, dst, [(sku, 5)], request_id="tr-kill")
            client.inventory.ShipTransfer(api.ShipTransferRequest(transfer_id=moving.transfer_id), timeout=TIMEOUT)
            moving = receive(client, moving.transfer_id, [(sku, 1)])
            before = (figures(client, sku, src), figures(client, sku, dst))
        assert server.stop(sig=signal.SIGKILL) == -signal.SIGKILL
        server = start_orderlyd(data_dir)
        with Client(api, server.address) as client:
            assert (figures(client, sku, src), figures(client, sku, dst)) == before == (
                (5, 2, 0, 0, 3), (1, 0, 0, 4, 1))
            got = client.inventory.GetTransfer(api.GetTransferRequest(transfer_id=moving.transfer_id), timeout=TIMEOUT)
            assert got == moving
            assert create(client, src, dst, [(sku, 5)], request_id="tr-kill") == moving
            assert client.verify().consistent
            assert status(api, receive(client, moving.transfer_id)) == "RECEIVED"
            client.inventory.CancelTransfer(api.CancelTransferRequest(transfer_id=waiting.transfer_id), timeout=TIMEOUT)
            assert figures(client, sku, src) == (5, 0, 0, 0, 5)
            assert figures(client, sku, dst) == (5, 0, 0, 0, 5)
            assert client.verify().consistent
    finally:
        assert server.stop() == 0, server.log()
        shutil.rmtree(data_dir, ignore_errors=True)
