// gRPC server reflection (grpc.reflection.v1 and the older v1alpha that Python's grpcio client
// still speaks): lists the services the server really serves and hands out the embedded
// descriptors, so grpcurl and friends can call the server without the .proto files.
import OrderlyLocks
import OrderlyMessages
import OrderlyRPC

/// Both versions of the server reflection service.
public final class ReflectionService: RPCService {
    /// The service names of the two protocol versions.
    public static let serviceNames = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]

    private let files: [DescriptorFile]
    private let published = Locked<[String]>([])

    /// A reflection service describing `files` (by default every embedded descriptor). It lists
    /// no service until `publish(_:)` names the ones the server serves.
    public init(files: [DescriptorFile] = OrderlyDescriptorSet.files) {
        self.files = files
    }

    /// Sets the services answered to list_services (typically `router.serviceNames`).
    public func publish(_ services: [String]) {
        published.withLock { $0 = services }
    }

    /// Adds `ServerReflectionInfo` of both versions to `router`. v1alpha is a copy of v1 under
    /// another package name (same messages, same field numbers), so its bytes decode and encode
    /// with the v1 types and one handler serves both.
    public func register(into router: inout RPCRouter) {
        for service in Self.serviceNames {
            router.bidiStreaming(service, "ServerReflectionInfo") {
                [self] (requests: RequestStream<Grpc_Reflection_V1_ServerReflectionRequest>,
                    writer: ResponseWriter<Grpc_Reflection_V1_ServerReflectionResponse>, _) in
                var index = makeIndex()
                for try await request in requests {
                    try writer.send(Self.response(to: request, answer: index.answer(Self.query(request))))
                }
            }
        }
    }

    /// A fresh per-stream index over the current service list.
    func makeIndex() -> ReflectionIndex {
        ReflectionIndex(files: files, services: published.withLock { $0 })
    }

    static func query(_ request: Grpc_Reflection_V1_ServerReflectionRequest) -> ReflectionQuery {
        switch request.messageRequest {
        case .fileByFilename(let name)?: .fileByFilename(name)
        case .fileContainingSymbol(let symbol)?: .fileContainingSymbol(symbol)
        case .fileContainingExtension(let request)?:
            .fileContainingExtension(type: request.containingType, number: request.extensionNumber)
        case .allExtensionNumbersOfType(let type)?: .allExtensionNumbersOfType(type)
        case .listServices?: .listServices
        case nil: .missing
        }
    }

    static func response(
        to request: Grpc_Reflection_V1_ServerReflectionRequest, answer: ReflectionAnswer
    ) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = request.host
        response.originalRequest = request
        switch answer {
        case .files(let files):
            response.messageResponse = .fileDescriptorResponse(.init(fileDescriptorProto: files))
        case .services(let names):
            response.messageResponse = .listServicesResponse(.init(service: names.map { .init(name: $0) }))
        case .extensionNumbers(let type, let numbers):
            response.messageResponse = .allExtensionNumbersResponse(
                .init(baseTypeName: type, extensionNumber: numbers))
        case .error(let code, let message):
            response.messageResponse = .errorResponse(.init(errorCode: code, errorMessage: message))
        }
        return response
    }
}
