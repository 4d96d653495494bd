// SafeRecoveryTests: recovery never serves less than the directory held. Two snapshots are kept
// with the journal the older needs; a damaged snapshot falls back to the older one; when no
// complete history is left recovery refuses (whatever --truncate-corrupt-journal says); the
// truncate flag keeps what it cuts in a side file; the offline check changes nothing.
import Glibc
import Testing
@testable import OrderlyDurability

struct SafeRecoveryTests {
    /// Appends `payloads` and waits until every one is durable.
    func append(_ log: DurableLog, _ range: ClosedRange<Int>, _ completions: Completions, total: inout Int) throws {
        for index in range { try log.append(Array("r\(index)".utf8), completion: completions.callback) }
        total += range.count
        _ = completions.wait(for: total)
    }

    /// Records 1…7 with snapshots at 3 and 6, written through the log as the server does.
    func twoSnapshotDirectory(_ dir: TemporaryDirectory) throws {
        let (log, _) = try Durability.open(directory: dir.path)
        let completions = Completions()
        var total = 0
        try append(log, 1...3, completions, total: &total)
        try log.writeSnapshot(coveringSequence: 3) { try $0.write(Array("state at 3".utf8)) }
        try append(log, 4...6, completions, total: &total)
        try log.writeSnapshot(coveringSequence: 6) { try $0.write(Array("state at 6".utf8)) }
        try append(log, 7...7, completions, total: &total)
        log.close()
    }

