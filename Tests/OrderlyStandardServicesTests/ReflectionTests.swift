// Server reflection: the version-neutral index over the embedded descriptors, and both
// protocol versions through the router.
import OrderlyMessages
import OrderlyRPC
import Testing

@testable import OrderlyStandardServices

struct ReflectionTests {
    static let services = ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"]

    /// The file names whose descriptors an answer carries, in order.
    static func fileNames(_ answer: ReflectionAnswer) -> [String]? {
        guard case .files(let files) = answer else { return nil }
        return files.map { bytes in OrderlyDescriptorSet.files.first { $0.bytes == bytes }?.name ?? "?" }
    }

    @Test(arguments: [
        ("grpc/health/v1/health.proto", ["grpc/health/v1/health.proto"]),
        ("grpc/testing/test.proto", ["grpc/testing/test.proto", "grpc/testing/messages.proto", "grpc/testing/empty.proto"]),
    ])
    func fileByFilenameCarriesTransitiveDependencies(name: String, expected: [String]) throws {
        var index = ReflectionIndex(services: Self.services)
        let names = try #require(Self.fileNames(index.answer(.fileByFilename(name))))
        #expect(names.first == name)
        #expect(Set(names) == Set(expected))
        #expect(names.count == expected.count)
    }

    @Test(arguments: [
        ("grpc.health.v1.Health", "grpc/health/v1/health.proto"),
        ("grpc.health.v1.Health.Watch", "grpc/health/v1/health.proto"),
        (".grpc.health.v1.HealthCheckResponse", "grpc/health/v1/health.proto"),
        ("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto"),
        ("grpc.testing.SimpleRequest", "grpc/testing/messages.proto"),
    ])
    func fileContainingSymbolFindsTheDefiningFile(symbol: String, file: String) throws {
        var index = ReflectionIndex(services: Self.services)
        #expect(try #require(Self.fileNames(index.answer(.fileContainingSymbol(symbol)))).first == file)
    }

    @Test(arguments: [
        ReflectionQuery.fileByFilename("no/such.proto"),
        .fileContainingSymbol("no.such.Symbol"),
        .fileContainingExtension(type: "grpc.testing.SimpleRequest", number: 100),
        .allExtensionNumbersOfType("no.such.Type"),
    ])
    func unknownNamesAreNotFound(query: ReflectionQuery) {
        var index = ReflectionIndex(services: Self.services)
        guard case .error(let code, let message) = index.answer(query) else {
            Issue.record("expected an error for \(query)")
            return
        }
        #expect(code == Int32(StatusCode.notFound.rawValue))
        #expect(message.contains("not found"))
    }

    @Test func dependenciesAreSentOncePerStream() throws {
        var index = ReflectionIndex(services: Self.services)
        let first = try #require(Self.fileNames(index.answer(.fileByFilename("grpc/testing/test.proto"))))
        #expect(first.count == 3)
        let again = try #require(Self.fileNames(index.answer(.fileContainingSymbol("grpc.testing.Empty"))))
        #expect(again == ["grpc/testing/empty.proto"])
    }

    @Test func listServicesAndExtensionNumbers() {
        var index = ReflectionIndex(services: Self.services)
        #expect(index.answer(.listServices) == .services(Self.services))
        #expect(
            index.answer(.allExtensionNumbersOfType("grpc.testing.SimpleRequest"))
                == .extensionNumbers(type: "grpc.testing.SimpleRequest", numbers: []))
    }

    @Test func bothVersionsAnswerThroughTheRouter() async throws {
        let reflection = ReflectionService()
        let router = RPCRouter(services: [reflection])
        reflection.publish(router.serviceNames)

        let v1 = try #require(DrivenCall(router, "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"))
        var request = Grpc_Reflection_V1_ServerReflectionRequest()
        request.host = "h"
        request.messageRequest = .listServices("")
        v1.send(request)
        request.messageRequest = .fileContainingSymbol("no.Such")
        v1.send(request)
        v1.end()
        #expect(await v1.sink.wait { v1.sink.code != nil })
        #expect(v1.sink.code == .ok)
        let answers = try v1.sink.responses(as: Grpc_Reflection_V1_ServerReflectionResponse.self)
        #expect(answers.count == 2)
        #expect(answers.first?.validHost == "h")
        #expect(answers.first?.listServicesResponse.service.map(\.name) == ReflectionService.serviceNames)
        #expect(answers.last?.errorResponse.errorCode == 5)

        let alpha = try #require(DrivenCall(router, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"))
        var alphaRequest = Grpc_Reflection_V1alpha_ServerReflectionRequest()
        alphaRequest.messageRequest = .fileByFilename("grpc/health/v1/health.proto")
        alpha.send(alphaRequest)
        alpha.end()
        #expect(await alpha.sink.wait { alpha.sink.code != nil })
        let files = try alpha.sink.responses(as: Grpc_Reflection_V1alpha_ServerReflectionResponse.self)
            .first?.fileDescriptorResponse.fileDescriptorProto
        #expect(files == [try #require(OrderlyDescriptorSet.file(named: "grpc/health/v1/health.proto")).bytes])
    }
}
