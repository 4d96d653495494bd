// The two order indexes that avoid string dictionaries: OrderIdIndex (positional ids need no
// entry; other ids still resolve) and ChannelRefIndex (digest-keyed, exact even when two pairs
// share a digest), each checked against a plain dictionary of what was inserted.
import Testing
@testable import OrderlyDomain

/// A digest that maps every pair to one of two values: collisions on every other insert.
private enum TwoValuedDigest: ChannelRefDigest {
    static func digest(_ ref: ChannelRef) -> UInt64 { UInt64(ref.ref.utf8.count % 2) }
}

@Suite struct IndexTests {
    private func orders(_ ids: [String], refs: [String] = []) -> ChunkedArray<Order> {
        var orders = ChunkedArray<Order>()
        for (k, id) in ids.enumerated() {
            orders.append(Order(
                orderId: id, channel: .web, channelOrderRef: k < refs.count ? refs[k] : "", lines: [], currency: "USD",
                totalMinor: 0, shippingAddress: nil, shippingMethod: .standard, allocations: [],
                createdAt: Timestamp(nanos: 0), updatedAt: Timestamp(nanos: 0)))
        }
        return orders
    }

    @Test func positionalIdsNeedNoEntryAndOthersStillResolve() {
        let ids = ["o-000001", "o-000002", "legacy-7", "o-000004", "o-9", "o-000005", "o-12345678901"]
        let all = orders(ids)
        var index = OrderIdIndex()
        for (k, id) in ids.enumerated() { index.insert(id, at: k) }
        // Only the ids that do not name their own position are kept: "legacy-7", "o-9" (at 4),
        // "o-000005" (at 5) and the 11-digit one (at 6).
        #expect(index.dictionaryCount == 4)
        for (k, id) in ids.enumerated() { #expect(index.position(of: id, in: all) == k, "\(id)") }
        for missing in ["o-000003", "o-000006", "o-0", "o-", "o-00000a", "x-000001", "", "o-000001 "] {
            #expect(index.position(of: missing, in: all) == nil, "\(missing)")
        }
    }

    @Test func channelRefsStayExactWhenDigestsCollide() {
        let refs = (0..<200).map { "ref-" + String(repeating: "x", count: $0 % 7) + "\($0)" }
        let all = orders((0..<200).map { Ids.make("o", $0 + 1) }, refs: refs)
        var index = ChannelRefIndex<TwoValuedDigest>()
        var plain: [String: Int32] = [:]
        func holds(_ p: Int32, _ ref: ChannelRef) -> Bool { all[Int(p)].channelOrderRef == ref.ref }
        for (k, ref) in refs.enumerated() {
            let key = ChannelRef(channel: .web, ref: ref)
            let probe = index.probe(key)
            let collides = probe.taken.map { $0 != Int32(k) && !holds($0, key) } ?? false
            index.insert(key, at: Int32(k), probe: probe, collides: collides)
            plain[ref] = Int32(k)
        }
        for ref in refs {
            let key = ChannelRef(channel: .web, ref: ref)
            #expect(index.position(of: key) { holds($0, key) } == plain[ref], "\(ref)")
        }
        let absent = ChannelRef(channel: .web, ref: "ref-none")
        #expect(index.position(of: absent) { holds($0, absent) } == nil)
        // Another channel with a known reference is another key, also for the real digest.
        #expect(FNVChannelRefDigest.digest(ChannelRef(channel: .web, ref: "A-1")) != FNVChannelRefDigest.digest(ChannelRef(channel: .pos, ref: "A-1")))
        let otherChannel = ChannelRef(channel: .pos, ref: refs[3])
        #expect(index.position(of: otherChannel) { all[Int($0)].channel == .pos && holds($0, otherChannel) } == nil)
    }

    /// The builder a snapshot rebuild runs beside the orders (it cannot read them) must end up
    /// with the very index that inserting one by one gives, collisions and a repeated pair included.
    @Test func builderMatchesInsertingOneByOne() {
        var refs = (0..<300).map { "ref-" + String(repeating: "y", count: $0 % 5) + "\($0)" }
        refs[250] = refs[17]  // a pair seen twice: the later order wins, as with insert
        let all = orders((0..<300).map { Ids.make("o", $0 + 1) }, refs: refs)
        func holds(_ p: Int32, _ ref: ChannelRef) -> Bool { all[Int(p)].channelOrderRef == ref.ref }
        var sequential = ChannelRefIndex<TwoValuedDigest>()
        var builder = ChannelRefIndex<TwoValuedDigest>.Builder(capacity: refs.count)
        for (k, ref) in refs.enumerated() {
            let key = ChannelRef(channel: .web, ref: ref)
            let probe = sequential.probe(key)
            let collides = probe.taken.map { $0 != Int32(k) && !holds($0, key) } ?? false
            sequential.insert(key, at: Int32(k), probe: probe, collides: collides)
            builder.add(key, at: Int32(k))
        }
        let built = builder.finish(holds: holds)
        #expect(built == sequential)
        #expect(built.position(of: ChannelRef(channel: .web, ref: refs[17])) { holds($0, ChannelRef(channel: .web, ref: refs[17])) } == 250)
    }
}