    @Test func theTwoNewestSnapshotsAndTheJournalTheOlderNeedsAreKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try twoSnapshotDirectory(dir)
        let (log, _) = try Durability.open(directory: dir.path)
        let completions = Completions()
        var total = 0
        try append(log, 8...9, completions, total: &total)
        let outcome = try log.writeSnapshot(coveringSequence: 9) { try $0.write(Array("state at 9".utf8)) }
        log.close()
        #expect(outcome.deletedSnapshots == [DataDirectoryLayout.snapshotName(coveredSequence: 3)])
        let snapshots = try DataDirectoryLayout.snapshots(in: dir.path).map(\.coveredSequence)
        #expect(snapshots == [6, 9])
        // Damage the newest: the older one plus the journal still give back every record.
        try RawFile.flipBit(dir.file(DataDirectoryLayout.snapshotName(coveredSequence: 9)), at: SnapshotFormat.headerSize)
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.sequence == 6)
        #expect(state.records.map(\.sequence) == [7, 8, 9])
        #expect(state.lastSequence == 9)
    }

    @Test func aDamagedNewestSnapshotIsNamedAndTheOlderOnePlusTheJournalReplaceIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try twoSnapshotDirectory(dir)
        let newest = DataDirectoryLayout.snapshotName(coveredSequence: 6)
        try RawFile.flipBit(dir.file(newest), at: SnapshotFormat.headerSize + 2)
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.payload.text == "state at 3")
        #expect(state.records.map(\.sequence) == [4, 5, 6, 7])
        let skipped = try #require(state.statistics.skippedSnapshots.first)
        #expect(skipped.contains(newest) && skipped.contains("offset \(SnapshotFormat.headerSize)"))
    }

    @Test func aMissingNewestSnapshotIsReplacedByTheOlderOnePlusTheJournal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try twoSnapshotDirectory(dir)
        try Syscall.unlink(dir.file(DataDirectoryLayout.snapshotName(coveredSequence: 6)))
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.sequence == 3)
        #expect(state.records.map(\.sequence) == [4, 5, 6, 7])
    }

    @Test func aMissingJournalSegmentAfterTheSnapshotIsAGapNotASilentSkip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try SnapshotWriter.write(directory: dir.path, coveredSequence: 2) { try $0.write(Array("two".utf8)) }
        try writeRecords(2, in: dir.path, options: JournalOptions(segmentSizeLimit: 1))
        try writeRecords(2, in: dir.path, options: JournalOptions(segmentSizeLimit: 1))
        let segments = try DataDirectoryLayout.segments(in: dir.path)
        try #require(segments.map(\.firstSequence) == [3, 4, 5, 6])
        try Syscall.unlink(dir.file(segments[1].name))
        let error = try #require(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        #expect(error.description.contains("expected sequence 4, found 5"))
    }

    @Test func aDamagedOlderSnapshotDoesNotMatter() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try twoSnapshotDirectory(dir)
        try RawFile.flipBit(dir.file(DataDirectoryLayout.snapshotName(coveredSequence: 3)), at: SnapshotFormat.headerSize)
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.sequence == 6)
        #expect(state.records.map(\.sequence) == [7])
        #expect(state.statistics.skippedSnapshots.isEmpty)
    }

    @Test(arguments: [false, true])
    func aDamagedOnlySnapshotWithoutJournalRefusesToStart(truncate: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = try SnapshotWriter.write(directory: dir.path, coveredSequence: 40) { try $0.write(Array("forty".utf8)) }
        try RawFile.flipBit(dir.file(name), at: SnapshotFormat.headerSize + 1)
        let before = try dir.names().filter { $0 != DataDirectoryLayout.lockFileName }
        let error = try #require(throws: DurabilityError.self) {
            try Recovery.load(directory: dir.path, truncateOnCorruption: truncate)
        }
        guard case .incompleteHistory(_, let reason) = error else {
            Issue.record("expected incompleteHistory, got \(error)")
            return
        }
        #expect(reason.contains(name) && reason.contains("40"))
        #expect(error.description.contains("--check-data-dir"), "the message says what an operator can do")
        #expect(try dir.names().filter { $0 != DataDirectoryLayout.lockFileName } == before, "nothing was changed")
    }

    @Test(arguments: [false, true])
    func aJournalThatStartsAfterADamagedSnapshotIsNeverCut(truncate: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = try SnapshotWriter.write(directory: dir.path, coveredSequence: 3) { try $0.write(Array("three".utf8)) }
        #expect(try writeRecords(3, in: dir.path) == [4, 5, 6])
        let segment = dir.file(DataDirectoryLayout.journalName(firstSequence: 4))
        let journalBytes = try RawFile.read(segment)
        try RawFile.flipBit(dir.file(name), at: SnapshotFormat.headerSize)
        let error = try #require(throws: DurabilityError.self) {
            try Recovery.load(directory: dir.path, truncateOnCorruption: truncate)
        }
        guard case .incompleteHistory(_, let reason) = error else {
            Issue.record("expected incompleteHistory, got \(error)")
            return
        }
        #expect(reason.contains("records 1…3 are missing"))
        #expect(reason.contains(name), "the damaged snapshot is named")
        #expect(try RawFile.read(segment) == journalBytes, "the valid journal is untouched")
    }

    @Test func truncatingAtDamageKeepsTheCutBytesInASideFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(4, in: dir.path)
        let path = dir.file(DataDirectoryLayout.journalName(firstSequence: 1))
        let third = JournalFormat.headerSize + 2 * JournalFormat.encodedSize(payloadCount: 8)
        try RawFile.flipBit(path, at: third + 5)
        let damaged = try RawFile.read(path)
        let state = try Recovery.load(directory: dir.path, truncateOnCorruption: true)
        #expect(state.records.map(\.sequence) == [1, 2])
        let side = try #require(state.statistics.cutFiles.first)
        #expect(side == path + ".cut-\(third)")
        #expect(try RawFile.read(side) == Array(damaged[third...]), "every cut byte is kept")
    }

    @Test func theOfflineCheckReportsATornTailWithoutCuttingIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path)
        let path = dir.file(DataDirectoryLayout.journalName(firstSequence: 1))
        try RawFile.truncate(path, to: try RawFile.size(path) - 3)
        let size = try RawFile.size(path)
        let state = try Recovery.check(directory: dir.path)
        #expect(state.statistics.tornTail != nil)
        #expect(state.records.map(\.sequence) == [1, 2])
        #expect(try RawFile.size(path) == size, "the check changes nothing")
    }

    @Test func theOfflineCheckFindsMiddleDamage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(4, in: dir.path)
        let path = dir.file(DataDirectoryLayout.journalName(firstSequence: 1))
        try RawFile.flipBit(path, at: JournalFormat.headerSize + 5)
        let error = try #require(throws: DurabilityError.self) { try Recovery.check(directory: dir.path) }
        #expect(error.description.contains(path) && error.description.contains("offset \(JournalFormat.headerSize)"))
    }
}
