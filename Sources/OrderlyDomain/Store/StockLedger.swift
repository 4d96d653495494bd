// StockLedger: the stock movements the store keeps, and the balance of the ones it no longer
// keeps. Memory is bounded: the newest `retention` movements (default 1,000,000, plus up to one
// chunk) stay in memory in chunks of 4096; when a chunk falls out of retention its deltas are
// folded into `carried` (one StockBuckets per level), so for every level
// carried + Σ retained deltas = its figures still holds and VerifyInventory can check it.
// Levels that existed before the ledger (older data directories) start with their figures in
// `carried` too. Chunks are copy-on-write, so after a snapshot copies the state the next
// append copies one chunk, not the whole ledger.

/// The retained stock movements and the carried balance of older ones.
struct StockLedger: Equatable, Sendable {
    /// Movements kept in memory by default (older ones are folded into `carried`).
    static let defaultRetention = 1_000_000
    static let chunkSize = 4096

    /// How many movements to keep at least (the newest ones).
    var retention = StockLedger.defaultRetention
    private var chunks: [[StockMovement]] = []
    /// The sequence of the oldest retained movement.
    private(set) var firstSequence: Int64 = 1
    /// The sequence the next movement gets.
    private(set) var nextSequence: Int64 = 1
    /// Per level: the deltas of movements no longer retained, plus its figures from before the ledger.
    private(set) var carried: [StockKey: StockBuckets] = [:]

    init() {}

    /// Number of retained movements.
    var count: Int { Int(nextSequence - firstSequence) }

    /// Appends `movement` with the next sequence; folds the oldest chunk once it is beyond retention.
    mutating func append(_ movement: StockMovement) {
        var movement = movement
        movement.sequence = nextSequence
        nextSequence += 1
        if chunks.last.map({ $0.count >= Self.chunkSize }) ?? true {
            var chunk: [StockMovement] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(movement)
        if let oldest = chunks.first, count - oldest.count >= retention { foldOldestChunk() }
    }

    private mutating func foldOldestChunk() {
        let oldest = chunks.removeFirst()
        for m in oldest { carry(m.delta, for: m.key) }
        firstSequence += Int64(oldest.count)
    }

    /// Adds `delta` to the carried balance of `key` (a change recorded before the ledger existed).
    /// Sums wrap rather than trap: a ledger that no longer adds up is what VerifyInventory reports.
    mutating func carry(_ delta: StockBuckets, for key: StockKey) {
        var balance = carried[key] ?? StockBuckets()
        if !balance.add(delta) {
            balance = StockBuckets(
                onHand: balance.onHand &+ delta.onHand, reserved: balance.reserved &+ delta.reserved,
                damaged: balance.damaged &+ delta.damaged, incoming: balance.incoming &+ delta.incoming)
        }
        carried[key] = balance
    }

    /// The retained movement with `sequence`, if any.
    func movement(_ sequence: Int64) -> StockMovement? {
        guard sequence >= firstSequence, sequence < nextSequence, let first = chunks.first else { return nil }
        var i = Int(sequence - firstSequence)
        if i < first.count { return first[i] }
        i -= first.count
        return chunks[1 + i / Self.chunkSize][i % Self.chunkSize]
    }

    /// Every retained movement, oldest first, from `sequence` on.
    func movements(from sequence: Int64) -> some Sequence<StockMovement> {
        let start = max(sequence, firstSequence)
        return (start..<max(start, nextSequence)).lazy.compactMap { self.movement($0) }
    }

    /// Per level: carried + Σ retained deltas (overflow wraps; a mismatch is reported, not trapped).
    func balances() -> [StockKey: StockBuckets] {
        var sums = carried
        for chunk in chunks {
            for m in chunk {
                var b = sums[m.key] ?? StockBuckets()
                b.onHand &+= m.delta.onHand
                b.reserved &+= m.delta.reserved
                b.damaged &+= m.delta.damaged
                b.incoming &+= m.delta.incoming
                sums[m.key] = b
            }
        }
        return sums
    }

    /// Restores a ledger from a snapshot's parts.
    mutating func restore(firstSequence: Int64, carried: [StockKey: StockBuckets]) {
        self.firstSequence = firstSequence
        self.nextSequence = firstSequence
        self.carried = carried
        chunks = []
    }

    /// Restores one retained movement (snapshot order, sequences without gaps).
    mutating func restoreMovement(_ movement: StockMovement) throws(CodecError) {
        guard movement.sequence == nextSequence else {
            throw CodecError("stock movement \(movement.sequence) where \(nextSequence) was expected")
        }
        let keep = retention
        retention = Int.max
        append(movement)
        retention = keep
    }

    /// Every retained chunk (for the snapshot writer).
    var retainedChunks: [[StockMovement]] { chunks }
}
