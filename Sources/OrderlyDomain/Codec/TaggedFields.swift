// Tagged fields: the protobuf wire format, written and read by hand. Every stored value is a
// field `(number << 3 | wire type)` followed by its value, so a reader skips fields it does not
// know (written by a newer release) and gives fields that are absent (written by an older one)
// their defaults. Defaults (0, "", false) are not written, as in proto3. Numbers of a message's
// fields are its format: never reuse or renumber one; add new fields with new numbers.
//
// Wire types: 0 varint (enums, bools, unsigned; signed as zig-zag "sint64"), 1 fixed 64 bits
// (doubles, timestamps as sfixed64 nanoseconds), 2 length-delimited (strings, nested messages).

/// The protobuf wire types the storage format uses (5, fixed 32 bits, is only skipped).
enum WireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case bytes = 2
    case fixed32 = 5
}

extension BinaryWriter {
    mutating func tag(_ field: UInt32, _ wire: WireType) {
        varint(UInt64(field) << 3 | UInt64(wire.rawValue))
    }

    mutating func put(_ field: UInt32, _ value: String) {
        guard !value.isEmpty else { return }
        tag(field, .bytes)
        string(value)
    }

    mutating func put(_ field: UInt32, sint value: Int64) {
        guard value != 0 else { return }
        tag(field, .varint)
        zigzag(value)
    }

    mutating func put(_ field: UInt32, uint value: UInt64) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(value)
    }

    mutating func put(_ field: UInt32, _ value: Bool) {
        guard value else { return }
        tag(field, .varint)
        u8(1)
    }

    mutating func put(_ field: UInt32, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        tag(field, .fixed64)
        f64(value)
    }

    mutating func put(_ field: UInt32, _ value: Timestamp) {
        guard value.nanos != 0 else { return }
        tag(field, .fixed64)
        i64(value.nanos)
    }

    mutating func put<E: WireEnum>(_ field: UInt32, _ value: E) {
        guard value.rawValue != 0 else { return }
        tag(field, .varint)
        varint(UInt64(UInt32(bitPattern: value.rawValue)))
    }

    /// A nested message (always written, even when empty, so that its presence is kept). The
    /// length goes before the body: one byte is reserved and widened afterwards if needed.
    mutating func message(_ field: UInt32, _ body: (inout BinaryWriter) -> Void) {
        tag(field, .bytes)
        let lengthAt = bytes.count
        u8(0)
        body(&self)
        let length = bytes.count - lengthAt - 1
        if length < 0x80 {
            patch(at: lengthAt, UInt8(length))
        } else {
            var prefix = BinaryWriter()
            prefix.varint(UInt64(length))
            patch(at: lengthAt, prefix.bytes[0])
            insert(prefix.bytes.dropFirst(), at: lengthAt + 1)
        }
    }
}

extension BinaryReader {
    /// The next field's number and wire type, or nil at the end of the message.
    mutating func field() throws(CodecError) -> (number: UInt32, wire: UInt8)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        guard key >> 3 > 0, key >> 3 <= UInt64(UInt32.max) else { throw CodecError("bad field number at byte \(offset)") }
        return (UInt32(key >> 3), UInt8(key & 7))
    }

    /// Skips the value of a field this release does not know.
    mutating func skip(_ wire: UInt8) throws(CodecError) {
        switch WireType(rawValue: wire) {
        case .varint: _ = try varint()
        case .fixed64: _ = try i64()
        case .fixed32: for _ in 0..<4 { _ = try u8() }
        case .bytes: try nested { inner throws(CodecError) in while !inner.isAtEnd { _ = try inner.u8() } }
        case nil: throw CodecError("unknown wire type \(wire) at byte \(offset)")
        }
    }

    private func expect(_ wire: UInt8, _ wanted: WireType) throws(CodecError) {
        guard wire == wanted.rawValue else {
            throw CodecError("wire type \(wire) where \(wanted) was expected at byte \(offset)")
        }
    }

    mutating func string(_ wire: UInt8) throws(CodecError) -> String {
        try expect(wire, .bytes)
        return try string()
    }

    mutating func sint(_ wire: UInt8) throws(CodecError) -> Int64 {
        try expect(wire, .varint)
        return try zigzag()
    }

    mutating func sint32(_ wire: UInt8) throws(CodecError) -> Int32 {
        try expect(wire, .varint)
        return try int32()
    }

    mutating func uint(_ wire: UInt8) throws(CodecError) -> UInt64 {
        try expect(wire, .varint)
        return try varint()
    }

    mutating func bool(_ wire: UInt8) throws(CodecError) -> Bool {
        try expect(wire, .varint)
        return try varint() != 0
    }

    mutating func double(_ wire: UInt8) throws(CodecError) -> Double {
        try expect(wire, .fixed64)
        return try f64()
    }

    mutating func timestamp(_ wire: UInt8) throws(CodecError) -> Timestamp {
        try expect(wire, .fixed64)
        return Timestamp(nanos: try i64())
    }

    mutating func wire<E: WireEnum>(_: E.Type, _ wire: UInt8) throws(CodecError) -> E {
        try expect(wire, .varint)
        let raw = try varint()
        guard raw <= UInt64(UInt32.max), let e = E(rawValue: Int32(bitPattern: UInt32(raw))) else {
            throw CodecError("unknown \(E.self) \(raw) at byte \(offset) (written by a newer release?)")
        }
        return e
    }

    /// A nested message, after checking its wire type.
    mutating func message<T>(_ wire: UInt8, _ body: (inout BinaryReader) throws(CodecError) -> T) throws(CodecError) -> T {
        try expect(wire, .bytes)
        return try nested(body)
    }
}
