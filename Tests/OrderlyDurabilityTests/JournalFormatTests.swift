// JournalFormatTests: records and headers encode and decode back; damage is classified as
// incomplete (a torn write) or invalid (wrong bytes).
import Testing
@testable import OrderlyDurability

struct JournalFormatTests {
    /// (sequence, payload text, how often the text repeats in the payload).
    static let records: [(UInt64, String, Int)] = [
        (1, "", 0),
        (42, "hello", 1),
        (UInt64.max, "large payload ", 5_000),
    ]

    @Test(arguments: records)
    func recordRoundTrips(sequence: UInt64, text: String, repeats: Int) {
        let payload = Array(String(repeating: text, count: repeats).utf8)
        var buffer = JournalFormat.encodeHeader(firstSequence: sequence)
        let start = buffer.count
        JournalFormat.appendRecord(sequence: sequence, payload: payload, to: &buffer)
        #expect(buffer.count == start + JournalFormat.encodedSize(payloadCount: payload.count))
        let decoded = buffer.withUnsafeBytes { JournalFormat.decodeRecord(in: $0, at: start) }
        guard case .record(let gotSequence, let range, let next) = decoded else {
            Issue.record("expected a record, got \(decoded)")
            return
        }
        #expect(gotSequence == sequence)
        #expect(Array(buffer[range]) == payload)
        #expect(next == buffer.count)
        let header = buffer.withUnsafeBytes { JournalFormat.decodeHeader($0) }
        #expect(header == .success(sequence))
    }

    @Test func recordLayoutIsLengthChecksumSequencePayload() {
        var buffer: [UInt8] = []
        JournalFormat.appendRecord(sequence: 0x0102_0304_0506_0708, payload: [0xAA, 0xBB], to: &buffer)
        #expect(Array(buffer[0..<4]) == [2, 0, 0, 0])
        #expect(Array(buffer[8..<16]) == [8, 7, 6, 5, 4, 3, 2, 1])
        let checksum = CRC32C.checksum(Array(buffer[8...]))
        #expect(Array(buffer[4..<8]) == [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: checksum >> $0) })
    }

    /// Bytes cut off the end of a 26-byte record: inside the payload, at its start, inside the header.
    @Test(arguments: [1, 10, 17, 25])
    func truncatedRecordIsIncomplete(cut: Int) {
        var buffer: [UInt8] = []
        JournalFormat.appendRecord(sequence: 7, payload: Array("0123456789".utf8), to: &buffer)
        buffer.removeLast(cut)
        let decoded = buffer.withUnsafeBytes { JournalFormat.decodeRecord(in: $0, at: 0) }
        guard case .damaged(let failure) = decoded else {
            Issue.record("expected damage, got \(decoded)")
            return
        }
        #expect(failure.isIncomplete)
    }

    @Test(arguments: [4, 8, 15, 16, 25])
    func flippedBitIsInvalid(offset: Int) {
        var buffer: [UInt8] = []
        JournalFormat.appendRecord(sequence: 7, payload: Array("0123456789".utf8), to: &buffer)
        buffer[offset] ^= 0x01
        let decoded = buffer.withUnsafeBytes { JournalFormat.decodeRecord(in: $0, at: 0) }
        #expect(decoded == .damaged(.invalid("record checksum mismatch")))
    }

    @Test(arguments: [0, 8, 12, 16, 28])
    func damagedHeaderIsRejected(offset: Int) {
        var header = JournalFormat.encodeHeader(firstSequence: 9)
        header[offset] ^= 0x01
        let decoded = header.withUnsafeBytes { JournalFormat.decodeHeader($0) }
        guard case .failure(.invalid) = decoded else {
            Issue.record("expected an invalid header, got \(decoded)")
            return
        }
    }

    @Test func fileNamesRoundTrip() {
        #expect(DataDirectoryLayout.journalName(firstSequence: 12) == "journal-00000000000000000012.log")
        #expect(DataDirectoryLayout.journalSequence("journal-00000000000000000012.log") == 12)
        #expect(DataDirectoryLayout.snapshotSequence(DataDirectoryLayout.snapshotName(coveredSequence: UInt64.max)) == UInt64.max)
        #expect(DataDirectoryLayout.journalSequence("journal-12.log") == nil)
        #expect(DataDirectoryLayout.snapshotSequence("snapshot-00000000000000000012.snap.tmp") == nil)
    }
}
