// JournalFormat: the byte layout of journal segment files, as pure encode/decode functions.
//
// Segment file  = header (32 bytes) + records.
// Header        = magic "ORDJRNL1" | version u32 | header size u32 | first sequence u64 |
//                 reserved u32 (0) | CRC32C u32 of the 28 bytes before it.
// Record        = payload length u32 | CRC32C u32 of (sequence u64 LE + payload) | sequence u64 | payload.
// All integers are little-endian. A reader refuses a version it does not know (rather than
// guessing); a later version may grow the header, whose size is therefore stored in it.

/// One journal record: its sequence number and the opaque payload the store gave us.
public struct JournalRecord: Sendable, Equatable {
    /// The record's sequence number: 1 for the first record ever written, then contiguous.
    public var sequence: UInt64
    /// The opaque bytes the caller appended.
    public var payload: [UInt8]

    /// Creates a record.
    public init(sequence: UInt64, payload: [UInt8]) {
        self.sequence = sequence
        self.payload = payload
    }
}

enum JournalFormat {
    static let magic: [UInt8] = Array("ORDJRNL1".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32
    static let recordHeaderSize = 16
    /// Larger lengths are treated as damage: no store mutation is anywhere near this big.
    static let maxPayloadLength = 256 << 20

    static func encodeHeader(firstSequence: UInt64) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(UInt32(headerSize))
        bytes.appendLittleEndian(firstSequence)
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// The first sequence number from a segment header, or the reason it is not a valid header.
    static func decodeHeader(_ bytes: UnsafeRawBufferPointer) -> Result<UInt64, FormatFailure> {
        guard bytes.count >= headerSize else { return .failure(.incomplete("header is \(bytes.count) bytes, need \(headerSize)")) }
        guard bytes.prefix(8).elementsEqual(magic) else { return .failure(.invalid("bad magic, not a journal segment")) }
        let stored = bytes.readLittleEndian(UInt32.self, at: 28) ?? 0
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<28])) == stored else {
            return .failure(.invalid("header checksum mismatch"))
        }
        let version = bytes.readLittleEndian(UInt32.self, at: 8) ?? 0
        guard version == JournalFormat.version else {
            return .failure(.invalid("unsupported journal format version \(version) (this build reads \(JournalFormat.version))"))
        }
        guard bytes.readLittleEndian(UInt32.self, at: 12) == UInt32(headerSize) else {
            return .failure(.invalid("unexpected header size"))
        }
        return .success(bytes.readLittleEndian(UInt64.self, at: 16) ?? 0)
    }

    /// Appends one encoded record to `buffer`.
    static func appendRecord(sequence: UInt64, payload: [UInt8], to buffer: inout [UInt8]) {
        var crc = CRC32C()
        withUnsafeBytes(of: sequence.littleEndian) { crc.update($0) }
        crc.update(payload)
        buffer.appendLittleEndian(UInt32(payload.count))
        buffer.appendLittleEndian(crc.value)
        buffer.appendLittleEndian(sequence)
        buffer.append(contentsOf: payload)
    }

    static func encodedSize(payloadCount: Int) -> Int { recordHeaderSize + payloadCount }

    /// What decoding a record at some offset found.
    enum Decoded: Equatable {
        /// A valid record; the next one starts at `next`.
        case record(sequence: UInt64, payload: Range<Int>, next: Int)
        /// Damage: the reason (the file may simply end mid-record, or the bytes are wrong).
        case damaged(FormatFailure)
    }

    /// Decodes the record starting at `offset` in `bytes`.
    static func decodeRecord(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Decoded {
        guard let length = bytes.readLittleEndian(UInt32.self, at: offset),
              let stored = bytes.readLittleEndian(UInt32.self, at: offset + 4),
              let sequence = bytes.readLittleEndian(UInt64.self, at: offset + 8)
        else { return .damaged(.incomplete("file ends inside a record header")) }
        guard Int(length) <= maxPayloadLength else {
            return .damaged(.invalid("record length \(length) exceeds the \(maxPayloadLength)-byte limit"))
        }
        let start = offset + recordHeaderSize
        let end = start + Int(length)
        guard end <= bytes.count else {
            return .damaged(.incomplete("file ends inside a record payload (\(bytes.count - start) of \(length) bytes)"))
        }
        var crc = CRC32C()
        crc.update(UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<end]))
        guard crc.value == stored else { return .damaged(.invalid("record checksum mismatch")) }
        return .record(sequence: sequence, payload: start..<end, next: end)
    }
}

/// Why bytes did not decode: `incomplete` means the file ended early (a torn write looks like
/// this), `invalid` means the bytes present are wrong.
enum FormatFailure: Error, Equatable {
    case incomplete(String)
    case invalid(String)

    var reason: String {
        switch self {
        case .incomplete(let text), .invalid(let text): text
        }
    }
}
