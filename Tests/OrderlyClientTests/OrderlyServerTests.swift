// The typed stubs against a real orderlyd (health, inventory, orders, client streaming, errors),
// and reconnection: a server restarted on the same port serves the channel's next call.
import Glibc
import OrderlyClient
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite(.serialized)
struct OrderlyServerTests {
    static func dataDirectory() -> String {
        var template = Array("/tmp/orderly-client-test-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return "/tmp/orderly-client-test" }
            return String(cString: base)
        }
    }

    static func address(latitude: Double, longitude: Double) -> Orderly_V1_Address {
        var address = Orderly_V1_Address()
        address.name = "Ada"
        address.line1 = "1 Main St"
        address.city = "New York"
        address.postalCode = "10001"
        address.country = "US"
        address.latitude = latitude
        address.longitude = longitude
        return address
    }

    @Test func typedStubsCreateAndGetAnOrder() async throws {
        let server = try ServerProcess("orderlyd", arguments: ["--data-dir", Self.dataDirectory(), "--fsync", "never"])
        defer { server.stop() }
        let channel = GRPCChannel(host: "127.0.0.1", port: server.port)
        defer { channel.close() }
        let options = CallOptions(timeout: .seconds(10))
        let health = Grpc_Health_V1_HealthClient(channel: channel, defaultOptions: options)
        let inventory = Orderly_V1_InventoryServiceClient(channel: channel, defaultOptions: options)
        let orders = Orderly_V1_OrderServiceClient(channel: channel, defaultOptions: options)

        #expect(try await health.check(Grpc_Health_V1_HealthCheckRequest()).status == .serving)

        var location = Orderly_V1_Location()
        location.locationID = "W1"
        location.name = "Newark warehouse"
        location.kind = .warehouse
        location.address = Self.address(latitude: 40.7357, longitude: -74.1724)
        #expect(try await inventory.upsertLocation(location).locationID == "W1")

        let rows = ["SKU-A", "SKU-B", ""].map { sku in
            var row = Orderly_V1_SetStockRequest()
            row.locationID = "W1"
            row.sku = sku
            row.onHand = 10
            return row
        }
        let imported = try await inventory.importStock(rows)
        #expect(imported.accepted == 2)
        #expect(imported.rejected == 1)

        var request = Orderly_V1_CreateOrderRequest()
        request.requestID = "req-1"
        request.channel = .web
        request.channelOrderRef = "ref-1"
        var customer = Orderly_V1_Customer()
        customer.customerID = "c-1"
        customer.email = "c-1@example.com"
        request.customer = customer
        var line = Orderly_V1_OrderLineInput()
        line.sku = "SKU-A"
        line.quantity = 3
        line.unitPriceMinor = 1250
        request.lines = [line]
        request.currency = "USD"
        request.shippingAddress = Self.address(latitude: 40.7128, longitude: -74.0060)
        request.shippingMethod = .standard
        let created = try await orders.createOrder(request)
        #expect(!created.orderID.isEmpty)
        #expect(created.totalMinor == 3750)

        var get = Orderly_V1_GetOrderRequest()
        get.orderID = created.orderID
        let fetched = try await orders.getOrder(get)
        #expect(fetched.orderID == created.orderID)
        #expect(fetched.lines.count == 1)

        get.orderID = "no-such-order"
        let error = await #expect(throws: RPCError.self) { try await orders.getOrder(get) }
        #expect(error?.code == .notFound)
    }

    @Test func nextCallAfterAServerRestartOnTheSamePortSucceeds() async throws {
        let server = try ServerProcess("interop-server")
        defer { server.stop() }
        let channel = GRPCChannel(host: "127.0.0.1", port: server.port)
        defer { channel.close() }
        let client = Grpc_Testing_TestServiceClient(channel: channel, defaultOptions: CallOptions(timeout: .seconds(5)))
        _ = try await client.emptyCall(Grpc_Testing_Empty())

        // A call in flight when the server goes away fails with UNAVAILABLE (or CANCELLED/
        // UNAVAILABLE-like codes a draining server may send), never hangs.
        var slow = Grpc_Testing_StreamingOutputCallRequest()
        slow.responseParameters = [Grpc_Testing_ResponseParameters(size: 1, intervalUs: 30_000_000)]
        let inFlight = Task { () -> StatusCode? in
            do {
                for try await _ in client.streamingOutputCall(slow, options: CallOptions(timeout: .seconds(60))) {}
                return .ok
            } catch let error as RPCError {
                return error.code
            } catch {
                return .unknown
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        server.stop()
        let code = await inFlight.value
        #expect(code == .unavailable || code == .cancelled)

        try server.start()
        _ = try await client.emptyCall(Grpc_Testing_Empty())

        // Restarting once more, without any call in between, still works.
        server.stop()
        try server.start()
        let reply = try await client.unaryCall(Grpc_Testing_SimpleRequest(responseSize: 5))
        #expect(reply.payload?.body.count == 5)
    }

    @Test func aCallToAServerThatIsDownFailsWithUnavailable() async throws {
        let port = try ServerProcess.freePort()
        let channel = GRPCChannel(host: "127.0.0.1", port: port)
        defer { channel.close() }
        let client = Grpc_Testing_TestServiceClient(channel: channel)
        let error = await #expect(throws: RPCError.self) { try await client.emptyCall(Grpc_Testing_Empty()) }
        #expect(error?.code == .unavailable)
    }
}

extension OrderlyServerTests {
    @Test func callsOnAClosedChannelFailAtOnceInEveryForm() async throws {
        let server = try ServerProcess("interop-server")
        defer { server.stop() }
        let channel = GRPCChannel(host: "127.0.0.1", port: server.port)
        let client = Grpc_Testing_TestServiceClient(channel: channel)
        _ = try await client.emptyCall(Grpc_Testing_Empty())
        channel.close()

        let unary = await #expect(throws: RPCError.self) { try await client.emptyCall(Grpc_Testing_Empty()) }
        #expect(unary?.code == .unavailable)
        let streaming = await #expect(throws: RPCError.self) {
            for try await _ in client.streamingOutputCall(Grpc_Testing_StreamingOutputCallRequest()) {}
        }
        #expect(streaming?.code == .unavailable)
        let upload = await #expect(throws: RPCError.self) {
            _ = try await client.streamingInputCall([Grpc_Testing_StreamingInputCallRequest()])
        }
        #expect(upload?.code == .unavailable)
        let code = await withCheckedContinuation { (continuation: CheckedContinuation<StatusCode, Never>) in
            client.emptyCall(Grpc_Testing_Empty()) { result in
                continuation.resume(returning: (try? result.get()) == nil ? (result.failureCode ?? .unknown) : .ok)
            }
        }
        #expect(code == .unavailable)
    }
}

extension Result where Failure == RPCError {
    var failureCode: StatusCode? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
