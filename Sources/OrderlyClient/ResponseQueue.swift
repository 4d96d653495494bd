// The responses of a streaming call waiting for their consumer, with receive-side flow control:
// the unread bytes are counted (RequestBuffering's high-water logic), and while they are above
// the mark the stream stops granting the server HTTP/2 credit, so a slow consumer makes the
// server wait instead of making this process buffer without bound.
import OrderlyLocks
import OrderlyRPC

/// Messages delivered by the loop, taken by one consumer. Thread-safe.
final class ResponseQueue<Response: Sendable>: Sendable {
    /// Unread bytes above which the server gets no more stream credit.
    static var highWater: Int { 1 << 20 }

    private struct State {
        var items: [(Response, Int)] = []
        var head = 0
        var outcome: Result<Void, RPCError>?
        var waiter: CheckedContinuation<Response?, any Error>?
    }

    private let state = Locked(State())
    /// The unread bytes, for the stream's credit decisions.
    let buffering = RequestBuffering(highWater: ResponseQueue.highWater)

    /// Loop side: one decoded message of `size` wire bytes.
    func push(_ message: Response, size: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Response?, any Error>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.items.append((message, size))
            return nil
        }
        if let waiter {
            waiter.resume(returning: message)
        } else {
            buffering.added(size)
        }
    }

    /// Loop side: the call ended (nil error: OK).
    func finish(_ error: RPCError?) {
        let waiter = state.withLock { state -> CheckedContinuation<Response?, any Error>? in
            guard state.outcome == nil else { return nil }
            state.outcome = error.map { .failure($0) } ?? .success(())
            defer { state.waiter = nil }
            return state.waiter
        }
        if let error {
            waiter?.resume(throwing: error)
        } else {
            waiter?.resume(returning: nil)
        }
    }

    /// True once the call has ended and every message was taken.
    var isDrained: Bool { state.withLock { $0.outcome != nil && $0.head == $0.items.count } }

    /// Consumer side: the next message, nil at the end, or the call's error.
    func next() async throws -> Response? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response?, any Error>) in
            let taken = state.withLock { state -> Result<(Response, Int)?, RPCError>? in
                if state.head < state.items.count {
                    let item = state.items[state.head]
                    state.head += 1
                    if state.head == state.items.count {
                        state.items.removeAll(keepingCapacity: true)
                        state.head = 0
                    } else if state.head >= 1024, state.head * 2 >= state.items.count {
                        state.items.removeFirst(state.head)
                        state.head = 0
                    }
                    return .success(item)
                }
                switch state.outcome {
                case .failure(let error): return .failure(error)
                case .success: return .success(nil)
                case nil:
                    state.waiter = continuation
                    return nil
                }
            }
            switch taken {
            case .success(let item?):
                buffering.taken(item.1)
                continuation.resume(returning: item.0)
            case .success(nil):
                continuation.resume(returning: nil)
            case .failure(let error):
                continuation.resume(throwing: error)
            case nil:
                break
            }
        }
    }
}

/// Runs `body` once when released: the consumer dropped the response stream.
final class ReleaseAction: Sendable {
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    deinit { body() }
}
