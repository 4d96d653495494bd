// RecoveryTests: what comes back from a data directory after clean shutdowns, torn writes,
// flipped bits, missing files, snapshots and the operator's truncate flag.
import Glibc
import Testing
@testable import OrderlyDurability

struct RecoveryTests {
    /// The single segment a fresh log writes its first record into.
    let firstSegment = DataDirectoryLayout.journalName(firstSequence: 1)

    @Test func recordsComeBackInOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sequences = try writeRecords(5, in: dir.path)
        #expect(sequences == [1, 2, 3, 4, 5])
        let state = try Recovery.load(directory: dir.path)
        #expect(state.records.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(state.records.map(\.payload.text) == (0..<5).map { "record \($0)" })
        #expect(state.lastSequence == 5)
        #expect(state.statistics.tornTail == nil)
    }

    @Test func missingDirectoryIsEmpty() throws {
        let state = try Recovery.load(directory: "/tmp/orderly-durability-does-not-exist-\(getpid())")
        #expect(state.records.isEmpty && state.snapshot == nil && state.lastSequence == 0)
    }

    @Test func emptyDirectoryAndEmptySegmentAreEmpty() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(try Recovery.load(directory: dir.path).records.isEmpty)
        try RawFile.write(dir.file(firstSegment), [])
        let state = try Recovery.load(directory: dir.path)
        #expect(state.records.isEmpty)
        #expect(state.statistics.tornTail?.file == dir.file(firstSegment))
        #expect(try dir.names() == [DataDirectoryLayout.lockFileName], "a segment without even a header is removed")
    }

    @Test func headerOnlySegmentIsEmpty() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try RawFile.write(dir.file(firstSegment), JournalFormat.encodeHeader(firstSequence: 1))
        let state = try Recovery.load(directory: dir.path)
        #expect(state.records.isEmpty && state.lastSequence == 0 && state.statistics.tornTail == nil)
    }

    /// Bytes cut off the end of the last record (20 is inside its 16-byte header + "record 2").
    @Test(arguments: [1, 8, 20])
    func tornTailIsDroppedAndCut(cut: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path)
        let path = dir.file(firstSegment)
        let fullSize = try RawFile.size(path)
        try RawFile.truncate(path, to: fullSize - cut)
        let state = try Recovery.load(directory: dir.path)
        #expect(state.records.map(\.sequence) == [1, 2])
        let lastRecordStart = fullSize - JournalFormat.encodedSize(payloadCount: 8)
        #expect(state.statistics.tornTail?.offset == Int64(lastRecordStart))
        #expect(try RawFile.size(path) == lastRecordStart, "the torn bytes are cut off the file")
        // Appending after recovery continues at 3 and reads back cleanly.
        try writeRecords(1, in: dir.path)
        #expect(try Recovery.load(directory: dir.path).records.map(\.sequence) == [1, 2, 3])
    }

    @Test func badChecksumInLastRecordIsATornTail() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path)
        let path = dir.file(firstSegment)
        try RawFile.flipBit(path, at: try RawFile.size(path) - 1)
        let state = try Recovery.load(directory: dir.path)
        #expect(state.records.map(\.sequence) == [1, 2])
        #expect(state.statistics.tornTail?.reason == "record checksum mismatch")
    }

    /// Offsets into the second of three 24-byte records: checksum, sequence, payload.
    @Test(arguments: [4, 9, 20])
    func flippedBitInMiddleRecordIsCorruption(offsetInRecord: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path)
        let path = dir.file(firstSegment)
        let second = JournalFormat.headerSize + JournalFormat.encodedSize(payloadCount: 8)
        try RawFile.flipBit(path, at: second + offsetInRecord)
        #expect(throws: DurabilityError.corruption(file: path, offset: Int64(second), reason: "record checksum mismatch")) {
            try Recovery.load(directory: dir.path)
        }
        let error = try #require(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        #expect(error.description.contains(path) && error.description.contains("offset \(second)"))
    }

    @Test func truncateFlagRecoversUpToTheDamage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path, options: JournalOptions(segmentSizeLimit: 1))
        // Segment size limit 1 byte: every batch starts a new segment, so there are several.
        let segments = try DataDirectoryLayout.segments(in: dir.path)
        #expect(segments.count >= 2)
        let path = dir.file(segments[0].name)
        try RawFile.flipBit(path, at: JournalFormat.headerSize + 4)
        #expect(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        let state = try Recovery.load(directory: dir.path, truncateOnCorruption: true)
        #expect(state.records.isEmpty)
        #expect(state.statistics.truncatedAtCorruption?.file == path)
        #expect(state.statistics.droppedFiles.count == segments.count - 1)
        #expect(try Recovery.load(directory: dir.path).records.isEmpty, "the damage is gone after truncation")
    }

    @Test func truncateFlagKeepsRecordsBeforeTheDamage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(4, in: dir.path)
        let path = dir.file(firstSegment)
        let third = JournalFormat.headerSize + 2 * JournalFormat.encodedSize(payloadCount: 8)
        try RawFile.flipBit(path, at: third + 5)
        let state = try Recovery.load(directory: dir.path, truncateOnCorruption: true)
        #expect(state.records.map(\.sequence) == [1, 2])
        #expect(state.statistics.truncatedAtCorruption?.offset == Int64(third))
        #expect(try RawFile.size(path) == third)
    }

    @Test func missingSegmentIsAGap() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path, options: JournalOptions(segmentSizeLimit: 1))
        let segments = try DataDirectoryLayout.segments(in: dir.path)
        try #require(segments.count == 3)
        try Syscall.unlink(dir.file(segments[1].name))
        let error = try #require(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        #expect(error.description.contains("expected sequence 2, found 3"))
    }

    @Test func snapshotAndJournalRoundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path)
        let completions = Completions()
        for index in 1...5 { try log.append(Array("r\(index)".utf8), completion: completions.callback) }
        _ = completions.wait(for: 5)
        try log.writeSnapshot(coveringSequence: 3) { sink in
            try sink.write(Array("state".utf8))
            try sink.write(Array(" at 3".utf8))
        }
        for index in 6...7 { try log.append(Array("r\(index)".utf8), completion: completions.callback) }
        _ = completions.wait(for: 7)
        log.close()
        let (reopened, state) = try Durability.open(directory: dir.path)
        defer { reopened.close() }
        #expect(state.snapshot?.sequence == 3)
        #expect(state.snapshot?.payload.text == "state at 3")
        #expect(state.records.map(\.sequence) == [4, 5, 6, 7])
        #expect(state.records.map(\.payload.text) == ["r4", "r5", "r6", "r7"])
        #expect(try reopened.append([1]) { _ in } == 8)
    }

    /// A snapshot may cover records that never reached the journal (the process died before the
    /// writer got to them); the journal then continues after the snapshot, across the jump.
    @Test func journalMayJumpPastRecordsOnlyTheSnapshotHolds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(3, in: dir.path)
        _ = try SnapshotWriter.write(directory: dir.path, coveredSequence: 5) { try $0.write(Array("five".utf8)) }
        #expect(try writeRecords(2, in: dir.path) == [6, 7])
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.sequence == 5)
        #expect(state.records.map(\.sequence) == [6, 7])
        #expect(state.statistics.segmentsCoveredBySnapshot == 1, "records 1-3 are not even read")
    }

    @Test func badNewestSnapshotFallsBackToTheOlderOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeRecords(4, in: dir.path)
        _ = try SnapshotWriter.write(directory: dir.path, coveredSequence: 2) { try $0.write(Array("two".utf8)) }
        let newest = try SnapshotWriter.write(directory: dir.path, coveredSequence: 4) { try $0.write(Array("four".utf8)) }
        try RawFile.flipBit(dir.file(newest), at: SnapshotFormat.headerSize + 1)
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.payload.text == "two")
        #expect(state.records.map(\.sequence) == [3, 4])
        #expect(state.statistics.skippedSnapshots.count == 1)
        #expect(state.statistics.skippedSnapshots.first?.contains("checksum") == true)
    }

    @Test func largeStreamedSnapshotRoundTrips() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let chunk = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let name = try SnapshotWriter.write(directory: dir.path, coveredSequence: 9) { sink in
            for _ in 0..<30 { try sink.write(chunk) }
            try sink.write(Array(repeating: 7, count: 3 << 20))
        }
        let snapshot = try SnapshotFormat.read(path: dir.file(name), name: name)
        #expect(snapshot.payload.count == 30 * chunk.count + (3 << 20))
        #expect(Array(snapshot.payload[100_000..<200_000]) == chunk)
        #expect(try dir.names() == [name], "no temporary file is left behind")
    }

    @Test func failingProducerLeavesNoSnapshot() throws {
        struct Refused: Error {}
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: Refused.self) {
            try SnapshotWriter.write(directory: dir.path, coveredSequence: 1) { sink in
                try sink.write([1, 2, 3])
                throw Refused()
            }
        }
        #expect(try dir.names().isEmpty)
    }
}
