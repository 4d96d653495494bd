// The handle of one call that other threads (async callers, stream consumers) hold: it starts
// the call's stream on the loop, queues request messages with back-pressure, ends the request
// stream and cancels. All of its state lives on the loop thread.
import OrderlyRPC
import OrderlyTransport

/// A call's handle. Thread ownership: `core` is immutable; every other property is touched only
/// on the loop thread (methods hop there), hence `@unchecked Sendable`.
final class ClientCall: @unchecked Sendable {
    let core: ChannelCore
    /// The request messages' compression (immutable: read from any sending thread).
    let compression: MessageEncoding
    private var stream: ClientStream?
    private var cancelled = false
    private var writer: CheckedContinuation<Bool, Never>?

    init(core: ChannelCore, compression: MessageEncoding = .identity) {
        self.core = core
        self.compression = compression
    }

    /// Starts the call with `observer`, optionally with its first (framed) request and the end
    /// of the request stream. Callable from any thread.
    func start(path: String, options: CallOptions, observer: any ClientStreamObserver, framed: [UInt8]?, end: Bool) {
        let framed = framed.map { options.compression.prepare($0) }
        if core.closedForCalls.load(ordering: .acquiring) {
            // The loop may be gone; nothing else holds the observer yet, so tell it here.
            observer.streamFinished(ChannelCore.closedError, trailers: Metadata())
            return
        }
        let scheduled = onLoop { [self] in
            let stream = ClientStream(loop: core.loop, observer: observer, maxMessageSize: options.maxReceiveMessageSize)
            if let framed {
                stream.setRequest(framed, end: end)
            } else if end {
                stream.endRequest()
            }
            if cancelled {
                stream.finish(RPCError(.cancelled, "the call was cancelled"), trailers: Metadata())
                return
            }
            self.stream = stream
            core.start(stream, path: path, options: options)
        }
        if !scheduled {
            observer.streamFinished(ChannelCore.closedError, trailers: Metadata())
        }
    }

    /// Queues one framed request message; returns once the stream can take more, false when the
    /// call has ended (stop sending then).
    func send(_ framed: [UInt8]) async -> Bool {
        if core.closedForCalls.load(ordering: .acquiring) { return false }
        let framed = compression.prepare(framed)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let scheduled = onLoop { [self] in
                guard let stream, !stream.isFinished else {
                    continuation.resume(returning: false)
                    return
                }
                framed.withUnsafeBytes { stream.send($0, end: false) }
                if stream.isWritable {
                    continuation.resume(returning: true)
                } else {
                    writer = continuation
                    stream.notifyWhenWritable()
                }
            }
            if !scheduled { continuation.resume(returning: false) }
        }
    }

    /// Ends the request stream.
    func end() {
        onLoop { [self] in stream?.endRequest() }
    }

    /// Cancels the call (RST_STREAM CANCEL; the call fails with CANCELLED). Any thread.
    func cancel() {
        onLoop { [self] in
            cancelled = true
            stream?.cancel(with: RPCError(.cancelled, "the call was cancelled"))
        }
    }

    // MARK: From observers (loop thread)

    func becameWritable() {
        let waiting = writer
        writer = nil
        waiting?.resume(returning: true)
    }

    func finished() {
        stream = nil
        let waiting = writer
        writer = nil
        waiting?.resume(returning: false)
    }

    /// Runs `body` on the loop; false (and `body` dropped) when the channel is closed and the
    /// loop may no longer run tasks.
    @discardableResult
    private func onLoop(_ body: @escaping @Sendable () -> Void) -> Bool {
        if core.loop.inEventLoop {
            body()
            return true
        }
        if core.closedForCalls.load(ordering: .acquiring) { return false }
        core.loop.execute(body)
        return true
    }
}
