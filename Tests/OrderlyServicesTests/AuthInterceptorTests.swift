// The auth interceptor in front of the real services: missing and unknown tokens, denied roles
// (and that a denied call did no work), and channel roles narrowed to their own channel.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC
import OrderlyServices
import Testing

struct AuthInterceptorTests {
    let server = Server()
    let router: RPCRouter

    init() throws {
        let text = [("tok-admin", "admin"), ("tok-view", "viewer"), ("tok-web", "channel:web"), ("tok-pos", "channel:pos")]
            .map { "\(SHA256.hexDigest($0.0)) \($0.1)" }.joined(separator: "\n")
        router = server.router.intercepted(by: AuthInterceptor(tokens: try TokenTable(parsing: text), store: server.store))
        try server.stock("sku-1", at: "w1", onHand: 50)
    }

    /// Runs a unary call through the intercepted router with `authorization` set to `header`.
    func unary<Q: RPCMessage, R: RPCMessage>(
        _ method: String, _ request: Q, as _: R.Type, header: String?
    ) throws -> (code: StatusCode?, response: R?) {
        let path = "/orderly.v1.\(method)"
        let route = try #require(router.route(forPath: path))
        let context = ServerContext(
            path: path, requestMetadata: header.map { Metadata([("authorization", $0)]) } ?? Metadata(),
            deadline: nil, peer: "test")
        let sink = RecordingSink()
        let call = Call(sink: sink, context: context, handler: route.makeCall(context, sink))
        call.send(request)
        call.handler.receiveEnd()
        return (sink.code, try call.responses(R.self).first)
    }

    func order(_ channel: Orderly_V1_SalesChannel, token: String) throws -> (StatusCode?, Orderly_V1_Order?) {
        var request = Server.orderRequest([("sku-1", 2)])
        request.channel = channel
        return try unary("OrderService/CreateOrder", request, as: Orderly_V1_Order.self, header: "Bearer \(token)")
    }

    @Test(arguments: [nil, "", "Bearer", "Bearer tok-nope", "Basic tok-admin", "tok-admin"])
    func missingOrUnknownTokensAreUnauthenticated(header: String?) throws {
        let result = try unary(
            "InventoryService/ListLocations", Orderly_V1_ListLocationsRequest(), as: Orderly_V1_ListLocationsResponse.self,
            header: header)
        #expect(result.code == .unauthenticated)
        #expect(result.response == nil)
    }

    @Test func deniedCallsDoNoWork() throws {
        let (code, _) = try order(.web, token: "tok-view")
        #expect(code == .permissionDenied)
        let (posCode, _) = try order(.pos, token: "tok-web")
        #expect(posCode == .permissionDenied)
        #expect(server.store.availability(skus: ["sku-1"]).first?.reserved == 0)
        let set = Orderly_V1_SetStockRequest(locationID: "w1", sku: "sku-1", onHand: 0)
        #expect(try unary("InventoryService/SetStock", set, as: Orderly_V1_StockLevel.self, header: "Bearer tok-web").code
            == .permissionDenied)
        #expect(server.store.availability(skus: ["sku-1"]).first?.onHand == 50)
    }

    @Test func channelRolesSeeOnlyTheirOwnOrders() throws {
        let (webCode, webOrder) = try order(.web, token: "tok-web")
        let (posCode, posOrder) = try order(.pos, token: "tok-pos")
        #expect(webCode == .ok && posCode == .ok)
        let webID = try #require(webOrder?.orderID)
        let posID = try #require(posOrder?.orderID)
        let get = { (id: String, token: String) in
            try self.unary(
                "OrderService/GetOrder", Orderly_V1_GetOrderRequest(orderID: id), as: Orderly_V1_Order.self,
                header: "Bearer \(token)"
            ).code
        }
        #expect(try get(webID, "tok-web") == .ok)
        #expect(try get(posID, "tok-web") == .notFound)
        #expect(try get(webID, "tok-pos") == .notFound)
        #expect(try get(posID, "tok-view") == .ok)
        let cancel = Orderly_V1_CancelOrderRequest(orderID: posID)
        #expect(try unary("OrderService/CancelOrder", cancel, as: Orderly_V1_Order.self, header: "Bearer tok-web").code
            == .notFound)
        #expect(try server.store.order(posID).status == .allocated)

        let list = try unary(
            "OrderService/ListOrders", Orderly_V1_ListOrdersRequest(), as: Orderly_V1_ListOrdersResponse.self,
            header: "Bearer tok-web")
        #expect(list.response?.orders.map(\.orderID) == [webID])
        var other = Orderly_V1_ListOrdersRequest()
        other.channel = .pos
        #expect(try unary("OrderService/ListOrders", other, as: Orderly_V1_ListOrdersResponse.self, header: "Bearer tok-web")
            .code == .permissionDenied)
        let all = try unary(
            "OrderService/ListOrders", Orderly_V1_ListOrdersRequest(), as: Orderly_V1_ListOrdersResponse.self,
            header: "bearer tok-admin")
        #expect(Set(all.response?.orders.map(\.orderID) ?? []) == [webID, posID])
    }
}
