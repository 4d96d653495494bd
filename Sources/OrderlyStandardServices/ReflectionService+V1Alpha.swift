// The v1alpha translation of reflection questions and answers (same shapes as v1, other types).
import OrderlyMessages

extension ReflectionService {
    static func v1alphaQuery(_ request: Grpc_Reflection_V1alpha_ServerReflectionRequest) -> ReflectionQuery {
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

    static func v1alphaResponse(
        to request: Grpc_Reflection_V1alpha_ServerReflectionRequest, answer: ReflectionAnswer
    ) -> Grpc_Reflection_V1alpha_ServerReflectionResponse {
        var response = Grpc_Reflection_V1alpha_ServerReflectionResponse()
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
