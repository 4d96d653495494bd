// The protobuf descriptors of every service the server speaks, embedded at build time by
// tools/gen-protos: what the reflection services answer and what the status page lists.

/// One .proto file as a serialized `google.protobuf.FileDescriptorProto`.
public struct DescriptorFile: Sendable, Equatable {
    /// The file's import path, e.g. `orderly/v1/orders.proto`.
    public let name: String
    /// Import paths of the files this one imports.
    public let dependencies: [String]
    /// Fully-qualified names defined here: messages (nested too), enums, services, methods.
    public let symbols: [String]
    /// The serialized FileDescriptorProto (with source comments).
    public let bytes: [UInt8]

    init(name: String, dependencies: [String], symbols: [String], base64: String) {
        self.name = name
        self.dependencies = dependencies
        self.symbols = symbols
        // The literal comes from the generator; a decoding failure would be a generator bug,
        // and an empty descriptor then shows up in the reflection tests rather than a crash.
        self.bytes = Base64.decode(base64) ?? []
    }
}

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

/// The embedded descriptor set.
public enum OrderlyDescriptorSet {
    /// Every file, dependencies before dependents (as `protoc --include_imports` orders them).
    public static let files: [DescriptorFile] = generatedFiles

    /// The whole set as a serialized `google.protobuf.FileDescriptorSet`.
    public static let bytes: [UInt8] = {
        var out: [UInt8] = []
        for file in generatedFiles {
            out.append(0x0A)  // field 1 (file), length-delimited
            var length = UInt64(file.bytes.count)
            while length >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            out.append(UInt8(length))
            out.append(contentsOf: file.bytes)
        }
        return out
    }()

    /// Every service declared in the set (ours and the standard gRPC ones).
    public static let services: [ServiceDescription] = generatedServices

    /// The file that defines a fully-qualified symbol (message, enum, service or method).
    public static func file(containingSymbol symbol: String) -> DescriptorFile? {
        files.first { $0.symbols.contains(symbol) }
    }

    /// The file with the given import path.
    public static func file(named name: String) -> DescriptorFile? {
        files.first { $0.name == name }
    }
}
