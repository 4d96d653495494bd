// A growable bitset over order positions: the status and channel indexes of ListOrders. Setting
// and clearing are O(1), and finding the next member skips 64 non-members per word.

/// A set of small non-negative integers.
struct Bitset: Equatable, Sendable {
    private(set) var words: [UInt64] = []

    /// Same members, whatever trailing zero words either side carries.
    static func == (a: Bitset, b: Bitset) -> Bool {
        let n = max(a.words.count, b.words.count)
        for i in 0..<n where (i < a.words.count ? a.words[i] : 0) != (i < b.words.count ? b.words[i] : 0) {
            return false
        }
        return true
    }

    mutating func insert(_ i: Int) {
        let w = i >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(i & 63)
    }

    mutating func remove(_ i: Int) {
        let w = i >> 6
        guard w < words.count else { return }
        words[w] &= ~(1 << UInt64(i & 63))
    }

    func contains(_ i: Int) -> Bool {
        let w = i >> 6
        return w < words.count && words[w] & (1 << UInt64(i & 63)) != 0
    }

    /// The smallest member ≥ `start`, if any.
    func next(from start: Int) -> Int? {
        var w = start >> 6
        guard w < words.count, start >= 0 else { return nil }
        var word = words[w] & (~0 << UInt64(start & 63))
        while true {
            if word != 0 { return w << 6 + word.trailingZeroBitCount }
            w += 1
            guard w < words.count else { return nil }
            word = words[w]
        }
    }
}
