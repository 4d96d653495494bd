// Real OS threads for the concurrency tests (the cooperative pool has only one thread per core,
// which would not hammer the lock from 32 threads at once).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// Runs `body(i)` for i in 0..<count, each on its own pthread, and waits for all of them.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    #if canImport(Glibc)
    var threads: [pthread_t] = []
    #else
    var threads: [pthread_t?] = []
    #endif
    for i in 0..<count {
        let box = Unmanaged.passRetained(ThreadBody { body(i) })
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed")
        threads.append(thread)
    }
    #if canImport(Glibc)
    for t in threads { pthread_join(t, nil) }
    #else
    for t in threads { if let t { pthread_join(t, nil) } }
    #endif
}
