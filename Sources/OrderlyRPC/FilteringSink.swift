// A sink in front of the transport's that drops response messages a policy must not let through
// (e.g. events about entities the caller may not see). The response is decoded only to ask the
// policy; what is forwarded is the original framed bytes.

/// Forwards a call's responses to `inner`, except those `keep` refuses.
public final class FilteringSink<Response: RPCMessage>: ServerCallSink {
    private let inner: any ServerCallSink
    private let keep: @Sendable (Response) -> Bool

    /// `keep` may run on any thread the handler writes from.
    public init(inner: any ServerCallSink, keep: @escaping @Sendable (Response) -> Bool) {
        self.inner = inner
        self.keep = keep
    }

    /// Forwards the message when it decodes and `keep` accepts it; drops it otherwise.
    public func send(framedMessage: [UInt8]) {
        guard framedMessage.count >= 5 else { return }
        let kept = framedMessage.withUnsafeBytes { bytes -> Bool in
            guard let message = try? Response(serializedBytes: UnsafeRawBufferPointer(rebasing: bytes.dropFirst(5)))
            else { return false }
            return keep(message)
        }
        if kept { inner.send(framedMessage: framedMessage) }
    }

    /// Forwards the status.
    public func finish(code: StatusCode, message: String) {
        inner.finish(code: code, message: message)
    }

    /// The transport's figure.
    public var pendingOutboundBytes: Int { inner.pendingOutboundBytes }

    /// The inner sink's.
    public var isOverSharedBudget: Bool { inner.isOverSharedBudget }
}
