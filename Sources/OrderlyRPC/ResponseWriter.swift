// The writer of a streaming response. Usable from any thread; bounded, so that a slow client
// cannot make the server buffer without limit: `write` refuses once too much is queued and the
// service decides (typically: finish with RESOURCE_EXHAUSTED).
import Synchronization

/// Sends the messages of a streaming response and ends the call.
public final class ResponseWriter<Response: RPCMessage>: Sendable {
    private let sink: any ServerCallSink
    private let context: ServerContext
    private let finished = Atomic<Bool>(false)

    init(sink: any ServerCallSink, context: ServerContext) {
        self.sink = sink
        self.context = context
    }

    /// The per-stream bound on queued response bytes.
    public var maxPendingBytes: Int { context.maxPendingResponseBytes }

    /// Bytes queued and not yet sent.
    public var pendingBytes: Int { sink.pendingOutboundBytes }

    /// True while the call is open and below its bound.
    public var isWritable: Bool {
        !isFinished && !context.isCancelled && sink.pendingOutboundBytes < context.maxPendingResponseBytes
            && !sink.isOverSharedBudget
    }

    /// True once `finish` ran (or the call was cancelled).
    public var isFinished: Bool { finished.load(ordering: .acquiring) || context.isCancelled }

    /// Queues `message`. Returns false, sending nothing, when the call is over or the queue is
    /// above its bound: the client is not keeping up.
    @discardableResult
    public func write(_ message: Response) -> Bool {
        guard isWritable else { return false }
        sink.send(framedMessage: MessageFramer.frame(message))
        return true
    }

    /// Like `write`, but throws: CANCELLED when the call is over, RESOURCE_EXHAUSTED when the
    /// client is too slow.
    public func send(_ message: Response) throws(RPCError) {
        if isFinished {
            throw RPCError(.cancelled, "the call is over")
        }
        guard write(message) else {
            throw RPCError(.resourceExhausted, "the client is not reading its responses fast enough")
        }
    }

    /// Ends the call OK.
    public func finish() {
        guard claim() else { return }
        sink.finish(code: .ok, message: "")
    }

    /// Ends the call with the status `error` maps to.
    public func finish(throwing error: any Error) {
        guard claim() else { return }
        sink.finish(error: error, context: context)
    }

    private func claim() -> Bool {
        !finished.exchange(true, ordering: .acquiringAndReleasing)
    }
}
