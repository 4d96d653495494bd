"""Operating a durable orderlyd: snapshots on demand (AdminService/Snapshot, SIGUSR1) and at
SIGTERM, what start-up logs about recovery, the --fsync never warning, and a damaged journal that
stops start-up naming file and offset unless --truncate-corrupt-journal is given."""
import os
import re
import signal
import tempfile
import time

import grpc
import pytest

from conftest import start_orderlyd
from orderly_helpers import NEWARK, TRENTON, Client, uid

TIMEOUT = 15


def seeded(api, address, orders=5):
    """A location, stock and a few orders; returns the skus and the orders."""
    with Client(api, address) as client:
        loc = uid("loc")
        client.add_location(loc, NEWARK)
        sku = uid("sku")
        client.set_stock(loc, sku, 1000)
        created = [client.create(client.order_request([(sku, 1, 500)])) for _ in range(orders)]
    return loc, sku, created


def wait_for_log(server, pattern, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, server.log())
        if match:
            return match
        time.sleep(0.05)
    raise AssertionError(f"log never matched {pattern!r}:\n{server.log()}")


def files(data_dir, prefix, suffix):
    return sorted(n for n in os.listdir(data_dir) if n.startswith(prefix) and n.endswith(suffix))


def test_admin_snapshot_rpc_writes_a_snapshot_and_a_restart_replays_nothing(api, data_dir):
    server = start_orderlyd(data_dir)
    try:
        _, _, created = seeded(api, server.address)
        with grpc.insecure_channel(server.address) as channel:
            admin = api.stub("AdminService", channel)
            first = admin.Snapshot(api.SnapshotRequest(), timeout=TIMEOUT)
            assert first.written and first.orders == len(created)
            assert first.covered_sequence > 0 and first.payload_bytes > 0
            assert files(data_dir, "snapshot-", ".snap") == [first.file]
            again = admin.Snapshot(api.SnapshotRequest(), timeout=TIMEOUT)
            assert not again.written, "nothing changed, yet a second snapshot was written"
        assert server.stop() == 0, server.log()
        server = start_orderlyd(data_dir)
        line = wait_for_log(server, r'recovered: snapshot (snapshot-\S+) \(seq (\d+).*?; (\d+) journal records replayed')
        assert line.group(1) == first.file and int(line.group(2)) == first.covered_sequence
        assert int(line.group(3)) == 0
        with Client(api, server.address) as client:
            for order in created:
                assert client.get(order.order_id) == order
    finally:
        server.stop()


def test_sigusr1_snapshots_and_sigterm_snapshots_the_tail(api, data_dir):
    server = start_orderlyd(data_dir)
    try:
        loc, sku, created = seeded(api, server.address)
        server.proc.send_signal(signal.SIGUSR1)
        wait_for_log(server, r"snapshot \(requested\): snapshot-\S+ covers seq \d+, 5 orders")
        with Client(api, server.address) as client:
            more = client.create(client.order_request([(sku, 2, 900)]))
        assert server.stop() == 0, server.log()
        assert "snapshot (shutdown)" in server.log()
        server = start_orderlyd(data_dir)
        wait_for_log(server, r"recovered: snapshot .*; 0 journal records replayed.*6 orders")
        with Client(api, server.address) as client:
            assert client.get(more.order_id) == more
            assert client.level(sku, loc)[1] == 5 + 2
    finally:
        server.stop()


def test_fsync_never_warns_that_acknowledged_writes_can_be_lost(api, data_dir):
    server = start_orderlyd(data_dir, extra=["--fsync", "never"])
    try:
        wait_for_log(server, r"level=warning.*--fsync never.*can lose acknowledged writes")
        seeded(api, server.address, orders=1)
    finally:
        assert server.stop() == 0


