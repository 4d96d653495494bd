// A gRPC service and its methods as declared in the embedded descriptors.

/// One RPC method of a service.
public struct MethodDescription: Sendable, Equatable {
    /// The method name, e.g. `GetOrder`.
    public let name: String
    /// Full proto name of the request message, e.g. `orderly.v1.GetOrderRequest`.
    public let inputType: String
    /// Full proto name of the response message.
    public let outputType: String
    /// Whether the client sends a stream of requests.
    public let clientStreaming: Bool
    /// Whether the server answers with a stream of responses.
    public let serverStreaming: Bool
}

/// One gRPC service with its methods.
public struct ServiceDescription: Sendable, Equatable {
    /// Full service name, e.g. `orderly.v1.OrderService`.
    public let name: String
    /// The .proto file that declares it.
    public let file: String
    /// The service's methods, in declaration order.
    public let methods: [MethodDescription]

    /// The HTTP/2 `:path` of a method: `/orderly.v1.OrderService/GetOrder`.
    public func path(of method: MethodDescription) -> String {
        "/\(name)/\(method.name)"
    }
}
