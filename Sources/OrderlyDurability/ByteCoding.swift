// ByteCoding: little-endian integer encoding into byte arrays and bounds-checked decoding out of
// them. Every on-disk header and record goes through these, so the byte order lives in one place.

extension Array where Element == UInt8 {
    /// Appends `value` in little-endian byte order.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    /// The little-endian integer at `offset`, or nil when it would run past the end.
    func readLittleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T? {
        guard offset >= 0, offset <= count - MemoryLayout<T>.size else { return nil }
        return T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

/// Bounds-checked little-endian reads from a byte array (for small headers read into arrays).
struct HeaderBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func readLittleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T? {
        bytes.withUnsafeBytes { $0.readLittleEndian(type, at: offset) }
    }
}
