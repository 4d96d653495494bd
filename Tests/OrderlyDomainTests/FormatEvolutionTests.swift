// The storage format evolves: a reader skips fields it does not know (a newer release added
// them) and gives absent fields their defaults (an older release did not write them); a change
// kind it does not know is refused rather than skipped; version 1 records still decode.
import Testing
@testable import OrderlyDomain

@Suite struct FormatEvolutionTests {
    @Test func fieldsANewerReleaseAddedAreSkipped() throws {
        let (store, _) = try busyStore()
        for order in store.snapshot().orders {
            var w = BinaryWriter()
            w.put(99, uint: 7)
            w.order(order)
            w.put(98, "a field from the future")
            w.message(97) { $0.put(1, 3.5) }
            w.tag(96, .fixed32)
            for _ in 0..<4 { w.u8(0xAB) }
            var r = BinaryReader(w.bytes)
            #expect(try r.order() == order)
            #expect(r.isAtEnd)
        }
    }

    @Test func fieldsAnOlderReleaseDidNotWriteGetTheirDefaults() throws {
        var w = BinaryWriter()
        w.put(1, "wh-1")
        var r = BinaryReader(w.bytes)
        let location = try r.location()
        #expect(location == Location(locationId: "wh-1", name: "", kind: .unspecified, address: nil, pickupEnabled: false))
        var empty = BinaryReader([])
        #expect(try empty.level() == StockLevel(locationId: "", sku: ""))
    }

    @Test func aChangeKindThisReleaseDoesNotKnowIsRefused() throws {
        var w = BinaryWriter()
        w.u8(StoreChange.formatVersion)
        w.message(1) { $0.message(42) { $0.put(1, "ledger movement") } }
        let error = #expect(throws: CodecError.self) { try StoreChange.decodeBatch(w.bytes) }
        #expect(error?.message.contains("newer release") == true)
    }

    @Test func longNestedMessagesGetWiderLengths() throws {
        let long = String(repeating: "x", count: 70_000)
        var w = BinaryWriter()
        w.message(1) { $0.put(1, long) }
        var r = BinaryReader(w.bytes)
        let field = try #require(try r.field())
        let decoded = try r.message(field.wire) { r throws(CodecError) in try r.location() }
        #expect(decoded.locationId == long)
        #expect(r.isAtEnd)
    }

    @Test func versionOneRecordsStillDecode() throws {
        // A CreateOrder-like record as round 1 wrote it: version 1, a count, positional fields.
        var w = BinaryWriter()
        w.u8(1)
        w.varint(1)
        w.u8(2)  // stock
        for s in ["wh-1", "SKU-1"] { w.string(s) }
        for n: Int64 in [10, 2, 1, 3] { w.zigzag(n) }
        w.string("adj-7")
        let changes = try StoreChange.decodeBatch(w.bytes)
        #expect(changes == [.stockPut(StockLevel(locationId: "wh-1", sku: "SKU-1", onHand: 10, reserved: 2, safetyStock: 1, version: 3),
                                      requestId: "adj-7", fingerprint: 0, ledgered: false)])
    }

    @Test func anUnknownVersionIsRefusedByName() throws {
        let error = #expect(throws: CodecError.self) { try StoreChange.decodeBatch([9, 0]) }
        #expect(error?.message.contains("unsupported change format 9") == true)
    }
}
