// gRPC metadata: an ordered multi-map of lower-case keys to values. Keys ending in "-bin" hold
// bytes (base64 on the wire); all other keys hold ASCII text.

/// Request or response metadata (custom headers and trailers), in arrival order, keys repeatable.
public struct Metadata: Sendable, Hashable, ExpressibleByArrayLiteral, RandomAccessCollection {
    /// A metadata value: text for ordinary keys, bytes for "-bin" keys.
    public enum Value: Sendable, Hashable {
        /// An ASCII value of an ordinary key.
        case string(String)
        /// The decoded bytes of a "-bin" key.
        case binary([UInt8])
    }

    /// One key/value pair.
    public struct Entry: Sendable, Hashable {
        /// The key, lower-case.
        public let key: String
        /// The value.
        public let value: Value
    }

    private var entries: [Entry]

    /// Empty metadata.
    public init() {
        entries = []
    }

    /// Metadata from pairs of text values (a "-bin" key stores the text's UTF-8 bytes).
    public init(_ pairs: [(String, String)]) {
        entries = []
        for (key, value) in pairs {
            add(key, value)
        }
    }

    /// Metadata from literal pairs: `[("x-tenant", "acme")]`.
    public init(arrayLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// True when `key` carries bytes rather than text.
    public static func isBinaryKey(_ key: String) -> Bool {
        key.utf8.count >= 4 && key.utf8.suffix(4).elementsEqual("-bin".utf8)
    }

    /// Appends a text value; under a "-bin" key the text's UTF-8 bytes are stored.
    public mutating func add(_ key: String, _ value: String) {
        let key = key.lowercased()
        if Self.isBinaryKey(key) {
            entries.append(Entry(key: key, value: .binary(Array(value.utf8))))
        } else {
            entries.append(Entry(key: key, value: .string(value)))
        }
    }

    /// Appends a binary value; `key` should end in "-bin" (it is suffixed if it does not).
    public mutating func add(_ key: String, bytes: [UInt8]) {
        var key = key.lowercased()
        if !Self.isBinaryKey(key) {
            key += "-bin"
        }
        entries.append(Entry(key: key, value: .binary(bytes)))
    }

    /// Appends every entry of `other`.
    public mutating func add(contentsOf other: Metadata) {
        entries.append(contentsOf: other.entries)
    }

    /// Removes every value of `key`.
    public mutating func removeAll(_ key: String) {
        let key = key.lowercased()
        entries.removeAll { $0.key == key }
    }

    /// The first text value of `key`, if any.
    public func first(_ key: String) -> String? {
        let key = key.lowercased()
        for entry in entries where entry.key == key {
            if case .string(let text) = entry.value { return text }
        }
        return nil
    }

    /// The first binary value of `key`, if any.
    public func firstBytes(_ key: String) -> [UInt8]? {
        let key = key.lowercased()
        for entry in entries where entry.key == key {
            if case .binary(let bytes) = entry.value { return bytes }
        }
        return nil
    }

    /// Every value of `key`, in order.
    public func values(_ key: String) -> [Value] {
        let key = key.lowercased()
        return entries.filter { $0.key == key }.map(\.value)
    }

    /// Adds a header as it arrived on the wire: "-bin" values are base64-decoded. Returns false
    /// (and adds nothing) when a "-bin" value is not valid base64.
    @discardableResult
    public mutating func addWire(name: String, value: String) -> Bool {
        if Self.isBinaryKey(name) {
            guard let bytes = Base64.decode(value) else { return false }
            entries.append(Entry(key: name, value: .binary(bytes)))
        } else {
            entries.append(Entry(key: name, value: .string(value)))
        }
        return true
    }

    /// The text to put on the wire for `value` (base64 without padding for bytes).
    public static func wireText(_ value: Value) -> String {
        switch value {
        case .string(let text): text
        case .binary(let bytes): Base64.encode(bytes)
        }
    }

    /// Index of the first entry.
    public var startIndex: Int { entries.startIndex }
    /// Index past the last entry.
    public var endIndex: Int { entries.endIndex }
    /// The entry at `position`.
    public subscript(position: Int) -> Entry { entries[position] }
}
