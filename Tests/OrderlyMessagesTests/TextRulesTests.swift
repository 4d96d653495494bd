// String rules on the wire: U+0000 is refused in every string (protobuf-c would cut the string
// there), control characters in every string but free text, each error naming the field path.
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite struct TextRulesTests {
    /// One string value and what each rule says about it in a plain and a free-text field.
    struct ByteCase: Sendable, CustomStringConvertible {
        let text: [UInt8]
        /// Refused offset under `.request` in an id-like field, nil when accepted.
        let strict: Int?
        /// Refused offset under `.request` in a free-text field.
        let freeText: Int?
        /// Refused offset under `.complete` (any field).
        let complete: Int?
        var description: String { "\(text)" }
    }

    static let byteCases: [ByteCase] = [
        ByteCase(text: Array("req-1".utf8), strict: nil, freeText: nil, complete: nil),
        ByteCase(text: [], strict: nil, freeText: nil, complete: nil),
        ByteCase(text: Array("req-1".utf8) + [0] + Array("a".utf8), strict: 5, freeText: 5, complete: 5),
        ByteCase(text: [0], strict: 0, freeText: 0, complete: 0),
        ByteCase(text: Array("a\u{01}b".utf8), strict: 1, freeText: nil, complete: nil),
        ByteCase(text: Array("a\tb\nc\r".utf8), strict: 1, freeText: nil, complete: nil),
        ByteCase(text: Array("x\u{1F}".utf8), strict: 1, freeText: nil, complete: nil),
        ByteCase(text: Array("x\u{7F}".utf8), strict: 1, freeText: nil, complete: nil),
        ByteCase(text: Array("\u{01}x".utf8) + [0], strict: 0, freeText: 2, complete: 2),
        // Multi-byte UTF-8 (é, 日, an emoji) and U+0080 are not C0 controls.
        ByteCase(text: Array("é日😀\u{80}".utf8), strict: nil, freeText: nil, complete: nil),
        ByteCase(text: Array(" ~".utf8), strict: nil, freeText: nil, complete: nil),
    ]

    @Test(arguments: byteCases)
    func rulesRefuseTheFirstForbiddenByte(_ c: ByteCase) {
        c.text.withUnsafeBytes { bytes in
            #expect(TextRules.request.firstRefusedByte(in: bytes, freeText: false)?.offset == c.strict)
            #expect(TextRules.request.firstRefusedByte(in: bytes, freeText: true)?.offset == c.freeText)
            #expect(TextRules.complete.firstRefusedByte(in: bytes, freeText: false)?.offset == c.complete)
        }
    }

    @Test(arguments: [("description", true), ("note", true), ("message", true), ("reason", true),
                      ("sku", false), ("request_id", false), ("name", false), ("reasons", false)])
    func freeTextIsNamedFields(_ name: String, _ free: Bool) {
        #expect(TextRules.isFreeText(fieldName: name) == free)
    }

    /// A request built with `#` standing for U+0000 (our encoder cannot write a NUL: it packs C
    /// strings), the `#` bytes then patched to 0.
    static func withNUL(_ message: some RPCMessage) -> [UInt8] {
        message.serializedBytes().map { $0 == UInt8(ascii: "#") ? 0 : $0 }
    }

    /// One request on the wire and the field its error must name (nil = accepted).
    struct WireCase: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let decode: @Sendable ([UInt8]) throws -> Void
        let refusedField: String?
        var description: String { name }
    }

    static func wire<M: RPCMessage>(_ name: String, _ type: M.Type, _ bytes: [UInt8], _ field: String?) -> WireCase {
        WireCase(name: name, bytes: bytes, decode: { bytes in
            _ = try bytes.withUnsafeBytes { try M(requestBytes: $0) }
        }, refusedField: field)
    }

    static let wireCases: [WireCase] = [
        wire("request_id with NUL", Orderly_V1_AdjustStockRequest.self,
             withNUL(Orderly_V1_AdjustStockRequest(locationID: "W", sku: "A", delta: 1, requestID: "req-1#a")),
             "request_id"),
        wire("location_id with NUL", Orderly_V1_SetStockRequest.self,
             withNUL(Orderly_V1_SetStockRequest(locationID: "W#x", sku: "A", onHand: 1)), "location_id"),
        wire("sku of the second line", Orderly_V1_CreateOrderRequest.self,
             withNUL(Orderly_V1_CreateOrderRequest(requestID: "r", lines: [
                Orderly_V1_OrderLineInput(sku: "A", quantity: 1), Orderly_V1_OrderLineInput(sku: "B#", quantity: 1),
             ])), "lines[1].sku"),
        wire("control character in a nested customer id", Orderly_V1_CreateOrderRequest.self,
             Orderly_V1_CreateOrderRequest(customer: Orderly_V1_Customer(customerID: "c\u{07}1")).serializedBytes(),
             "customer.customer_id"),
        wire("DEL in a sku", Orderly_V1_SetStockRequest.self,
             Orderly_V1_SetStockRequest(locationID: "W", sku: "A\u{7F}").serializedBytes(), "sku"),
        wire("line break in an address line", Orderly_V1_CreateOrderRequest.self,
             Orderly_V1_CreateOrderRequest(shippingAddress: Orderly_V1_Address(line1: "a\nb")).serializedBytes(),
             "shipping_address.line1"),
        wire("U+0001 in a reason", Orderly_V1_AdjustStockRequest.self,
             Orderly_V1_AdjustStockRequest(locationID: "W", sku: "A", delta: 1, reason: "cycle\u{01}count\n")
                .serializedBytes(), nil),
        wire("NUL in a reason", Orderly_V1_AdjustStockRequest.self,
             withNUL(Orderly_V1_AdjustStockRequest(locationID: "W", sku: "A", reason: "a#b")), "reason"),
        wire("tab in a tracking description", Orderly_V1_AddTrackingEventRequest.self,
             Orderly_V1_AddTrackingEventRequest(shipmentID: "S1", description: "hub\tBerlin").serializedBytes(), nil),
        wire("plain request", Orderly_V1_CreateOrderRequest.self,
             Orderly_V1_CreateOrderRequest(requestID: "req-1", lines: [Orderly_V1_OrderLineInput(sku: "Ä", quantity: 2)],
                                           currency: "EUR").serializedBytes(), nil),
    ]

    @Test(arguments: wireCases)
    func requestsAreCheckedOnTheirWireBytes(_ c: WireCase) {
        do {
            try c.decode(c.bytes)
            #expect(c.refusedField == nil, "accepted, expected a refusal naming \(c.refusedField ?? "")")
        } catch let error as MessageDecodingError {
            guard let field = c.refusedField else {
                Issue.record("refused: \(error)")
                return
            }
            #expect(error.description.hasPrefix("field \(field) "), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func responsesRefuseNULButKeepControlCharacters() throws {
        let nul = Self.withNUL(Orderly_V1_StockLevel(locationID: "W#x", sku: "A"))
        #expect(throws: MessageDecodingError.self) { _ = try Orderly_V1_StockLevel(serializedBytes: nul) }
        let control = Orderly_V1_StockLevel(locationID: "W\u{01}", sku: "A").serializedBytes()
        #expect(try Orderly_V1_StockLevel(serializedBytes: control).locationID == "W\u{01}")
        #expect(throws: MessageDecodingError.self) { _ = try control.withUnsafeBytes { try Orderly_V1_StockLevel(requestBytes: $0) } }
    }
}
