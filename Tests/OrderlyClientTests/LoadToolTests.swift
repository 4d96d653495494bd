// orderly-load end to end: each scenario briefly against a real orderlyd, its --json document
// parsed and checked against CLI.md's field list and the run's own figures.
import Foundation
import Testing

@Suite(.serialized)
struct LoadToolTests {
    static func document(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let document = object as? [String: Any] else {
            throw ServerProcess.Failure(description: "not a JSON object: \(text)")
        }
        return document
    }

    @Test(arguments: ["health", "get-order", "create-order", "mixed"])
    func scenarioRunsAndReportsJSON(scenario: String) throws {
        let server = try ServerProcess("orderlyd", arguments: ["--data-dir", OrderlyServerTests.dataDirectory(), "--fsync", "never"])
        defer { server.stop() }
        let tool = try #require(ServerProcess.executable(named: "orderly-load"))
        // Open loop at a modest rate: the run stays light, so tests running beside it keep
        // their timing (closed loop at full speed is covered by requestsBoundTheRunExactly).
        let (status, output) = try ChildProcess.run([
            tool, scenario, "--server", "127.0.0.1:\(server.port)", "--duration", "1", "--connections", "2",
            "--rate", "300", "--orders", "20", "--json",
        ])
        #expect(status == 0)
        let document = try Self.document(output)
        #expect(document["scenario"] as? String == scenario)
        let requests = try #require(document["requests"] as? Int)
        #expect(requests >= 280 && requests <= 310)
        let errors = try #require(document["errors"] as? [String: Int])
        #expect(errors.values.reduce(0, +) <= requests)
        if scenario != "mixed" { #expect(errors.isEmpty) }
        let seconds = try #require(document["duration_s"] as? Double)
        #expect(seconds > 0.5 && seconds < 30)
        let throughput = try #require(document["throughput_rps"] as? Double)
        #expect(abs(throughput - Double(requests) / seconds) <= max(1, throughput * 0.01))
        let latency = try #require(document["latency_us"] as? [String: Int])
        let order = ["p50", "p90", "p99", "p999", "max"].compactMap { latency[$0] }
        #expect(order.count == 5)
        #expect(order == order.sorted())
        #expect(order[0] > 0)
        if scenario == "mixed" {
            #expect(document["invariants_ok"] as? Bool == true)
        }
    }

    @Test func requestsBoundTheRunExactly() throws {
        let server = try ServerProcess("interop-server")
        defer { server.stop() }
        let tool = try #require(ServerProcess.executable(named: "orderly-load"))
        // interop-server serves grpc.health.v1 too, so the health scenario runs against it.
        let (status, output) = try ChildProcess.run([
            tool, "health", "--server", "127.0.0.1:\(server.port)", "--requests", "777", "--connections", "3", "--json",
        ])
        #expect(status == 0)
        let document = try Self.document(output)
        #expect(document["requests"] as? Int == 777)
    }

    @Test func openLoopHoldsTheRequestedRate() throws {
        let server = try ServerProcess("interop-server")
        defer { server.stop() }
        let tool = try #require(ServerProcess.executable(named: "orderly-load"))
        let (status, output) = try ChildProcess.run([
            tool, "health", "--server", "127.0.0.1:\(server.port)", "--rate", "500", "--duration", "1", "--json",
        ])
        #expect(status == 0)
        let document = try Self.document(output)
        let requests = try #require(document["requests"] as? Int)
        #expect(requests >= 480 && requests <= 510)
        #expect(document["mode"] as? String == "open")
    }

    @Test func anUnreachableServerFailsSetupWithExitOne() throws {
        let tool = try #require(ServerProcess.executable(named: "orderly-load"))
        let port = try ServerProcess.freePort()
        let (status, _) = try ChildProcess.run([tool, "health", "--server", "127.0.0.1:\(port)", "--requests", "5"])
        #expect(status == 1)
    }
}

extension LoadToolTests {
    @Test(arguments: [
        ["bogus"], ["health", "--connections", "0"], ["health", "--server", "nocolon"],
        ["health", "--duration", "1e30"], ["health", "--duration", "nan"], ["health", "--rate", "inf"],
        ["health", "--timeout", "-1"], ["get-order", "--orders", "0"],
    ])
    func badUsageExitsTwo(arguments: [String]) throws {
        let tool = try #require(ServerProcess.executable(named: "orderly-load"))
        let (status, output) = try ChildProcess.run([tool] + arguments)
        #expect(status == 2)
        #expect(output.isEmpty)
    }
}
