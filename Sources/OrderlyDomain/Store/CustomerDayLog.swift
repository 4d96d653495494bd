// The customer figures of each UTC day, day-major: one entry per counted order of an identified
// customer (its customer's index, currency, +1 order and its total), and one with −1 and minus
// the total when that order stops counting (cancelled). A customer query sums the entries of the
// days it needs front to back into a dense per-customer table, so its memory is read in order:
// no per-customer heap list, hence no cache miss per customer. An order's total, currency,
// customer and creation time never change, so an order makes at most two entries.
// Days are kept sorted (a new day is nearly always the last one); each day's entries live in
// chunks of 4096, so the first write after a snapshot's copy copies one chunk, not the day.

/// One order's contribution to its customer on its day (`orders` −1: its removal).
struct CustomerEntry: Equatable {
    var customer: Int32
    var currency: UInt16
    var orders: Int16
    var revenue: Int64
}

/// One day's entries, in chunks that grow as arrays do (no capacity reserved up front: most
/// days of a small shop hold a handful of entries).
struct CustomerEntryChunks {
    static let chunkSize = 4096
    private(set) var chunks: [[CustomerEntry]] = []
    private(set) var count = 0

    mutating func append(_ entry: CustomerEntry) {
        if count % Self.chunkSize == 0 { chunks.append([]) }
        chunks[chunks.count - 1].append(entry)
        count += 1
    }
}

/// Every day's entries, by day.
struct CustomerDayLog {
    /// The days holding entries, ascending.
    private(set) var days: [Int32] = []
    /// `buckets[k]` holds the entries of `days[k]`.
    private var buckets: [CustomerEntryChunks] = []
    /// Entries in all.
    private(set) var count = 0

    /// The position in `days` of the first day ≥ `day`.
    private func position(_ day: Int32) -> Int {
        var lo = 0
        var hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func append(_ entry: CustomerEntry, day: Int32) {
        var k = days.count - 1
        if days.last != day {
            k = position(day)
            if k == days.count || days[k] != day {
                days.insert(day, at: k)
                buckets.insert(CustomerEntryChunks(), at: k)
            }
        }
        buckets[k].append(entry)
        count += 1
    }

    /// The positions (into `days`) of the days inside `whole`.
    func positions(_ whole: Range<Int32>) -> Range<Int> {
        position(whole.lowerBound)..<position(whole.upperBound)
    }

    /// Entries of the days at `positions`.
    func count(_ positions: Range<Int>) -> Int {
        buckets[positions].reduce(0) { $0 + $1.count }
    }

    /// Calls `body` with the entries of the days at `positions`, a chunk at a time, in place.
    func forEachChunk(_ positions: Range<Int>, _ body: (UnsafeBufferPointer<CustomerEntry>) -> Void) {
        for k in positions {
            for chunk in buckets[k].chunks { chunk.withUnsafeBufferPointer(body) }
        }
    }
}
