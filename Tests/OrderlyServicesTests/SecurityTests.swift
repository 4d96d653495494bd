// Authentication pieces without sockets: SHA-256 against published and reference vectors, the
// auth-file parser, role spelling, the access table, and the interceptor in front of the real
// services (denied calls do no work; channel roles are narrowed to their channel).
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC
import OrderlyServices
import Testing

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("tok-web", "17710c678c94ae6eaefa81c1c645486525bc792e049eec4cf3eba5c087e0bfa5"),
    ])
    func knownDigests(input: String, hex: String) {
        #expect(SHA256.hexDigest(input) == hex)
    }

    /// Lengths around the padding boundaries (55/56 bytes fit one block or need two).
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ])
    func paddingBoundaries(length: Int, hex: String) {
        #expect(SHA256.hexDigest(String(repeating: "a", count: length)) == hex)
    }

    @Test func allByteValues() {
        let digest = SHA256.hash(Array(0...255) as [UInt8])
        #expect(digest.count == 32)
        #expect(digest.prefix(4) == [0x40, 0xaf, 0xf2, 0xe9])
    }
}

struct TokenTableTests {
    static let webDigest = "17710c678c94ae6eaefa81c1c645486525bc792e049eec4cf3eba5c087e0bfa5"

    @Test func parsesDigestsRolesAndComments() throws {
        let text = """
            # tokens
            \(SHA256.hexDigest("tok-admin")) admin

            \(Self.webDigest.uppercased())\tchannel:web   # upper-case hex and a tab
              \(SHA256.hexDigest("tok-view")) viewer\r
            \(SHA256.hexDigest("tok-wh")) warehouse
            """
        let table = try TokenTable(parsing: text)
        #expect(table.count == 4)
        #expect(table.role(forToken: "tok-admin") == .admin)
        #expect(table.role(forToken: "tok-web") == .channel(.web))
        #expect(table.role(forToken: "tok-view") == .viewer)
        #expect(table.role(forToken: "tok-wh") == .warehouse)
        #expect(table.role(forToken: "tok-nope") == nil)
        #expect(table.role(forToken: "") == nil)
        #expect(table.role(forToken: Self.webDigest) == nil, "the digest itself is not a token")
    }

    @Test(arguments: [
        ("abc admin", 1),
        ("\(String(repeating: "a", count: 63)) admin", 1),
        ("\(String(repeating: "g", count: 64)) admin", 1),
        ("# ok\n\(String(repeating: "a", count: 64)) root", 2),
        ("\(String(repeating: "a", count: 64))", 1),
        ("\(String(repeating: "a", count: 64)) admin extra", 1),
        ("\(String(repeating: "a", count: 64)) channel:shop", 1),
        ("\(String(repeating: "a", count: 64)) channel:", 1),
    ])
    func rejectsBadLines(text: String, line: Int) {
        #expect(throws: TokenTable.ParseError.self) { try TokenTable(parsing: text) }
        do {
            _ = try TokenTable(parsing: text)
        } catch {
            #expect(error.line == line)
        }
    }

    @Test(arguments: [
        ("admin", Role.admin), ("viewer", .viewer), ("warehouse", .warehouse), ("channel:web", .channel(.web)),
        ("channel:mobile-app", .channel(.mobileApp)), ("channel:pos", .channel(.pos)),
        ("channel:marketplace", .channel(.marketplace)), ("channel:erp", .channel(.erp)),
    ])
    func roleSpellingRoundTrips(text: String, role: Role) {
        #expect(Role(parsing: text) == role)
        #expect(role.description == text)
    }

    @Test(arguments: ["Admin", "channel:WEB", "channel:mobile_app", "channel:unspecified", "", "channel"])
    func unknownRoles(text: String) {
        #expect(Role(parsing: text) == nil)
    }
}

struct AccessPolicyTests {
    let policy = AccessPolicy()

