// The whole engine through real sockets: a TCPServer with the gRPC connection handler, called by
// an independent client (Python grpcio, generic calls with identity serializers).
import Foundation
import OrderlyHTTP2
import OrderlyRPC
import OrderlyTransport
import Testing

struct EndToEndTests {
    /// The Python with grpcio: `ORDERLY_PYTHON` (the Makefile sets it to its venv), else the
    /// repository's `.venv` that `make venv` creates.
    static let python: String = {
        if let chosen = ProcessInfo.processInfo.environment["ORDERLY_PYTHON"] { return chosen }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".venv/bin/python").path
    }()

    /// Deadline of each call that should succeed. Generous: in a full parallel `swift test` on a
    /// busy 2-core machine the streaming handlers' Tasks wait for a cooperative thread that other
    /// tests' synchronous work holds, which can take tens of seconds; the checks stay exact.
    static let callDeadlineSeconds = 180
    /// How long the whole client may run before the test gives up on it (it is then killed).
    static let clientLimit: Duration = .seconds(360)

    /// Calls the server with grpcio and prints one line per check.
    static let script = #"""
    import sys, grpc
    port = sys.argv[1]
    deadline = float(sys.argv[2])
    ident = lambda b: b
    with grpc.insecure_channel("127.0.0.1:" + port) as channel:
        echo = channel.unary_unary("/test.Echo/Echo", request_serializer=ident, response_deserializer=ident)
        print("echo", echo(b"hello", timeout=deadline).hex())
        print("big", len(echo(b"x" * 3000000, timeout=deadline)))
        meta = channel.unary_unary("/test.Echo/Meta", request_serializer=ident, response_deserializer=ident)
        _, call = meta.with_call(b"", metadata=[("x-tenant", "acme"), ("x-id-bin", b"\x00\xff")], timeout=deadline)
        print("meta", dict(call.initial_metadata()).get("x-seen-tenant"), dict(call.trailing_metadata()).get("x-echo-bin").hex())
        for path in ["/test.Echo/Nope", "/test.Echo/Fail"]:
            try:
                channel.unary_unary(path, request_serializer=ident, response_deserializer=ident)(b"", timeout=deadline)
                print("error none")
            except grpc.RpcError as e:
                print("error", e.code().name, e.details())
        later = channel.unary_unary("/test.Echo/Later", request_serializer=ident, response_deserializer=ident)
        print("later", later(b"\x01\x02", timeout=deadline).hex())
        try:
            channel.unary_unary("/test.Echo/Never", request_serializer=ident, response_deserializer=ident)(b"", timeout=0.2)
        except grpc.RpcError as e:
            print("deadline", e.code().name)
        split = channel.unary_stream("/test.Echo/Split", request_serializer=ident, response_deserializer=ident)
        print("split", [m.hex() for m in split(b"\x05\x06\x07", timeout=deadline)])
        join = channel.stream_unary("/test.Echo/Join", request_serializer=ident, response_deserializer=ident)
        print("join", join(iter([b"\x01", b"", b"\x02\x03"]), timeout=deadline).hex())
        ping = channel.stream_stream("/test.Echo/Ping", request_serializer=ident, response_deserializer=ident)
        print("ping", [m.hex() for m in ping(iter([b"\x01", b"\x02"]), timeout=deadline)])
    """#

    @Test func pythonGRPCClientTalksToTheEngineOverRealSockets() async throws {
        let router = RPCRouter(services: [TestService(observations: Observations())])
        let server = TCPServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, threads: 1),
            makeHandler: GRPCConnectionHandler.factory(router: router))
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", Self.script, String(port), String(Self.callDeadlineSeconds)]
        let output = Pipe()
        process.standardOutput = output
        // Waits on the exit itself (not a poll with its own clock), bounded by `clientLimit`.
        let (exited, exit) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { _ in exit.yield(); exit.finish() }
        try process.run()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in exited { break }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: Self.clientLimit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        #expect(finished, "the Python client did not finish within \(Self.clientLimit)")
        if !finished { process.terminate() }
        process.waitUntilExit()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(process.terminationStatus == 0)
        #expect(
            lines == [
                "echo 68656c6c6f",
                "big 3000000",
                "meta acme 00ff",
                "error UNIMPLEMENTED unknown method /test.Echo/Nope",
                "error FAILED_PRECONDITION not enough stock for sku ü 100%",
                "later 0201",
                "deadline DEADLINE_EXCEEDED",
                "split ['05', '06', '07']",
                "join 010203",
                "ping ['01', '02']",
            ])
    }
}
