// The callback a deferred unary handler answers through, later and from any thread (e.g. after
// the journal's fsync). Only the first answer counts.
import Synchronization

/// Answers one unary call exactly once, from any thread.
public final class UnaryResponder<Response: RPCMessage>: Sendable {
    private let sink: any ServerCallSink
    private let context: ServerContext
    private let answered = Atomic<Bool>(false)

    init(sink: any ServerCallSink, context: ServerContext) {
        self.sink = sink
        self.context = context
    }

    /// Sends `response` and ends the call OK. Returns false if the call was already answered.
    @discardableResult
    public func succeed(_ response: Response) -> Bool {
        guard claim() else { return false }
        sink.send(framedMessage: MessageFramer.frame(response))
        sink.finish(code: .ok, message: "")
        return true
    }

    /// Ends the call with the status `error` maps to (`RPCError` as is, anything else UNKNOWN).
    @discardableResult
    public func fail(_ error: any Error) -> Bool {
        guard claim() else { return false }
        sink.finish(error: error, context: context)
        return true
    }

    /// True once `succeed` or `fail` ran.
    public var isAnswered: Bool { answered.load(ordering: .acquiring) }

    private func claim() -> Bool {
        !answered.exchange(true, ordering: .acquiringAndReleasing)
    }
}