    @Test(arguments: [
        (Role.viewer, "/orderly.v1.OrderService/GetOrder", AccessDecision.allowed),
        (.viewer, "/orderly.v1.OrderService/CreateOrder", .denied),
        (.viewer, "/orderly.v1.InventoryService/SetStock", .denied),
        (.viewer, "/orderly.v1.ReportingService/GetSalesSummary", .allowed),
        (.viewer, "/orderly.v1.AdminService/Snapshot", .denied),
        (.warehouse, "/orderly.v1.InventoryService/AdjustStock", .allowed),
        (.warehouse, "/orderly.v1.ShipmentService/CreateShipment", .allowed),
        (.warehouse, "/orderly.v1.ReturnService/ReceiveReturn", .allowed),
        (.warehouse, "/orderly.v1.OrderService/CancelOrder", .denied),
        (.warehouse, "/orderly.v1.ReportingService/GetSalesSummary", .denied),
        (.channel(.pos), "/orderly.v1.InventoryService/GetAvailability", .allowed),
        (.channel(.pos), "/orderly.v1.OrderService/CreateOrder", .scoped(.pos, .requestChannel)),
        (.channel(.pos), "/orderly.v1.OrderService/GetOrder", .scoped(.pos, .existingOrder)),
        (.channel(.pos), "/orderly.v1.OrderService/CancelOrder", .scoped(.pos, .existingOrder)),
        (.channel(.pos), "/orderly.v1.OrderService/ListOrders", .scoped(.pos, .listFilter)),
        (.channel(.pos), "/orderly.v1.OrderService/WatchOrders", .scoped(.pos, .eventFeed)),
        (.channel(.pos), "/orderly.v1.InventoryService/SetStock", .denied),
        (.channel(.pos), "/orderly.v1.ShipmentService/GetShipment", .denied),
        (.viewer, "/orderly.v1.InventoryService/ListStockMovements", .allowed),
        (.warehouse, "/orderly.v1.InventoryService/ListStockMovements", .allowed),
        (.channel(.web), "/orderly.v1.InventoryService/ListStockMovements", .denied),
        (.warehouse, "/orderly.v1.InventoryService/CreateTransfer", .allowed),
        (.viewer, "/orderly.v1.InventoryService/ReceiveTransfer", .denied),
        (.viewer, "/orderly.v1.InventoryService/GetTransfer", .allowed),
        (.channel(.web), "/orderly.v1.InventoryService/GetTransfer", .denied),
        (.channel(.web), "/orderly.v1.InventoryService/ReserveStock", .allowed),
        (.channel(.pos), "/orderly.v1.InventoryService/ReleaseReservation", .allowed),
        (.warehouse, "/orderly.v1.InventoryService/ReserveStock", .denied),
        (.viewer, "/orderly.v1.InventoryService/ExtendReservation", .denied),
        (.viewer, "/orderly.v1.InventoryService/GetReservation", .allowed),
        (.channel(.web), "/orderly.v1.InventoryService/GetReservation", .allowed),
        (.warehouse, "/orderly.v1.AdminService/AdvanceTestClock", .denied),
        (.admin, "/orderly.v1.AdminService/AdvanceTestClock", .allowed),
        (.admin, "/orderly.v1.AdminService/Snapshot", .allowed),
        (.admin, "/orderly.v1.Future/Method", .allowed),
        (.viewer, "/orderly.v1.Future/Method", .denied),
    ])
    func decisions(role: Role, path: String, expected: AccessDecision) {
        let service = String(path.dropFirst().split(separator: "/")[0])
        #expect(policy.decide(role: role, service: service, path: path) == expected)
    }

    @Test(arguments: ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                      "grpc.reflection.v1alpha.ServerReflection"])
    func standardServicesAreOpen(service: String) {
        #expect(policy.decide(role: .viewer, service: service, path: "/\(service)/X") == .open)
        #expect(policy.isOpen(service: service))
    }
}
