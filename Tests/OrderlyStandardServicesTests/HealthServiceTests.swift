// grpc.health.v1.Health: the status registry behind Check, and Watch's stream of changes.
import OrderlyMessages
import OrderlyRPC
import OrderlyStandardServices
import Testing

struct HealthServiceTests {
    typealias Response = Grpc_Health_V1_HealthCheckResponse

    static func router(_ health: HealthService) -> RPCRouter {
        let router = RPCRouter(services: [health])
        health.markServing(router.serviceNames)
        return router
    }

    static func check(_ router: RPCRouter, _ service: String) throws -> (StatusCode?, [Response]) {
        let call = try #require(DrivenCall(router, "/grpc.health.v1.Health/Check"))
        call.send(Grpc_Health_V1_HealthCheckRequest(service: service))
        call.end()
        return (call.sink.code, try call.sink.responses(as: Response.self))
    }

    @Test(arguments: [
        ("", StatusCode.ok, [Response.ServingStatus.serving]),
        ("grpc.health.v1.Health", .ok, [.serving]),
        ("no.such.Service", .notFound, []),
    ])
    func checkAnswersFromTheRegistry(service: String, code: StatusCode, statuses: [Response.ServingStatus]) throws {
        let (answered, responses) = try Self.check(Self.router(HealthService()), service)
        #expect(answered == code)
        #expect(responses.map(\.status) == statuses)
    }

    @Test func setStatusChangesWhatCheckAnswers() throws {
        let health = HealthService()
        let router = Self.router(health)
        health.setStatus(.notServing, for: "orderly.v1.OrderService")
        #expect(try Self.check(router, "orderly.v1.OrderService").1.map(\.status) == [.notServing])
        health.setStatus(.serving, for: "orderly.v1.OrderService")
        #expect(try Self.check(router, "orderly.v1.OrderService").1.map(\.status) == [.serving])
    }

    @Test func watchSendsTheCurrentStatusThenEveryChange() async throws {
        let health = HealthService()
        let router = Self.router(health)
        let call = try #require(DrivenCall(router, "/grpc.health.v1.Health/Watch"))
        call.send(Grpc_Health_V1_HealthCheckRequest(service: "svc"))
        call.end()
        #expect(try call.sink.responses(as: Response.self).map(\.status) == [.serviceUnknown])
        health.setStatus(.serving, for: "svc")
        health.setStatus(.serving, for: "svc")  // unchanged: not sent again
        health.setStatus(.notServing, for: "other")  // another service: not sent
        health.setStatus(.notServing, for: "svc")
        #expect(
            try call.sink.responses(as: Response.self).map(\.status) == [.serviceUnknown, .serving, .notServing])
        #expect(call.sink.code == nil)
        call.cancel()
        #expect(health.watcherCount == 0)
    }

    @Test func shutdownSendsNotServingAndEndsWatches() throws {
        let health = HealthService()
        let router = Self.router(health)
        let call = try #require(DrivenCall(router, "/grpc.health.v1.Health/Watch"))
        call.send(Grpc_Health_V1_HealthCheckRequest())
        call.end()
        health.shutdown()
        #expect(try call.sink.responses(as: Response.self).map(\.status) == [.serving, .notServing])
        #expect(call.sink.code == .unavailable)
        #expect(health.watcherCount == 0)
        #expect(try Self.check(router, "").1.map(\.status) == [.notServing])
        health.setStatus(.serving, for: "")  // shutdown is final
        #expect(health.status(of: "") == .notServing)
    }

    @Test func watchAfterShutdownEndsAtOnce() throws {
        let health = HealthService()
        let router = Self.router(health)
        health.shutdown()
        let call = try #require(DrivenCall(router, "/grpc.health.v1.Health/Watch"))
        call.send(Grpc_Health_V1_HealthCheckRequest())
        call.end()
        #expect(try call.sink.responses(as: Response.self).map(\.status) == [.notServing])
        #expect(call.sink.code == .unavailable)
        #expect(health.watcherCount == 0)
    }
}
