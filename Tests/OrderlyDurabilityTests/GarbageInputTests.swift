// GarbageInputTests: whatever bytes sit in a data directory, recovery answers with state or a
// clear error and never crashes; files from a newer format version are refused by name.
import Testing
@testable import OrderlyDurability

struct GarbageInputTests {
    /// A small deterministic generator, so a failure names the seed that caused it.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    @Test(arguments: 1...12)
    func randomBytesAfterAValidHeaderNeverCrash(seed: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var generator = Generator(state: UInt64(seed))
        var bytes = JournalFormat.encodeHeader(firstSequence: 1)
        // A few valid records, then garbage: recovery must keep the valid ones or say why not.
        for index in 0..<Int(generator.next() % 4) {
            JournalFormat.appendRecord(sequence: UInt64(index + 1), payload: generator.bytes(index * 3), to: &bytes)
        }
        let validLength = bytes.count
        bytes += generator.bytes(Int(generator.next() % 300))
        try RawFile.write(dir.file(DataDirectoryLayout.journalName(firstSequence: 1)), bytes)
        switch Self.recover(dir.path) {
        case .success(let state):
            #expect(state.records.map(\.sequence) == (0..<state.records.count).map { UInt64($0) + 1 })
            #expect(state.statistics.tornTail.map { $0.offset >= Int64(validLength) } ?? true)
        case .failure(.corruption(_, let offset, _)):
            #expect(offset >= Int64(validLength), "valid records are never reported as damaged")
        case .failure(let error):
            Issue.record("unexpected error \(error)")
        }
    }

    static func recover(_ directory: String) -> Result<RecoveredState, DurabilityError> {
        do throws(DurabilityError) {
            return .success(try Recovery.load(directory: directory))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: 1...6)
    func randomSnapshotFileIsSkipped(seed: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var generator = Generator(state: UInt64(seed))
        try RawFile.write(dir.file(DataDirectoryLayout.snapshotName(coveredSequence: 3)), generator.bytes(seed * 20))
        // With the journal that the garbage claims to cover, it is skipped; without, refused.
        #expect(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        try writeRecords(3, in: "\(dir.path)/other")
        try Syscall.rename(dir.file("other/\(DataDirectoryLayout.journalName(firstSequence: 1))"),
                           dir.file(DataDirectoryLayout.journalName(firstSequence: 1)))
        let state = try Recovery.load(directory: dir.path)
        #expect(state.snapshot == nil)
        #expect(state.records.map(\.sequence) == [1, 2, 3])
        #expect(state.statistics.skippedSnapshots.count == 1)
    }

    @Test func newerJournalVersionIsRefusedClearly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var header = JournalFormat.magic
        header.appendLittleEndian(UInt32(2))
        header.appendLittleEndian(UInt32(JournalFormat.headerSize))
        header.appendLittleEndian(UInt64(1))
        header.appendLittleEndian(UInt32(0))
        header.appendLittleEndian(CRC32C.checksum(header))
        let path = dir.file(DataDirectoryLayout.journalName(firstSequence: 1))
        try RawFile.write(path, header)
        let error = try #require(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        #expect(error == .corruption(
            file: path, offset: 0, reason: "unsupported journal format version 2 (this build reads 1)"))
    }

    @Test func newerSnapshotVersionIsRefusedWithTheReason() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var header = SnapshotFormat.magic
        header.appendLittleEndian(UInt32(2))
        header.appendLittleEndian(UInt32(SnapshotFormat.headerSize))
        header.appendLittleEndian(UInt64(4))
        header.appendLittleEndian(UInt64(0))
        header.appendLittleEndian(UInt32(0))
        header.appendLittleEndian(CRC32C.checksum(header))
        header.appendLittleEndian(CRC32C.checksum([]))
        try RawFile.write(dir.file(DataDirectoryLayout.snapshotName(coveredSequence: 4)), header)
        // Nothing else holds writes 1-4: starting empty would lose them.
        let error = try #require(throws: DurabilityError.self) { try Recovery.load(directory: dir.path) }
        #expect(error.description.contains("unsupported snapshot format version 2"))
        #expect(error.description.contains("does not hold a complete history"))
    }
}
