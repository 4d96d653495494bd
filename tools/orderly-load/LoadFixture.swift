// What a scenario needs on the server before the clock starts: a warehouse, run-specific skus
// with stock, an order template and (for get-order) existing orders. Names carry a run id so
// repeated runs against one server never collide.
import Glibc
import OrderlyClient
import OrderlyMessages
import OrderlyRPC

/// Server-side fixtures of one run.
struct LoadFixture: Sendable {
    let run: String
    let locationID: String
    let skus: [String]
    let initialStock: [String: Int64]
    let orderTemplate: Orderly_V1_CreateOrderRequest

    /// A short id unique to this process and moment, e.g. "ld3f9a1c2".
    static func makeRunID() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let mixed = UInt64(spec.tv_sec) &* 1_000_003 ^ UInt64(spec.tv_nsec) ^ UInt64(getpid()) << 20
        return "ld" + String(mixed & 0xFFFF_FFFF, radix: 16)
    }

    /// Creates the warehouse and stocks `stock.count` skus (sku i gets `stock[i]` units).
    static func prepare(channel: GRPCChannel, stock: [Int64], options: CallOptions) async throws -> LoadFixture {
        let run = makeRunID()
        let inventory = Orderly_V1_InventoryServiceClient(channel: channel, defaultOptions: options)
        var location = Orderly_V1_Location()
        location.locationID = "\(run)-W1"
        location.name = "Load warehouse \(run)"
        location.kind = .warehouse
        location.address = address(latitude: 40.7357, longitude: -74.1724)
        _ = try await inventory.upsertLocation(location)

        let skus = stock.indices.map { "\(run)-SKU-\($0)" }
        let rows = zip(skus, stock).map { sku, onHand in
            var row = Orderly_V1_SetStockRequest()
            row.locationID = location.locationID
            row.sku = sku
            row.onHand = onHand
            return row
        }
        let imported = try await inventory.importStock(rows)
        guard imported.accepted == Int64(rows.count) else {
            throw RPCError(.internalError, "stock import rejected rows: \(imported.errors.joined(separator: "; "))")
        }

        var template = Orderly_V1_CreateOrderRequest()
        template.channel = .web
        var customer = Orderly_V1_Customer()
        customer.customerID = "\(run)-customer"
        customer.email = "load@example.com"
        customer.name = "Load Generator"
        template.customer = customer
        var line = Orderly_V1_OrderLineInput()
        line.sku = skus[0]
        line.quantity = 1
        line.unitPriceMinor = 1999
        template.lines = [line]
        template.currency = "USD"
        template.shippingAddress = address(latitude: 40.7128, longitude: -74.0060)
        template.shippingMethod = .standard
        return LoadFixture(run: run, locationID: location.locationID, skus: skus,
                           initialStock: Dictionary(uniqueKeysWithValues: zip(skus, stock)), orderTemplate: template)
    }

    /// Creates `count` orders (one unit each) and returns their ids.
    func createOrders(_ count: Int, channel: GRPCChannel, options: CallOptions) async throws -> [String] {
        let orders = Orderly_V1_OrderServiceClient(channel: channel, defaultOptions: options)
        var ids: [String] = []
        for index in 0..<count {
            var request = orderTemplate
            request.requestID = "\(run)-setup-\(index)"
            request.channelOrderRef = request.requestID
            request.lines[0].sku = skus[index % skus.count]
            ids.append(try await orders.createOrder(request).orderID)
        }
        return ids
    }

    static func address(latitude: Double, longitude: Double) -> Orderly_V1_Address {
        var address = Orderly_V1_Address()
        address.name = "Load Customer"
        address.line1 = "1 Main St"
        address.city = "New York"
        address.postalCode = "10001"
        address.country = "US"
        address.latitude = latitude
        address.longitude = longitude
        return address
    }
}
