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
