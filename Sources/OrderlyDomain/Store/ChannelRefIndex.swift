// ChannelRefIndex: (channel, channel_order_ref) → order position, the second CreateOrder
// idempotency key. Keyed by a 64-bit digest of the pair instead of the pair itself: marketplace
// references are usually longer than Swift's 15-byte inline strings, and hashing and comparing
// heap strings (twice per insert in a sharded dictionary, again at every resize) was the largest
// single cost of rebuilding a million orders at start-up. A digest is exact here because every
// hit is checked against the order it names; a pair whose digest another pair already holds goes
// to a small exact table.

/// How a pair becomes its digest (a parameter so tests can force collisions).
protocol ChannelRefDigest {
    static func digest(_ ref: ChannelRef) -> UInt64
}

/// The FNV-1a digest the request fingerprints use (Rules/Fingerprint.swift): cheap, and not
/// Swift's per-process Hasher, which is what made the string keys slow.
enum FNVChannelRefDigest: ChannelRefDigest {
    static func digest(_ ref: ChannelRef) -> UInt64 {
        var f = Fingerprint()
        f.add(ref.channel)
        f.add(ref.ref)
        return f.value
    }
}

struct ChannelRefIndex<Digest: ChannelRefDigest>: Sendable, Equatable {
    private static var shardCount: Int { 64 }
    /// Split like ShardedDictionary, so a write after a snapshot copies one shard, not all.
    private var shards: [[UInt64: Int32]] = Array(repeating: [:], count: 64)
    /// Pairs whose digest was already taken by another pair.
    private var collisions: [ChannelRef: Int32] = [:]

    init() {}

    @inline(__always)
    private static func shard(_ digest: UInt64) -> Int { Int(truncatingIfNeeded: digest >> 58) }

    /// Where `ref` would go, and the position its digest already names (if any).
    struct Probe: Equatable {
        fileprivate let digest: UInt64
        let taken: Int32?
    }

    func probe(_ ref: ChannelRef) -> Probe {
        let d = Digest.digest(ref)
        return Probe(digest: d, taken: shards[Self.shard(d)][d])
    }

    /// The position of the order holding `ref`; `holds(p)` says whether the order at p does.
    func position(of ref: ChannelRef, holds: (Int32) -> Bool) -> Int32? {
        if let p = probe(ref).taken, holds(p) { return p }
        return collisions.isEmpty ? nil : collisions[ref]
    }

    /// Records that the order at `position` holds `ref`; `collides` when the probe's position
    /// holds another pair.
    mutating func insert(_ ref: ChannelRef, at position: Int32, probe: Probe, collides: Bool) {
        if collides {
            collisions[ref] = position
        } else {
            shards[Self.shard(probe.digest)][probe.digest] = position
        }
    }

    /// Adds the pairs of new orders, in position order, on a thread that cannot read the orders:
    /// a pair whose digest is already taken waits for ``finish(holds:)``, which checks it as
    /// `insert` would have. The index is the same as inserting one by one.
    struct Builder {
        private(set) var index = ChannelRefIndex()
        private var deferred: [(ChannelRef, Int32)] = []

        init(capacity: Int) { index.reserveCapacity(capacity) }

        mutating func add(_ ref: ChannelRef, at position: Int32) {
            let probe = index.probe(ref)
            if probe.taken != nil {
                deferred.append((ref, position))
            } else {
                index.insert(ref, at: position, probe: probe, collides: false)
            }
        }

        /// The finished index; `holds(p, ref)` says whether the order at p holds `ref`.
        consuming func finish(holds: (Int32, ChannelRef) -> Bool) -> ChannelRefIndex {
            for (ref, position) in deferred {
                let probe = index.probe(ref)
                let collides = probe.taken.map { $0 != position && !holds($0, ref) } ?? false
                index.insert(ref, at: position, probe: probe, collides: collides)
            }
            return index
        }
    }

    /// Room for `count` pairs in all, so a bulk load does not rehash as it grows.
    mutating func reserveCapacity(_ count: Int) {
        let each = count / Self.shardCount + count / (Self.shardCount * 8) + 1
        for k in shards.indices { shards[k].reserveCapacity(each) }
    }
}
