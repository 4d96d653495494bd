// ChunkedArray and ShardedDictionary: copy-on-write containers split into pieces, so that after
// a snapshot copies the state, the next write copies only the piece it touches (4096 orders, or
// one of 64 hash shards) instead of the whole million-entry array or dictionary under the lock.

/// An append-only random-access array stored in chunks of 4096 elements.
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private static var shift: Int { 12 }
    private static var mask: Int { (1 << shift) - 1 }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get { chunks[i >> Self.shift][i & Self.mask] }
        // In place: an element holding arrays is mutated without copying them.
        _modify { yield &chunks[i >> Self.shift][i & Self.mask] }
    }

    /// Calls `body` with each chunk's first index and its elements in place (a scan reads them
    /// without copying each element out).
    func forEachChunk(_ body: (Int, UnsafeBufferPointer<Element>) throws -> Void) rethrows {
        for (k, chunk) in chunks.enumerated() {
            try chunk.withUnsafeBufferPointer { try body(k << Self.shift, $0) }
        }
    }

    mutating func append(_ element: Element) {
        if count & Self.mask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.mask + 1)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}

extension ChunkedArray {
    /// Replaces the element `index` names for `id`, or appends it and records its position;
    /// returns the position (shipments, transfers, reservations: entities replaced whole).
    @discardableResult
    mutating func upsert(_ element: Element, id: String, index: inout ShardedDictionary<String, Int32>) -> Int32 {
        if let i = index[id] {
            self[Int(i)] = element
            return i
        }
        let position = Int32(count)
        index[id] = position
        append(element)
        return position
    }
}

extension ChunkedArray: Equatable where Element: Equatable {
    static func == (a: Self, b: Self) -> Bool { a.elementsEqual(b) }
}

extension ChunkedArray: Sendable where Element: Sendable {}

/// A dictionary split into 64 shards by hash.
struct ShardedDictionary<Key: Hashable, Value>: Sequence {
    private static var shardCount: Int { 64 }
    private var shards: [[Key: Value]] = Array(repeating: [:], count: 64)

    init() {}

    @inline(__always)
    private static func shard(_ key: Key) -> Int { key.hashValue & (shardCount - 1) }

    subscript(key: Key) -> Value? {
        get { shards[Self.shard(key)][key] }
        set { shards[Self.shard(key)][key] = newValue }
    }

    subscript(key: Key, default value: @autoclosure () -> Value) -> Value {
        get { shards[Self.shard(key)][key] ?? value() }
        _modify { yield &shards[Self.shard(key)][key, default: value()] }
    }

    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        shards[Self.shard(key)].updateValue(value, forKey: key)
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        shards[Self.shard(key)].removeValue(forKey: key)
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// Room for `count` keys in all (spread evenly by hash), so a bulk load does not rehash.
    mutating func reserveCapacity(_ count: Int) {
        let each = count / Self.shardCount + count / (Self.shardCount * 8) + 1
        for k in shards.indices { shards[k].reserveCapacity(each) }
    }

    var values: [Value] { shards.flatMap { Array($0.values) } }

    func makeIterator() -> FlattenSequence<[[Key: Value]]>.Iterator { shards.joined().makeIterator() }
}

extension ShardedDictionary: Equatable where Value: Equatable {}

extension ShardedDictionary: Sendable where Key: Sendable, Value: Sendable {}
