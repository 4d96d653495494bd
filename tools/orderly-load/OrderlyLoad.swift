// orderly-load: the load generator of CLI.md. Prepares fixtures, opens `--connections` channels
// over a few event-loop threads, drives each with a LoadWorker (closed loop by default, open
// loop with --rate), prints a live line per second on stderr, then the report (or --json).
import ArgumentParser
import Glibc
import OrderlyClient
import OrderlyMessages
import OrderlyRPC
import OrderlyTransport
import Synchronization

extension MessageEncoding: ExpressibleByArgument {}

/// The scenario names of CLI.md.
enum ScenarioName: String, ExpressibleByArgument, CaseIterable, Sendable {
    case health
    case getOrder = "get-order"
    case createOrder = "create-order"
    case mixed
}

@main
struct OrderlyLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderly-load",
        abstract: "Load generator for the Orderly gRPC server.",
        discussion: """
            Scenarios: health (Health.Check), get-order, create-order, mixed (create, get, list, ship, \
            track, return, stock top-ups; checks inventory invariants afterwards and exits 1 if any fails).
            Closed loop by default (--concurrency calls in flight per connection); --rate switches to an \
            open loop whose latencies count from each call's intended send time.
            """,
        version: OrderlyVersion.current)

    @Argument(help: "health, get-order, create-order or mixed.")
    var scenario: ScenarioName

    @Option(help: "The server as HOST:PORT (default $ORDERLY_SERVER or 127.0.0.1:50051).")
    var server: String?

    @Option(help: "Bearer token sent as 'authorization: Bearer T' (default $ORDERLY_TOKEN).")
    var token: String?

    @Option(help: "HTTP/2 connections (one channel each).")
    var connections = 1

    @Option(help: "Calls in flight per connection (closed loop, default 10; with --rate the in-flight cap, default 10000).")
    var concurrency: Int?

    @Option(help: "How long to run, in seconds (default 10 unless --requests is given).")
    var duration: Double?

    @Option(help: "Stop after this many calls in total.")
    var requests: Int?

    @Option(help: "Open loop: calls per second in total, spread over the connections.")
    var rate: Double?

    @Option(help: "Event-loop threads (default: min(connections, 2)).")
    var threads: Int?

    // No deadline by default: requests then match what h2load sends, and a grpc-timeout makes
    // the server arm a timer per call, which is part of what --timeout measures.
    @Option(help: "Deadline of each call in seconds, sent as grpc-timeout (default 0: none, like h2load).")
    var timeout: Double = 0

    @Option(help: "Compression of request messages: gzip, deflate or identity (responses are accepted in any).")
    var compression: MessageEncoding = .identity

    @Option(help: "Orders created up front for get-order.")
    var orders = 200

    @Flag(help: "Print one JSON document with the results on stdout.")
    var json = false

    /// Parses and runs; bad usage exits 2 (as the orderly CLI does), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if let load = command as? OrderlyLoad {
                try await load.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Output.stderr(fullMessage(for: error) + "\n")
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }

    func validate() throws {
        guard connections >= 1, (concurrency ?? 1) >= 1 else { throw ValidationError("--connections and --concurrency must be at least 1") }
        // Upper bounds keep every conversion to integers in range (a week, a billion per second).
        if let duration, !(duration > 0 && duration <= 604_800) {
            throw ValidationError("--duration must be between 0 and 604800 seconds")
        }
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1") }
        if let rate, !(rate > 0 && rate <= 1_000_000_000) { throw ValidationError("--rate must be between 0 and 1e9") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be 1 to 256") }
        guard connections <= 10_000, (concurrency ?? 1) <= 1_000_000 else {
            throw ValidationError("--connections is at most 10000, --concurrency at most 1000000")
        }
        guard timeout >= 0 && timeout <= 604_800 else { throw ValidationError("--timeout must be 0 to 604800 seconds") }
        guard (1...100_000).contains(orders) else { throw ValidationError("--orders must be 1 to 100000") }
        _ = try endpoint()
    }

    func endpoint() throws -> ServerAddress {
        let text = server ?? getenv("ORDERLY_SERVER").map { String(cString: $0) } ?? "127.0.0.1:50051"
        do {
            return try ServerAddress(parsing: text)
        } catch {
            throw ValidationError("--server: \(error.message)")
        }
    }

    func callOptions() -> CallOptions {
        var metadata = Metadata()
        if let token = token ?? getenv("ORDERLY_TOKEN").map({ String(cString: $0) }), !token.isEmpty {
            metadata.add("authorization", "Bearer \(token)")
        }
        return CallOptions(
            timeout: timeout > 0 ? .milliseconds(Int64(timeout * 1000)) : nil, metadata: metadata, compression: compression)
    }

    func run() async throws {
        let address = try endpoint()
        let options = callOptions()
        // Setup and the final checks always carry a deadline, so a dead server cannot hang them.
        var setup = options
        setup.timeout = .seconds(30)
        let threadCount = threads ?? min(connections, 2)
        let group = EventLoopGroup(threads: threadCount)
        let channels = (0..<connections).map {
            GRPCChannel(host: address.host, port: address.port, eventLoop: group.loops[$0 % threadCount])
        }
        defer {
            for channel in channels { channel.close() }
            group.shutdown()
        }

        let loadScenario: any LoadScenario
        var mixed: MixedScenario?
        do {
            switch scenario {
            case .health:
                loadScenario = HealthScenario(options: options)
            case .getOrder:
                let fixture = try await LoadFixture.prepare(channel: channels[0], stock: Array(repeating: 1_000_000_000, count: 8), options: setup)
                let ids = try await fixture.createOrders(orders, channel: channels[0], options: setup)
                loadScenario = GetOrderScenario(orderIDs: ids, workers: connections, options: options)
            case .createOrder:
                let fixture = try await LoadFixture.prepare(channel: channels[0], stock: Array(repeating: 1_000_000_000, count: 16), options: setup)
                loadScenario = CreateOrderScenario(fixture: fixture, workers: connections, options: options)
            case .mixed:
                // One scarce sku keeps the all-or-nothing reservation under contention.
                let stock: [Int64] = [100] + Array(repeating: 1_000_000, count: 19)
                let fixture = try await LoadFixture.prepare(channel: channels[0], stock: stock, options: setup)
                let scenario = MixedScenario(fixture: fixture, workers: connections, options: options)
                mixed = scenario
                loadScenario = scenario
            }
            // Every connection up before the clock starts.
            for channel in channels {
                _ = try await Grpc_Health_V1_HealthClient(channel: channel, defaultOptions: setup)
                    .check(Grpc_Health_V1_HealthCheckRequest())
            }
        } catch {
            Output.stderr("orderly-load: setup failed: \(error)\n")
            throw ExitCode(1)
        }

        let runner = LoadRunner(
            channels: channels, scenario: loadScenario, pacing: pacing(), requests: requests,
            duration: requests == nil || duration != nil ? .milliseconds(Int64((duration ?? 10) * 1000)) : nil)
        let result = await runner.run()

        var problems: [String] = []
        var extra: [(String, String)] = []
        if let mixed {
            do {
                problems = try await mixed.checkInvariants(channel: channels[0], options: setup)
            } catch {
                problems = ["cannot check inventory invariants: \(error)"]
            }
            let totals = mixed.totals()
            extra.append(("out_of_stock_rejections", String(totals.outOfStock)))
            extra.append(("invariants_ok", problems.isEmpty ? "true" : "false"))
            extra.append(("invariant_problems", Output.jsonArray(problems)))
        }
        let report = LoadReport(scenario: scenario.rawValue, connections: connections, concurrency: concurrency ?? (rate == nil ? 10 : 10_000),
                                rate: rate, result: result, extra: extra)
        Output.stdout(json ? report.json() + "\n" : report.text())
        if !problems.isEmpty {
            Output.stderr("orderly-load: inventory invariants violated:\n" + problems.map { "  \($0)\n" }.joined())
            throw ExitCode(1)
        }
    }

    func pacing() -> LoadPacing {
        if let rate {
            return .open(perSecond: rate / Double(connections), maxInFlight: concurrency ?? 10_000)
        }
        return .closed(concurrency: concurrency ?? 10)
    }
}
