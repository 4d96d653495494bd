// Drives calls through a router without a transport: a recording sink stands in for the HTTP/2
// stream, so the standard services are tested exactly as the engine calls them.
import OrderlyRPC
import OrderlyLocks

/// Records what a call sends; thread-safe like a real sink must be.
final class RecordingSink: ServerCallSink {
    private struct State {
        var messages: [[UInt8]] = []
        var status: (StatusCode, String)?
    }
    private let state = Locked(State())

    func send(framedMessage: [UInt8]) {
        state.withLock {
            guard $0.status == nil else { return }
            $0.messages.append(Array(framedMessage.dropFirst(5)))
        }
    }

    func finish(code: StatusCode, message: String) {
        state.withLock { state in
            if state.status == nil { state.status = (code, message) }
        }
    }

    var pendingOutboundBytes: Int { 0 }
    var messages: [[UInt8]] { state.withLock { $0.messages } }
    var code: StatusCode? { state.withLock { $0.status?.0 } }
    var statusMessage: String? { state.withLock { $0.status?.1 } }

    /// The decoded responses so far.
    func responses<Response: RPCMessage>(as _: Response.Type) throws -> [Response] {
        try messages.map { try Response(serializedBytes: $0) }
    }

    /// Polls (without blocking a cooperative thread) until `condition` holds, up to five seconds.
    func wait(until condition: () -> Bool) async -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}

/// One call in progress: its context, sink and handler.
struct DrivenCall {
    let context: ServerContext
    let sink = RecordingSink()
    let handler: any ServerCallHandler

    /// Starts a call of `path`; nil when the router has no such method.
    init?(_ router: RPCRouter, _ path: String) {
        guard let route = router.route(forPath: path) else { return nil }
        context = ServerContext(path: path, requestMetadata: Metadata(), deadline: nil, peer: "test")
        handler = route.makeCall(context, sink)
    }

    func send(_ message: some RPCMessage) {
        message.serializedBytes().withUnsafeBytes { handler.receive(message: $0) }
    }

    func end() {
        handler.receiveEnd()
    }

    func cancel() {
        context.cancel()
        handler.cancelled()
    }
}