def test_damaged_journal_stops_start_up_naming_file_and_offset_unless_truncation_is_asked(api, data_dir):
    server = start_orderlyd(data_dir)
    _, _, created = seeded(api, server.address, orders=20)
    server.stop(sig=signal.SIGKILL)  # no shutdown snapshot: everything is in the journal
    [segment] = files(data_dir, "journal-", ".log")
    path = os.path.join(data_dir, segment)
    data = bytearray(open(path, "rb").read())
    middle = len(data) // 2
    data[middle] ^= 0x10
    open(path, "wb").write(bytes(data))

    server = None
    argv_log = tempfile.mkstemp(prefix="orderly-refused-", suffix=".log")[1]
    import subprocess
    from conftest import BIN_DIR
    with open(argv_log, "wb") as log:
        code = subprocess.run([str(BIN_DIR / "orderlyd"), "--port", "0", "--data-dir", data_dir],
                              stdout=log, stderr=subprocess.STDOUT, timeout=30).returncode
    text = open(argv_log, errors="replace").read()
    os.unlink(argv_log)
    assert code != 0, text
    found = re.search(r"corruption in (\S+) at offset (\d+)", text)
    assert found, text
    assert found.group(1).endswith(segment) and 0 < int(found.group(2)) <= middle

    server = start_orderlyd(data_dir, extra=["--truncate-corrupt-journal"])
    try:
        wait_for_log(server, r"TRUNCATED AT CORRUPTION")
        with Client(api, server.address) as client:
            survivors = client.list_all(page_size=100)
            assert 0 < len(survivors) < len(created)
            assert client.verify().consistent
    finally:
        server.stop()


@pytest.mark.parametrize("flags, reason", [
    (["--snapshot-journal-bytes", "512", "--snapshot-interval", "0"], r"journal \d+ bytes"),
    (["--snapshot-interval", "0.3", "--snapshot-journal-bytes", "0"], r"interval"),
])
def test_snapshot_triggers_from_flags(api, data_dir, flags, reason):
    server = start_orderlyd(data_dir, extra=flags)
    try:
        seeded(api, server.address, orders=10)
        wait_for_log(server, r"snapshot \(" + reason + r"\): snapshot-\S+ covers seq \d+, 10 orders")
        assert files(data_dir, "snapshot-", ".snap")
    finally:
        assert server.stop() == 0


def test_no_trigger_flags_mean_no_snapshot_until_shutdown(api, data_dir):
    server = start_orderlyd(data_dir, extra=["--snapshot-interval", "0", "--snapshot-journal-bytes", "0"])
    try:
        seeded(api, server.address, orders=10)
        time.sleep(0.5)
        assert files(data_dir, "snapshot-", ".snap") == []
    finally:
        assert server.stop() == 0
    assert len(files(data_dir, "snapshot-", ".snap")) == 1


@pytest.mark.parametrize("flags", [["--fsync", "sometimes"], ["--snapshot-interval", "-1"],
                                   ["--snapshot-journal-bytes", "-5"]])
def test_bad_durability_flags_are_usage_errors(data_dir, flags):
    import subprocess
    from conftest import BIN_DIR
    done = subprocess.run([str(BIN_DIR / "orderlyd"), "--port", "0", "--data-dir", data_dir, *flags],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 64, done.stderr
    assert os.listdir(data_dir) == [], "a refused start must not touch the data directory"


def test_kill_9_while_snapshots_are_constantly_being_written_loses_nothing_acknowledged(api, data_dir):
    """The crash rounds of test_durability_crash, with a snapshot every few KiB of journal, so kills
    land during snapshot writes and journal cuts too."""
    import random
    import threading
    from test_durability_crash import Books, settle_and_check, writer
    flags = ["--snapshot-journal-bytes", "4096", "--snapshot-interval", "0"]
    rng = random.Random(7)
    skus = [uid("snap") for _ in range(3)]
    locations = [uid("loc") for _ in range(3)]
    initial, books = {}, Books()
    server = start_orderlyd(data_dir, extra=flags)
    try:
        with Client(api, server.address) as client:
            for location, where in zip(locations, (NEWARK, TRENTON, NEWARK)):
                client.add_location(location, where)
                for sku in skus:
                    client.set_stock(location, sku, 5000)
                    initial[(location, sku)] = 5000
        for round_no in range(3):
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(api, server.address, i, round_no, skus, locations,
                                                             books, stop)) for i in range(6)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.5, 1.2))
            server.stop(sig=signal.SIGKILL)
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            assert books.unexpected == []
            snapshots_written = server.log().count("snapshot (journal")
            assert snapshots_written > 0, "no snapshot ran during the round: the test proves nothing"
            server = start_orderlyd(data_dir, extra=flags)
            with Client(api, server.address) as client:
                settle_and_check(api, client, skus, locations, initial, books)
    finally:
        server.stop()
