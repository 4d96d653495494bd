// Request headers kept as the bytes they arrived as, so that a call whose handler never reads
// its metadata costs no String building. Parsed into `Metadata` on demand.

/// Header name/value pairs as raw bytes: each entry is a 4-byte name length, a 4-byte value
/// length (both little-endian), then the name and value bytes.
public struct RawHeaderBlock: Sendable {
    private var bytes: [UInt8] = []

    /// An empty block.
    public init() {}

    /// True when no header was added.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Appends one header as received (name lower-case, value as on the wire).
    public mutating func append(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        if bytes.isEmpty { bytes.reserveCapacity(128) }
        Self.appendLength(name.count, to: &bytes)
        Self.appendLength(value.count, to: &bytes)
        // Typed views take Array's memcpy path; the raw-buffer overload iterates byte by byte.
        bytes.append(contentsOf: name.assumingMemoryBound(to: UInt8.self))
        bytes.append(contentsOf: value.assumingMemoryBound(to: UInt8.self))
    }

    /// The headers as metadata; "-bin" values that are not base64 are dropped.
    public func parse() -> Metadata {
        var metadata = Metadata()
        var index = 0
        while index + 8 <= bytes.count {
            let nameLength = Self.readLength(bytes, at: index)
            let valueLength = Self.readLength(bytes, at: index + 4)
            let nameStart = index + 8
            let valueStart = nameStart + nameLength
            let end = valueStart + valueLength
            guard end <= bytes.count else { break }
            metadata.addWire(
                name: String(decoding: bytes[nameStart..<valueStart], as: UTF8.self),
                value: String(decoding: bytes[valueStart..<end], as: UTF8.self))
            index = end
        }
        return metadata
    }

    private static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        let value = UInt32(truncatingIfNeeded: length)
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    private static func readLength(_ bytes: [UInt8], at index: Int) -> Int {
        var value = 0
        for offset in 0..<4 {
            value |= Int(bytes[index + offset]) << (8 * offset)
        }
        return value
    }
}
