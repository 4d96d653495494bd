// Table-driven tests of the gRPC vocabulary: status codes, grpc-message percent-encoding,
// base64 for -bin metadata, grpc-timeout, and metadata itself.
import OrderlyRPC
import Testing

struct StatusCodeTests {
    @Test(arguments: [
        (0, "OK"), (1, "CANCELLED"), (2, "UNKNOWN"), (3, "INVALID_ARGUMENT"), (4, "DEADLINE_EXCEEDED"),
        (5, "NOT_FOUND"), (6, "ALREADY_EXISTS"), (7, "PERMISSION_DENIED"), (8, "RESOURCE_EXHAUSTED"),
        (9, "FAILED_PRECONDITION"), (10, "ABORTED"), (11, "OUT_OF_RANGE"), (12, "UNIMPLEMENTED"),
        (13, "INTERNAL"), (14, "UNAVAILABLE"), (15, "DATA_LOSS"), (16, "UNAUTHENTICATED"),
    ])
    func codeHasSpecNameAndWireText(number: Int, name: String) throws {
        let code = try #require(StatusCode(wireValue: number))
        #expect(code.name == name)
        #expect(code.wireText.description == String(number))
    }

    @Test(arguments: [-1, 17, 100])
    func numbersOutsideTheSpecAreRejected(number: Int) {
        #expect(StatusCode(wireValue: number) == nil)
    }

    @Test func errorsMapToStatuses() {
        #expect(RPCError(mapping: RPCError(.notFound, "x")).code == .notFound)
        #expect(RPCError(mapping: MessageDecodingError("bad field")) == RPCError(.invalidArgument, "bad field"))
        #expect(RPCError(mapping: CancellationError()).code == .cancelled)
        struct Other: Error {}
        #expect(RPCError(mapping: Other()).code == .unknown)
    }
}

struct PercentEncodingTests {
    @Test(arguments: [
        ("", ""),
        ("plain ascii text", "plain ascii text"),
        ("100%", "100%25"),
        ("line\nbreak", "line%0Abreak"),
        ("tab\there", "tab%09here"),
        ("café", "caf%C3%A9"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("~ is printable", "~ is printable"),
        ("\u{7F}del", "%7Fdel"),
    ])
    func encodesAsTheSpecSays(plain: String, wire: String) {
        #expect(PercentEncoding.encode(plain) == wire)
        #expect(PercentEncoding.decode(wire) == plain)
    }

    @Test(arguments: [("%", "%"), ("%4", "%4"), ("%zz", "%zz"), ("a%2", "a%2"), ("%c3%a9", "é"), ("%FF", "\u{FFFD}")])
    func malformedEscapesAreKeptNotFatal(wire: String, decoded: String) {
        #expect(PercentEncoding.decode(wire) == decoded)
    }
}

struct Base64Tests {
    @Test(arguments: [
        ([UInt8](), ""), ([0x66], "Zg"), ([0x66, 0x6F], "Zm8"), ([0x66, 0x6F, 0x6F], "Zm9v"),
        (Array("foobar".utf8), "Zm9vYmFy"), ([0xFF, 0xFE, 0x00], "//4A"),
    ])
    func roundTripsUnpadded(bytes: [UInt8], text: String) {
        #expect(Base64.encode(bytes) == text)
        #expect(Base64.decode(text) == bytes)
    }

    @Test(arguments: [("Zg==", [UInt8(0x66)]), ("Zm8=", [0x66, 0x6F])])
    func acceptsPadding(text: String, bytes: [UInt8]) {
        #expect(Base64.decode(text) == bytes)
        #expect(Base64.encode(bytes, padded: true) == text)
    }

    @Test(arguments: ["Z", "Zm9v!", "Zg=x", "Zg=", "a b"])
    func rejectsNonBase64(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}

struct TimeoutTests {
    @Test(arguments: [
        ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("3S", .seconds(3)), ("100m", .milliseconds(100)),
        ("250u", .microseconds(250)), ("99n", .nanoseconds(99)), ("99999999S", .seconds(99_999_999)),
        ("0m", .zero),
    ])
    func parsesEveryUnit(text: String, duration: Duration) {
        #expect(GRPCTimeout.parse(text) == duration)
    }

