// Recovery through PersistentStore: a reopened store equals the one that was closed, field for
// field, whether it comes from the journal alone, a snapshot, or a snapshot plus journal; a torn
// tail is dropped and reported; corruption stops start-up naming file and offset unless the
// operator asks for truncation; the directory lock keeps a second server out.
import Glibc
import Testing
@testable import OrderlyDomain
@testable import OrderlyDurability
@testable import OrderlyPersistence

@Suite struct RecoveryTests {
    enum Route: String, CaseIterable { case journalOnly, snapshotAtClose, snapshotThenJournal }

    @Test(arguments: Route.allCases)
    func reopenedStoreEqualsTheClosedOne(route: Route) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let first = try PersistentStore.open(directory: dir.path, options: testOptions(snapshotOnClose: route == .snapshotAtClose), clock: clock)
        try seed(first.store)
        try workload(first.store, clock: clock, tag: "one")
        if route == .snapshotThenJournal {
            let report = try #require(try first.snapshot())
            #expect(report.coveredSequence == first.gate.lastAppendedSequence)
            try workload(first.store, clock: clock, tag: "two")
        }
        let before = first.store.snapshot()
        let appended = first.gate.lastAppendedSequence
        first.close()

        let second = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        defer { second.close() }
        expectSameState(second.store.snapshot(), before)
        #expect(second.recovery.lastSequence == appended)
        #expect(second.recovery.durability.tornTail == nil)
        switch route {
        case .journalOnly:
            #expect(second.recovery.snapshotSequence == 0)
            #expect(second.recovery.recordsReplayed == Int(appended))
        case .snapshotAtClose:
            #expect(second.recovery.snapshotSequence == appended)
            #expect(second.recovery.recordsReplayed == 0)
        case .snapshotThenJournal:
            #expect(second.recovery.snapshotSequence > 0 && second.recovery.snapshotSequence < appended)
            #expect(second.recovery.recordsReplayed == Int(appended - second.recovery.snapshotSequence))
        }
        #expect(second.store.verifyInventory().consistent)
        // Idempotency keys survive: a retried CreateOrder finds the original order.
        let original = try second.store.order("o-000001")
        let retried = try second.store.createOrder(orderCommand([("A", 1), ("B", 1)], requestId: "req-one-0", customer: "c-0"))
        #expect(retried.orderId == original.orderId)
        #expect(second.gate.lastAppendedSequence == appended)
    }

    @Test func everyMutationIsExactlyOneJournalRecord() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let first = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        let mutations = try seed(first.store)
        // One CreateOrder changes the order and every stock level it reserves: still one record.
        let order = try first.store.createOrder(orderCommand([("A", 2), ("B", 1), ("C", 1)], requestId: "r", customer: "c"))
        #expect(Set(order.allocations.map(\.locationId)).count >= 2)
        #expect(first.gate.lastAppendedSequence == UInt64(mutations + 1))
        // A retry that changes nothing journals nothing.
        _ = try first.store.createOrder(orderCommand([("A", 2), ("B", 1), ("C", 1)], requestId: "r", customer: "c"))
        #expect(first.gate.lastAppendedSequence == UInt64(mutations + 1))
        first.close()
        let second = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        defer { second.close() }
        #expect(second.recovery.recordsReplayed == mutations + 1)
        #expect(try second.store.order(order.orderId) == order)
    }

    @Test func tornLastRecordIsDroppedAndReported() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let first = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        try seed(first.store)
        try workload(first.store, clock: clock, tag: "one")
        let before = first.store.snapshot()
        let appended = first.gate.lastAppendedSequence
        first.close()
        // A crash in the middle of an append: half a record header at the end of the segment.
        let segment = try #require(try dir.segments().last)
        let bytes = try RawFile.read(dir.file(segment))
        try RawFile.write(dir.file(segment), bytes + Array(bytes[(bytes.count - 40)..<(bytes.count - 25)]))

        let second = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        defer { second.close() }
        let torn = try #require(second.recovery.durability.tornTail)
        #expect(torn.offset == Int64(bytes.count))
        #expect(torn.bytes == 15)
        #expect(second.recovery.logLine.contains("torn tail dropped"))
        #expect(second.recovery.lastSequence == appended)
        expectSameState(second.store.snapshot(), before)
    }

    @Test func corruptionStopsStartUpNamingFileAndOffsetUnlessTruncationIsAsked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let first = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        try seed(first.store)
        try workload(first.store, clock: clock, tag: "one")
        first.close()
        let segment = try #require(try dir.segments().last)
        var bytes = try RawFile.read(dir.file(segment))
        let damaged = bytes.count / 2
        bytes[damaged] ^= 0x10
        try RawFile.write(dir.file(segment), bytes)

        var refused: PersistenceError?
        do {
            _ = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        } catch {
            refused = error
        }
        guard case .durability(.corruption(let file, let offset, _)) = refused else {
            Issue.record("expected a corruption error, got \(String(describing: refused))")
            return
        }
        #expect(file.hasSuffix(segment))
        #expect(offset > 0 && offset <= Int64(damaged))
        #expect("\(try #require(refused))".contains(segment))

        var options = testOptions()
        options.truncateOnCorruption = true
        let cut = try PersistentStore.open(directory: dir.path, options: options, clock: clock)
        defer { cut.close() }
        let truncated = try #require(cut.recovery.durability.truncatedAtCorruption)
        #expect(truncated.offset == offset)
        #expect(cut.recovery.logLine.contains("TRUNCATED AT CORRUPTION"))
        #expect(cut.store.verifyInventory().consistent)
        #expect(cut.recovery.lastSequence > 0)
    }

    @Test func aSecondServerCannotOpenTheSameDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try PersistentStore.open(directory: dir.path, options: testOptions())
        var refused: PersistenceError?
        do {
            _ = try PersistentStore.open(directory: dir.path, options: testOptions())
        } catch {
            refused = error
        }
        guard case .durability(.directoryLocked) = refused else {
            Issue.record("expected directoryLocked, got \(String(describing: refused))")
            first.close()
            return
        }
        first.close()
        let again = try PersistentStore.open(directory: dir.path, options: testOptions())
        again.close()
    }

    @Test func anEmptyOrMissingDirectoryStartsEmpty() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let missing = dir.path + "/not-yet"
        let store = try PersistentStore.open(directory: missing, options: testOptions(snapshotOnClose: true))
        #expect(store.recovery.lastSequence == 0)
        #expect(store.recovery.orders == 0)
        #expect(try store.snapshot() == nil)
        store.close()
        for name in (try? Syscall.listDirectory(missing)) ?? [] { try? Syscall.unlink(missing + "/" + name) }
        rmdir(missing)
    }
}
