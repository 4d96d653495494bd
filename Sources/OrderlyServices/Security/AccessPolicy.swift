// The authorization table: which role may call which method. Methods are named by their full
// path; anything not in the table (a method added later, the admin service) is admin-only, so a
// new RPC is closed until someone decides who may call it. Health and reflection are open.
import OrderlyDomain

/// How a channel role's call is narrowed to its own channel.
public enum ChannelScope: Sendable, Hashable {
    /// No order data involved (availability): allowed as is.
    case unrestricted
    /// CreateOrder / PlanRouting: the request's channel must be the role's.
    case requestChannel
    /// GetOrder / CancelOrder: the order must belong to the role's channel (else NOT_FOUND).
    case existingOrder
    /// ListOrders: the channel filter is forced to the role's (another channel: PERMISSION_DENIED).
    case listFilter
    /// WatchOrders: only events of the role's channel's orders are delivered.
    case eventFeed
}

/// Who may call one method besides `admin`.
public struct MethodAccess: Sendable, Hashable {
    /// Viewers (read-only).
    public var viewer = false
    /// The warehouse role.
    public var warehouse = false
    /// Channel roles, and how they are narrowed; nil: not allowed.
    public var channel: ChannelScope?
}

/// What the policy says about one call.
public enum AccessDecision: Sendable, Hashable {
    /// No token needed (health, reflection).
    case open
    /// Allowed as is.
    case allowed
    /// Allowed, narrowed to `channel` as `scope` says.
    case scoped(SalesChannel, ChannelScope)
    /// Not for this role.
    case denied
}

/// The method table of SECURITY.md.
public struct AccessPolicy: Sendable {
    /// Services anyone may call without a token.
    public static let openServices: Set<String> = [
        "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    ]

    /// Method path → who may call it (besides admin).
    public let table: [String: MethodAccess]

    /// The default table.
    public init() {
        var table: [String: MethodAccess] = [:]
        func add(_ service: String, _ methods: [String], _ access: MethodAccess) {
            for method in methods { table["/orderly.v1.\(service)/\(method)"] = access }
        }
        let warehouseOnly = MethodAccess(warehouse: true)
        let warehouseRead = MethodAccess(viewer: true, warehouse: true)
        add("InventoryService", ["UpsertLocation", "SetStock", "AdjustStock", "ImportStock"], warehouseOnly)
        add("InventoryService", ["CreateTransfer", "ShipTransfer", "ReceiveTransfer", "CancelTransfer"], warehouseOnly)
        add("InventoryService", ["ListLocations", "WatchInventory", "VerifyInventory", "ListStockMovements", "GetTransfer"],
            warehouseRead)
        add("InventoryService", ["GetAvailability"], MethodAccess(viewer: true, warehouse: true, channel: .unrestricted))
        // Carts belong to channels; the store holds a channel role to its own reservations
        // (another channel's id answers NOT_FOUND), so no interceptor scope is needed.
        add("InventoryService", ["ReserveStock", "ExtendReservation", "ReleaseReservation"], MethodAccess(channel: .unrestricted))
        add("InventoryService", ["GetReservation"], MethodAccess(viewer: true, warehouse: true, channel: .unrestricted))
        add("OrderService", ["CreateOrder"], MethodAccess(channel: .requestChannel))
        add("OrderService", ["PlanRouting"], MethodAccess(viewer: true, channel: .requestChannel))
        add("OrderService", ["GetOrder"], MethodAccess(viewer: true, channel: .existingOrder))
        add("OrderService", ["CancelOrder"], MethodAccess(channel: .existingOrder))
        add("OrderService", ["ListOrders"], MethodAccess(viewer: true, channel: .listFilter))
        // Fulfilment exceptions are operations work: the warehouse (and admin), not channels.
        add("OrderService", ["RejectAllocation", "MoveAllocation", "CancelOrderLines", "PlaceHold", "ReleaseHold"],
            warehouseOnly)
        add("OrderService", ["WatchOrders"], MethodAccess(viewer: true, channel: .eventFeed))
        add("ShipmentService", ["CreateShipment", "AddTrackingEvent"], warehouseOnly)
        add("ShipmentService", ["GetShipment", "ListShipments"], warehouseRead)
        // Carrier services and the routing policy are store configuration: set by admin only
        // (SetRoutingPolicy, UpsertCarrierService are not in the table), read by every role.
        let everyRole = MethodAccess(viewer: true, warehouse: true, channel: .unrestricted)
        add("ShipmentService", ["ListCarrierServices"], everyRole)
        add("OrderService", ["GetRoutingPolicy"], everyRole)
        add(
            "ReturnService", ["RequestReturn", "ApproveReturn", "RejectReturn", "ReceiveReturn", "RefundReturn"],
            warehouseOnly)
        add("ReturnService", ["GetReturn", "ListReturns"], warehouseRead)
        add(
            "ReportingService",
            ["GetSalesSummary", "GetTopProducts", "GetFulfillmentStats", "GetLowStock", "GetCustomerInsights",
             "GetProductAffinity", "GetStockCover"],
            MethodAccess(viewer: true))
        self.table = table
    }

    /// Whether `service` needs no token.
    public func isOpen(service: String) -> Bool {
        Self.openServices.contains(service)
    }

    /// The decision for `role` calling `path` of `service`.
    public func decide(role: Role, service: String, path: String) -> AccessDecision {
        if isOpen(service: service) { return .open }
        if role == .admin { return .allowed }
        guard let access = table[path] else { return .denied }
        switch role {
        case .admin: return .allowed
        case .viewer: return access.viewer ? .allowed : .denied
        case .warehouse: return access.warehouse ? .allowed : .denied
        case .channel(let channel):
            guard let scope = access.channel else { return .denied }
            return scope == .unrestricted ? .allowed : .scoped(channel, scope)
        }
    }
}