    @Test(arguments: ["", "S", "10", "10s", "123456789S", "-1S", "1.5S", "10 S"])
    func rejectsMalformedValues(text: String) {
        #expect(GRPCTimeout.parse(text) == nil)
    }

    @Test(arguments: [
        (Duration.milliseconds(100), "100000u"), (.seconds(1), "1000000u"), (.seconds(100), "100000m"),
        (.seconds(1_000_000), "1000000S"), (.seconds(200_000_000), "3333334M"), (.nanoseconds(1), "1n"),
    ])
    func encodesInTheFinestFittingUnit(duration: Duration, text: String) throws {
        #expect(GRPCTimeout.encode(duration) == text)
        let parsed = try #require(GRPCTimeout.parse(text))
        #expect(parsed >= duration)
    }
}

struct MetadataTests {
    @Test func keepsOrderAndRepeatsAndLowercasesKeys() {
        var metadata = Metadata()
        metadata.add("X-Tenant", "acme")
        metadata.add("x-trace", "1")
        metadata.add("x-tenant", "other")
        #expect(metadata.map(\.key) == ["x-tenant", "x-trace", "x-tenant"])
        #expect(metadata.first("x-tenant") == "acme")
        #expect(metadata.values("X-TENANT") == [.string("acme"), .string("other")])
        metadata.removeAll("x-tenant")
        #expect(metadata.count == 1)
    }

    @Test func binaryKeysHoldBytesAndTravelAsBase64() {
        var metadata = Metadata()
        metadata.add("blob", bytes: [0, 1, 255])
        #expect(metadata.first(where: { _ in true })?.key == "blob-bin")
        #expect(metadata.firstBytes("blob-bin") == [0, 1, 255])
        #expect(Metadata.wireText(.binary([0, 1, 255])) == "AAH/")

        var received = Metadata()
        let accepted = [
            received.addWire(name: "token-bin", value: "AAH/"),
            received.addWire(name: "token-bin", value: "AAH="),
            received.addWire(name: "token-bin", value: "***"),
            received.addWire(name: "plain", value: "AAH/"),
        ]
        #expect(accepted == [true, true, false, true])
        #expect(received.values("token-bin") == [.binary([0, 1, 255]), .binary([0, 1])])
        #expect(received.first("plain") == "AAH/")
    }
}

struct RawHeaderBlockTests {
    @Test func parsesBackToMetadataInOrderWithBinaryValuesDecoded() {
        var block = RawHeaderBlock()
        #expect(block.isEmpty)
        let headers = [("x-tenant", "acme"), ("x-id-bin", "AP8"), ("x-tenant", "two"), ("bad-bin", "!!"), ("empty", "")]
        for (name, value) in headers {
            Array(name.utf8).withUnsafeBytes { name in
                Array(value.utf8).withUnsafeBytes { value in block.append(name: name, value: value) }
            }
        }
        #expect(!block.isEmpty)
        let metadata = block.parse()
        #expect(metadata.map(\.key) == ["x-tenant", "x-id-bin", "x-tenant", "empty"])
        #expect(metadata.values("x-tenant") == [.string("acme"), .string("two")])
        #expect(metadata.firstBytes("x-id-bin") == [0x00, 0xFF])
        #expect(metadata.first("empty") == "")
    }

    @Test func contextParsesLazilyAndOnlyOnce() {
        var block = RawHeaderBlock()
        Array("k".utf8).withUnsafeBytes { name in Array("v".utf8).withUnsafeBytes { block.append(name: name, value: $0) } }
        let context = ServerContext(path: "/a/b", requestHeaders: block, deadline: nil, peer: "p")
        #expect(context.requestMetadata.first("k") == "v")
        #expect(context.requestMetadata == context.requestMetadata)
    }
}
