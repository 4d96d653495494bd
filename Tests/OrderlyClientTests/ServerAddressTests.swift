// Parsing of HOST:PORT targets.
import OrderlyClient
import OrderlyRPC
import Testing

struct ServerAddressTests {
    @Test(arguments: [
        ("127.0.0.1:50051", "127.0.0.1", 50051), ("localhost:1", "localhost", 1),
        ("[::1]:65535", "::1", 65535), ("orderly.internal:443", "orderly.internal", 443),
    ])
    func validTargetsParse(text: String, host: String, port: Int) throws {
        let address = try ServerAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == text)
    }

    @Test(arguments: ["", "localhost", "localhost:", "localhost:0", "localhost:65536", ":50051", "::1:50051", "host:port", "[]:1"])
    func invalidTargetsAreRejected(text: String) {
        #expect(throws: RPCError.self) { try ServerAddress(parsing: text) }
    }
}
