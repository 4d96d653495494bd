// How a finished response becomes the call's outcome: grpc-status wins; without it the HTTP
// status maps as in gRPC's http-grpc-status-mapping.md; a non-gRPC 200 and a response cut
// inside a message are errors.
@testable import OrderlyClient
import OrderlyRPC
import Testing

struct ResponseStatusTests {
    @Test(arguments: [
        (400, StatusCode.internalError), (401, .unauthenticated), (403, .permissionDenied),
        (404, .unimplemented), (429, .unavailable), (502, .unavailable), (503, .unavailable),
        (504, .unavailable), (500, .unknown), (302, .unknown),
    ])
    func httpStatusWithoutGRPCStatusMaps(http: Int, expected: StatusCode) {
        let error = ClientStream.status(http: http, grpc: nil, message: "", isGRPC: false, partial: false, trailers: [])
        #expect(error?.code == expected)
    }

    @Test(arguments: [0, 1, 5, 13, 16])
    func grpcStatusWinsOverTheHTTPStatus(code: Int) {
        let error = ClientStream.status(http: 503, grpc: code, message: "why", isGRPC: true, partial: false, trailers: [])
        #expect(error?.code.rawValue == (code == 0 ? nil : code))
        if code != 0 { #expect(error?.message == "why") }
    }

    @Test func anOutOfRangeStatusIsUnknown() {
        let error = ClientStream.status(http: 200, grpc: 17, message: "", isGRPC: true, partial: false, trailers: [])
        #expect(error?.code == .unknown)
    }

    @Test func okWithAPartialMessageIsInternal() {
        let error = ClientStream.status(http: 200, grpc: 0, message: "", isGRPC: true, partial: true, trailers: [])
        #expect(error?.code == .internalError)
    }

    @Test func missingGRPCStatusIsInternalAndNonGRPCContentIsUnknown() {
        let missing = ClientStream.status(http: 200, grpc: nil, message: "", isGRPC: true, partial: false, trailers: [])
        #expect(missing?.code == .internalError)
        let html = ClientStream.status(http: 200, grpc: nil, message: "", isGRPC: false, partial: false, trailers: [])
        #expect(html?.code == .unknown)
    }
}
