// The byte-level primitives of the storage format: little-endian fixed-width integers and
// doubles, LEB128 varints, zig-zag varints, length-prefixed UTF-8 strings. The tagged fields of
// format version 2 (TaggedFields.swift) are built from them, and so was version 1.

/// Appends values to a byte buffer.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer, optionally reserving room.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    /// Overwrites one byte already written (a reserved length).
    mutating func patch(at index: Int, _ v: UInt8) { bytes[index] = v }

    /// Inserts bytes before `index` (widening a reserved length).
    mutating func insert(_ more: some Collection<UInt8>, at index: Int) { bytes.insert(contentsOf: more, at: index) }

    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zig-zag varint for signed values that are usually small.
    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func int(_ v: Int) { zigzag(Int64(v)) }

    mutating func i64(_ v: Int64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func f64(_ v: Double) { i64(Int64(bitPattern: v.bitPattern)) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func timestamp(_ t: Timestamp) { i64(t.nanos) }

    mutating func wire<E: WireEnum>(_ e: E) { zigzag(Int64(e.rawValue)) }
}

/// Why decoding failed.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, and where.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { "codec: \(message)" }
}

/// Reads values written by `BinaryWriter`; every read is bounds-checked and throws on bad input.
public struct BinaryReader {
    private let bytes: [UInt8]
    /// Where the next read starts.
    public private(set) var offset: Int
    /// Where this reader's bytes end: the array's end, or a nested message's (see `nested`).
    private var end: Int

    /// Reads `bytes` from `offset`.
    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
        self.end = bytes.count
    }

    /// The whole array this reader reads from (shared, not copied), for readers of its ranges.
    var storage: [UInt8] { bytes }

    /// True when every byte was read.
    public var isAtEnd: Bool { offset >= end }

    /// Reads `range` of `bytes` (no copy).
    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    /// Skips a length-delimited value and returns where its bytes are, to decode them later.
    mutating func skipNested() throws(CodecError) -> Range<Int> {
        let n = try count()
        defer { offset += n }
        return offset..<(offset + n)
    }

    /// Reads a length-delimited nested message with `body`, which sees only its bytes (no copy).
    /// The same reader is narrowed and widened again rather than copied: a copy would retain
    /// and release the shared byte array once per nested message, which under parallel decoding
    /// is contended atomic traffic on one counter.
    mutating func nested<T>(_ body: (inout BinaryReader) throws(CodecError) -> T) throws(CodecError) -> T {
        let n = try count()
        let outerEnd = end
        let innerEnd = offset + n
        end = innerEnd
        do {
            let value = try body(&self)
            offset = innerEnd
            end = outerEnd
            return value
        } catch {
            end = outerEnd
            throw error
        }
    }

    mutating func u8() throws(CodecError) -> UInt8 {
        guard offset < end else { throw CodecError("unexpected end at byte \(offset)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bool() throws(CodecError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw CodecError("bad bool \(b) at byte \(offset - 1)")
        }
    }

    mutating func varint() throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            if shift == 63 && b > 1 { throw CodecError("varint overflow at byte \(offset - 1)") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw CodecError("varint too long at byte \(offset - 1)") }
        }
    }

    mutating func zigzag() throws(CodecError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func int32() throws(CodecError) -> Int32 {
        let v = try zigzag()
        guard let n = Int32(exactly: v) else { throw CodecError("\(v) does not fit int32 at byte \(offset)") }
        return n
    }

    /// A count of following items, sanity-checked against the bytes left (each item ≥ 1 byte).
    mutating func count() throws(CodecError) -> Int {
        let v = try varint()
        guard v <= UInt64(end - offset) else { throw CodecError("count \(v) exceeds the data at byte \(offset)") }
        return Int(v)
    }

    mutating func i64() throws(CodecError) -> Int64 {
        guard end - offset >= 8 else { throw CodecError("unexpected end at byte \(offset)") }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
        offset += 8
        return Int64(bitPattern: v)
    }

    mutating func f64() throws(CodecError) -> Double { Double(bitPattern: UInt64(bitPattern: try i64())) }

    mutating func string() throws(CodecError) -> String {
        let n = try count()
        let s = String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
        offset += n
        return s
    }

    mutating func timestamp() throws(CodecError) -> Timestamp { Timestamp(nanos: try i64()) }

    mutating func wire<E: WireEnum>(_: E.Type) throws(CodecError) -> E {
        let raw = try int32()
        guard let e = E(rawValue: raw) else { throw CodecError("unknown \(E.self) \(raw) at byte \(offset)") }
        return e
    }
}
