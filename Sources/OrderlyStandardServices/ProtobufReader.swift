// The few protobuf wire-format primitives the lean health messages need: tags, varints,
// length-delimited fields and skipping unknown fields. Every read is bounds-checked and
// malformed input throws MessageDecodingError.
import OrderlyRPC

/// A forward-only reader over one serialized message.
struct ProtobufReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next field number and wire type; nil at the end of the message.
    mutating func nextTag() throws -> (field: UInt64, wireType: UInt8)? {
        guard offset < bytes.count else { return nil }
        let tag = try varint()
        let field = tag >> 3
        guard field != 0 else { throw MessageDecodingError("field number 0 is invalid") }
        return (field, UInt8(truncatingIfNeeded: tag & 7))
    }

    /// A base-128 varint of at most ten bytes.
    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw MessageDecodingError("truncated or overlong varint")
    }

    /// The payload of a length-delimited field (a view into the message).
    mutating func lengthDelimited() throws -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else {
            throw MessageDecodingError("length-delimited field runs past the end of the message")
        }
        let start = offset
        offset += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
    }

    /// Skips one field of `wireType`; groups (deprecated, never in proto3) are rejected.
    mutating func skip(wireType: UInt8) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: try advance(8)
        case 2: _ = try lengthDelimited()
        case 5: try advance(4)
        default: throw MessageDecodingError("unsupported wire type \(wireType)")
        }
    }

    private mutating func advance(_ count: Int) throws {
        guard bytes.count - offset >= count else { throw MessageDecodingError("truncated fixed-width field") }
        offset += count
    }

    /// Appends `value` as a varint.
    static func appendVarint(_ value: UInt64, to buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }
}
