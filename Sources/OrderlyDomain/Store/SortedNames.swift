// SortedNames: distinct names kept in ascending order, in chunks of at most 1024, so that a new
// name moves at most one chunk's entries (and, after a snapshot's copy, copies one chunk), and
// listing every name in order (GetStockCover / GetAvailability of every sku) needs no sort.

/// Distinct names in ascending (String `<`) order.
struct SortedNames: Equatable, Sendable, Sequence {
    private static var maxChunk: Int { 1024 }
    /// Never holds an empty chunk; each chunk's names sort before the next chunk's.
    private var chunks: [[String]] = []
    private(set) var count = 0

    init() {}

    /// Inserts `name` where it sorts; false if it was already there.
    @discardableResult
    mutating func insert(_ name: String) -> Bool {
        guard !chunks.isEmpty else {
            chunks = [[name]]
            count = 1
            return true
        }
        // The first chunk whose last name is not below `name`, else the last chunk.
        var lo = 0
        var hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunks[mid][chunks[mid].count - 1] < name { lo = mid + 1 } else { hi = mid }
        }
        let k = lo
        var a = 0
        var b = chunks[k].count
        while a < b {
            let mid = (a + b) / 2
            if chunks[k][mid] < name { a = mid + 1 } else { b = mid }
        }
        if a < chunks[k].count && chunks[k][a] == name { return false }
        count += 1
        if k == chunks.count - 1 && a == chunks[k].count && a >= Self.maxChunk {
            // Names arriving in order (a snapshot's restore) fill chunks whole.
            chunks.append([name])
            return true
        }
        chunks[k].insert(name, at: a)
        if chunks[k].count > Self.maxChunk {
            let half = chunks[k].count / 2
            let tail = Array(chunks[k][half...])
            chunks[k].removeSubrange(half...)
            chunks.insert(tail, at: k + 1)
        }
        return true
    }

    func makeIterator() -> FlattenSequence<[[String]]>.Iterator { chunks.joined().makeIterator() }

    /// Equal names in the same order, however they are split into chunks.
    static func == (a: Self, b: Self) -> Bool { a.count == b.count && a.elementsEqual(b) }
}
