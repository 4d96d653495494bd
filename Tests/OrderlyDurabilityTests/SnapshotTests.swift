// SnapshotTests: what a snapshot does to the data directory: the two newest snapshots stay, with
// the journal segments the older of them needs; older files go once the new snapshot is durable;
// bad requests are refused.
import Glibc
import Testing
@testable import OrderlyDurability

struct SnapshotTests {
    @Test func snapshotKeepsTwoSnapshotsAndTheJournalTheOlderNeeds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path, options: JournalOptions(segmentSizeLimit: 1))
        let completions = Completions()
        // One record per batch and a 1-byte limit: one segment per record.
        for index in 1...6 {
            try log.append([UInt8(index)], completion: completions.callback)
            _ = completions.wait(for: index)
        }
        #expect(try DataDirectoryLayout.segments(in: dir.path).count == 6)
        let first = try log.writeSnapshot(coveringSequence: 2) { try $0.write([2]) }
        #expect(first.deletedSegments.isEmpty, "nothing older could replace a damaged first snapshot")
        let second = try log.writeSnapshot(coveringSequence: 4) { try $0.write([4]) }
        #expect(second.deletedSegments == [1, 2].map { DataDirectoryLayout.journalName(firstSequence: $0) })
        #expect(second.deletedSnapshots.isEmpty)
        let third = try log.writeSnapshot(coveringSequence: 5) { try $0.write([5]) }
        #expect(third.deletedSegments == [3, 4].map { DataDirectoryLayout.journalName(firstSequence: $0) })
        #expect(third.deletedSnapshots == [first.file])
        #expect(try DataDirectoryLayout.snapshots(in: dir.path).map(\.coveredSequence) == [4, 5])
        #expect(try DataDirectoryLayout.segments(in: dir.path).map(\.firstSequence) == [5, 6])
        #expect(log.statistics.snapshotSequence == 5)
        log.close()
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.payload == [5])
        #expect(state.records.map(\.payload) == [[6]])
    }

    /// Snapshots taken on one thread while eight others append: segments rotate and are deleted
    /// under the writer's feet, and recovery still sees the latest snapshot plus a gapless tail.
    @Test func snapshotsWhileAppendingKeepEveryRecord() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path, options: JournalOptions(segmentSizeLimit: 4096))
        let completions = Completions()
        let appenders = 8
        let perThread = 300
        nonisolated(unsafe) var snapshotError: (any Error)?
        nonisolated(unsafe) var lastCovered: UInt64 = 0
        let snapshotter = JoinableThread.start {
            for _ in 0..<5 {
                usleep(2_000)
                let covered = log.journal.lastAssignedSequence
                do {
                    try log.writeSnapshot(coveringSequence: covered) { try $0.write(Array("\(covered)".utf8)) }
                    lastCovered = covered
                } catch {
                    snapshotError = error
                }
            }
        }
        runConcurrently(appenders) { thread in
            for index in 0..<perThread {
                _ = try? log.append(Array("\(thread)/\(index)".utf8), completion: completions.callback)
            }
        }
        snapshotter?.join()
        let total = appenders * perThread
        #expect(completions.wait(for: total).count == total)
        log.close()
        #expect(snapshotError == nil)
        #expect(lastCovered > 0, "at least one snapshot was taken")
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot?.sequence == lastCovered)
        #expect(state.snapshot?.payload.text == "\(lastCovered)")
        #expect(state.lastSequence == UInt64(total))
        #expect(state.records.map(\.sequence) == Array(stride(from: lastCovered + 1, through: UInt64(total), by: 1)))
        #expect((1...2).contains(try DataDirectoryLayout.snapshots(in: dir.path).count), "only the two newest snapshots stay")
    }

    @Test func segmentBeingWrittenIsKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path)
        let completions = Completions()
        for index in 1...3 { try log.append([UInt8(index)], completion: completions.callback) }
        _ = completions.wait(for: 3)
        let outcome = try log.writeSnapshot(coveringSequence: 3) { try $0.write([3]) }
        #expect(outcome.deletedSegments.isEmpty, "the only segment is the current one")
        try log.append([4], completion: completions.callback)
        _ = completions.wait(for: 4)
        #expect(try DataDirectoryLayout.segments(in: dir.path).map(\.firstSequence) == [1, 4], "rotated at the snapshot")
        log.close()
        #expect(try Recovery.load(directory: dir.path).records.map(\.payload) == [[4]])
    }

    @Test func snapshotBeyondAssignedSequenceIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path)
        defer { log.close() }
        try log.append([1]) { _ in }
        #expect(throws: DurabilityError.self) { try log.writeSnapshot(coveringSequence: 2) { _ in } }
        try log.writeSnapshot(coveringSequence: 1) { try $0.write([1]) }
        #expect(throws: DurabilityError.self) { try log.writeSnapshot(coveringSequence: 0) { _ in } }
    }

    @Test func bytesSinceSnapshotGrowsAndResets() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path)
        defer { log.close() }
        let completions = Completions()
        try log.append([UInt8](repeating: 1, count: 1000), completion: completions.callback)
        _ = completions.wait(for: 1)
        #expect(log.statistics.journalBytesSinceSnapshot >= 1000)
        try log.writeSnapshot(coveringSequence: 1) { try $0.write([1]) }
        #expect(log.statistics.journalBytesSinceSnapshot == 0)
    }

    @Test func leftoverTemporarySnapshotIsRemovedAtOpen() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let leftover = DataDirectoryLayout.snapshotName(coveredSequence: 5) + DataDirectoryLayout.temporarySuffix
        try RawFile.write(dir.file(leftover), [1, 2, 3])
        let (log, state) = try Durability.open(directory: dir.path)
        log.close()
        #expect(state.snapshot == nil)
        #expect(try dir.names() == [DataDirectoryLayout.lockFileName])
    }
}
