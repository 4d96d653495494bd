// LoopThread: a plain pthread running one closure, joinable. Event loops need real threads that
// block in epoll_wait, not tasks on Swift's cooperative pool.
import CTransportShims
import Glibc

/// A started pthread. Join it exactly once.
final class LoopThread: Sendable {
    // Written once in init before any other thread can see this object, read only by join().
    private let thread: pthread_t

    /// The closure and nothing else crosses to the new thread.
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a thread running `body`.
    init(name: String, _ body: @escaping @Sendable () -> Void) throws(TransportError) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw TransportError(errno: result, syscall: "pthread_create")
        }
        // Linux limits thread names to 15 bytes.
        _ = pthread_setname_np(thread, String(name.utf8.prefix(15)) ?? "orderly-loop")
        self.thread = thread
    }

    /// Waits for the thread to finish.
    func join() {
        _ = pthread_join(thread, nil)
    }
}
