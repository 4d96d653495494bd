// Builds the nghttp2_nv array for a HEADERS frame. Fixed names and values are StaticStrings that
// nghttp2 may reference without copying; dynamic ones live in one byte buffer for the duration
// of the submit call (nghttp2 copies them).
import CNGHTTP2
import OrderlyRPC

/// A header block under construction.
struct HeaderList {
    private enum Source {
        case fixed(UnsafePointer<UInt8>, Int)
        case stored(Int, Int)
    }

    private var fields: [(name: Source, value: Source)] = []
    private var storage: [UInt8] = []

    init() {
        fields.reserveCapacity(4)
    }

    mutating func add(_ name: StaticString, _ value: StaticString) {
        fields.append((.fixed(name.utf8Start, name.utf8CodeUnitCount), .fixed(value.utf8Start, value.utf8CodeUnitCount)))
    }

    mutating func add(_ name: StaticString, _ value: String) {
        fields.append((.fixed(name.utf8Start, name.utf8CodeUnitCount), store(value)))
    }

    mutating func add(name: String, value: String) {
        fields.append((store(name), store(value)))
    }

    /// Adds every entry of `metadata` (binary values base64-encoded).
    mutating func add(_ metadata: Metadata) {
        for entry in metadata {
            add(name: entry.key, value: Metadata.wireText(entry.value))
        }
    }

    private mutating func store(_ text: String) -> Source {
        let start = storage.count
        storage.append(contentsOf: text.utf8)
        return .stored(start, storage.count - start)
    }

    /// Calls `body` with the nv array; pointers are valid only during the call.
    func withNV<Result>(_ body: (UnsafePointer<nghttp2_nv>, Int) -> Result) -> Result {
        storage.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: nghttp2_nv.self, capacity: max(fields.count, 1)) { nva in
                for (index, field) in fields.enumerated() {
                    var flags = UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)
                    let (name, nameLength, nameFixed) = Self.resolve(field.name, bytes)
                    let (value, valueLength, valueFixed) = Self.resolve(field.value, bytes)
                    if nameFixed { flags |= UInt8(NGHTTP2_NV_FLAG_NO_COPY_NAME.rawValue) }
                    if valueFixed { flags |= UInt8(NGHTTP2_NV_FLAG_NO_COPY_VALUE.rawValue) }
                    nva[index] = nghttp2_nv(
                        name: UnsafeMutablePointer(mutating: name), value: UnsafeMutablePointer(mutating: value),
                        namelen: nameLength, valuelen: valueLength, flags: flags)
                }
                return body(UnsafePointer(nva.baseAddress!), fields.count)
            }
        }
    }

    private static func resolve(
        _ source: Source, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> (UnsafePointer<UInt8>, Int, Bool) {
        switch source {
        case .fixed(let pointer, let length):
            return (pointer, length, true)
        case .stored(let start, let length):
            // An empty buffer may have no base address; nghttp2 never reads a zero-length value.
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            return (base + start, length, false)
        }
    }
}
