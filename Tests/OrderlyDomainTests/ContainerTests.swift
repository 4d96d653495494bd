// The storage helpers: Bitset (ListOrders indexes), ChunkedArray and ShardedDictionary
// (copy-on-write pieces), checked against the standard containers they stand in for.
import Testing
@testable import OrderlyDomain

@Suite struct ContainerTests {
    @Test(arguments: [[Int](), [0], [63, 64], [1, 5, 200, 201, 4095], Array(stride(from: 3, to: 700, by: 7))])
    func bitsetNextFindsEveryMemberInOrder(_ members: [Int]) {
        var bits = Bitset()
        for m in members { bits.insert(m) }
        var found: [Int] = []
        var at = 0
        while let i = bits.next(from: at) {
            found.append(i)
            at = i + 1
        }
        #expect(found == members)
        for m in members { bits.remove(m) }
        #expect(bits.next(from: 0) == nil)
        #expect(bits == Bitset())
    }

    @Test func chunkedArrayBehavesLikeAnArrayAcrossChunks() {
        var chunked = ChunkedArray<Int>()
        var plain: [Int] = []
        for i in 0..<10_000 {
            chunked.append(i)
            plain.append(i)
        }
        let copy = chunked
        chunked[4097] = -1
        plain[4097] = -1
        #expect(Array(chunked) == plain)
        #expect(copy[4097] == 4097)
        #expect(chunked.count == 10_000)
    }

    @Test func shardedDictionaryBehavesLikeADictionary() {
        var sharded = ShardedDictionary<String, [Int]>()
        var plain: [String: [Int]] = [:]
        for i in 0..<2_000 {
            let key = "k\(i % 300)"
            sharded[key, default: []].append(i)
            plain[key, default: []].append(i)
        }
        sharded.removeValue(forKey: "k7")
        plain.removeValue(forKey: "k7")
        sharded["k8"] = nil
        plain["k8"] = nil
        #expect(sharded.count == plain.count)
        #expect(Dictionary(uniqueKeysWithValues: sharded.map { ($0.key, $0.value) }) == plain)
        #expect(sharded["k9"] == plain["k9"])
    }

    /// Names inserted in any order, over many chunks, read back ascending and distinct; equality
    /// ignores how they are split into chunks.
    @Test(arguments: [UInt64(1), 42])
    func sortedNamesStayInOrder(seed: UInt64) {
        var random = seed
        func next() -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(random >> 33)
        }
        var names = SortedNames()
        var plain = Set<String>()
        for _ in 0..<5000 {
            let name = "n\(next() % 4000)"
            #expect(names.insert(name) == plain.insert(name).inserted)
        }
        #expect(Array(names) == plain.sorted())
        #expect(names.count == plain.count)
        var inOrder = SortedNames()
        for name in plain.sorted() { inOrder.insert(name) }
        #expect(inOrder == names)
        inOrder.insert("zz")
        #expect(inOrder != names)
    }

    @Test func stockTableKeepsItsSkusSorted() {
        var table = StockTable()
        for (location, sku) in [("a", "S2"), ("b", "S10"), ("a", "S1"), ("b", "S2"), ("c", "S10"), ("a", "A")] {
            table.updateValue(StockLevel(locationId: location, sku: sku, onHand: 1), forKey: StockKey(locationId: location, sku: sku))
        }
        #expect(Array(table.sortedSkus) == ["A", "S1", "S10", "S2"])
        #expect(table.sortedSkus.count == 4 && table.count == 6)
    }

    @Test func stockTableKeepsEachSkuSortedByLocation() {
        var table = StockTable()
        for location in ["m", "a", "z", "c"] {
            table.updateValue(StockLevel(locationId: location, sku: "S", onHand: 1), forKey: StockKey(locationId: location, sku: "S"))
        }
        let old = table.updateValue(StockLevel(locationId: "c", sku: "S", onHand: 9), forKey: StockKey(locationId: "c", sku: "S"))
        #expect(old?.onHand == 1)
        #expect(table.count == 4)
        #expect(table.levels(of: "S").map(\.locationId) == ["a", "c", "m", "z"])
        #expect(table[StockKey(locationId: "c", sku: "S")]?.onHand == 9)
        #expect(table[StockKey(locationId: "b", sku: "S")] == nil)
        #expect(table[StockKey(locationId: "a", sku: "T")] == nil)
    }
}

/// The recovery pipeline: decoding the next window on other threads while this one consumes.
@Suite struct PipelineTests {
    private struct Failure: Error, Equatable { let at: Int }

    @Test(arguments: [(1, 1), (2, 7), (3, 64), (4, 1000), (2, 5000)])
    func everyValueReachesBothConsumersInOrder(threads: Int, window: Int) throws {
        let besideSeen = Locked<[Int]>([])
        let otherSeen = Locked<[Int]>([])
        var consumed: [Int] = []
        try ParallelDecode.pipelined(count: 4321, threads: threads, window: window, { (k: Int) throws(Failure) -> Int in
            k * 3
        }, beside: [{ window in
            besideSeen.withLock { $0 += window.joined() }
        }, { window in
            otherSeen.withLock { $0 += window.joined() }
        }], consume: { (values: UnsafeBufferPointer<Int>) throws(Failure) in consumed += values })
        let expected = (0..<4321).map { $0 * 3 }
        #expect(consumed == expected)
        // Each of `beside` has seen every window when pipelined returns.
        #expect(besideSeen.withLock { $0 } == expected)
        #expect(otherSeen.withLock { $0 } == expected)
    }

    @Test func aDecodeFailureStopsBeforeTheFailingWindowAndNamesTheFirstFailure() {
        var consumed: [Int] = []
        #expect(throws: Failure(at: 500)) {
            try ParallelDecode.pipelined(count: 2000, threads: 2, window: 100, { (k: Int) throws(Failure) -> Int in
                if k == 500 || k == 1500 { throw Failure(at: k) }
                return k
            }, consume: { (values: UnsafeBufferPointer<Int>) throws(Failure) in consumed += values })
        }
        #expect(consumed == Array(0..<500))
    }

    @Test func aConsumerFailureStopsThePipeline() {
        var consumed: [Int] = []
        #expect(throws: Failure(at: 42)) {
            try ParallelDecode.pipelined(count: 2000, threads: 2, window: 10, { (k: Int) throws(Failure) -> Int in k },
                                         consume: { (values: UnsafeBufferPointer<Int>) throws(Failure) in
                for value in values {
                    if value == 42 { throw Failure(at: 42) }
                    consumed.append(value)
                }
            })
        }
        #expect(consumed == Array(0..<42))
    }
}
