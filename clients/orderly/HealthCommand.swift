// `orderly health`: grpc.health.v1.Health/Check; exits 0 only when the server is SERVING.
import ArgumentParser
import OrderlyMessages

struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that the server is up (exit 0 only when it answers SERVING).",
        discussion: """
            Examples:
              orderly health
              orderly health --server db1:50051 --timeout 0.5
              orderly health --service orderly.v1.OrderService --json
            """)

    @Option(help: "Service to check (default: the whole server).")
    var service = ""

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.health.check(
                Grpc_Health_V1_HealthCheckRequest(service: service), options: session.options)
            try session.print(response) { "status: " + Self.name(of: $0.status) }
            if response.status != .serving { throw ExitCode(1) }
        }
    }

    static func name(of status: Grpc_Health_V1_HealthCheckResponse.ServingStatus) -> String {
        switch status {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        default: "UNKNOWN"
        }
    }
}
