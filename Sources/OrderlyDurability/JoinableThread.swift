// JoinableThread: a bare pthread running one Swift closure, for the journal's writer thread
// (no Foundation). The closure box is retained across pthread_create and released by the thread.
#if canImport(Glibc)
import Glibc
#endif

/// A started pthread running one closure; ``join()`` waits for it to finish.
struct JoinableThread: @unchecked Sendable {
    private let handle: pthread_t

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts a thread running `body`; nil if the system refuses to create one.
    static func start(_ body: @escaping @Sendable () -> Void) -> JoinableThread? {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            let box = Unmanaged<Box>.fromOpaque(argument).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        return JoinableThread(handle: handle)
    }

    func join() {
        pthread_join(handle, nil)
    }
}
