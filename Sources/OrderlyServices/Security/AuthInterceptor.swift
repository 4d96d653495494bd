// Authentication and authorization of every call, before any work: the bearer token from the
// `authorization` metadata is looked up (UNAUTHENTICATED when missing or unknown), the policy
// table decides (PERMISSION_DENIED), and channel roles get their calls narrowed to their own
// channel by checking the request (or, for the event feed, filtering the responses).
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// The `CallInterceptor` orderlyd installs when it is given an auth file.
public struct AuthInterceptor: CallInterceptor {
    private let tokens: TokenTable
    private let policy: AccessPolicy
    private let store: any OrderBackend

    /// Checks calls against `tokens` and `policy`; `store` answers which channel an order is of.
    public init(tokens: TokenTable, policy: AccessPolicy = AccessPolicy(), store: any OrderBackend) {
        self.tokens = tokens
        self.policy = policy
        self.store = store
    }

    /// Answers the call at once when the caller may not make it; otherwise runs it, narrowed
    /// for channel roles.
    public func intercept(
        route: RPCRoute, context: ServerContext, sink: any ServerCallSink,
        next: (any ServerCallSink) -> any ServerCallHandler
    ) -> any ServerCallHandler {
        if policy.isOpen(service: route.service) { return next(sink) }
        let role: Role
        switch authenticate(context.requestMetadata) {
        case .success(let found): role = found
        case .failure(let error): return RejectedCall(error: error, context: context, sink: sink)
        }
        context.principal = role.description
        switch policy.decide(role: role, service: route.service, path: route.path) {
        case .open, .allowed:
            return next(sink)
        case .denied:
            let error = RPCError(.permissionDenied, "role \(role) may not call \(route.path)")
            return RejectedCall(error: error, context: context, sink: sink)
        case .scoped(let channel, let scope):
            return scoped(
                channel: channel, scope: scope, role: role, method: route.method, context: context, sink: sink,
                next: next)
        }
    }

    /// The role behind the `authorization: Bearer <token>` header.
    func authenticate(_ metadata: Metadata) -> Result<Role, RPCError> {
        guard let header = metadata.first("authorization") else {
            return .failure(RPCError(.unauthenticated, "missing authorization: Bearer <token>"))
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(RPCError(.unauthenticated, "the authorization header must be `Bearer <token>`"))
        }
        guard let role = tokens.role(forToken: parts[1].trimmingSpaces) else {
            return .failure(RPCError(.unauthenticated, "unknown token"))
        }
        return .success(role)
    }

    private func scoped(
        channel: SalesChannel, scope: ChannelScope, role: Role, method: String, context: ServerContext,
        sink: any ServerCallSink,
        next: (any ServerCallSink) -> any ServerCallHandler
    ) -> any ServerCallHandler {
        let store = store
        let own = Orderly_V1_SalesChannel(rawValue: channel.rawValue)
        switch scope {
        case .unrestricted:
            return next(sink)
        case .requestChannel:
            return RequestCheckingCall(inner: next(sink), context: context, sink: sink) {
                (request: Orderly_V1_CreateOrderRequest) throws(RPCError) in
                guard request.channel == own else {
                    throw RPCError(.permissionDenied, "role \(role) may only place orders of its own channel")
                }
                return request
            }
        case .existingOrder:
            let inner = next(sink)
            if method == "CancelOrder" {
                return RequestCheckingCall(inner: inner, context: context, sink: sink) {
                    (request: Orderly_V1_CancelOrderRequest) throws(RPCError) in
                    try Self.requireOwn(orderId: request.orderID, channel: channel, store: store)
                    return request
                }
            }
            return RequestCheckingCall(inner: inner, context: context, sink: sink) {
                (request: Orderly_V1_GetOrderRequest) throws(RPCError) in
                try Self.requireOwn(orderId: request.orderID, channel: channel, store: store)
                return request
            }
        case .listFilter:
            return RequestCheckingCall(inner: next(sink), context: context, sink: sink) {
                (request: Orderly_V1_ListOrdersRequest) throws(RPCError) in
                var request = request
                if request.channel == .unspecified { request.channel = own }
                guard request.channel == own else {
                    throw RPCError(.permissionDenied, "role \(role) may only list orders of its own channel")
                }
                return request
            }
        case .eventFeed:
            let filtered = FilteringSink(inner: sink) { (event: Orderly_V1_OrderEvent) in
                (try? store.order(event.orderID))?.channel == channel
            }
            return next(filtered)
        }
    }

    /// Another channel's order is reported as missing, so a channel cannot probe which ids exist
    /// elsewhere. An id that does not exist at all is left to the handler (same answer).
    private static func requireOwn(orderId: String, channel: SalesChannel, store: any OrderBackend) throws(RPCError) {
        guard let order = try? store.order(orderId) else { return }
        if order.channel != channel {
            throw RPCError(.notFound, "order \(orderId) does not exist")
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
