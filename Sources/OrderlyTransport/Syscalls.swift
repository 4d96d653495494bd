// Syscalls: the one door to the kernel. Every system call the transport makes goes through a thin
// wrapper here. EINTR is retried in one helper (`Syscall.retrying`); a failure becomes a
// `TransportError` with errno; "would block" is a normal result, not an error, so the hot paths
// never throw (and never allocate) for EAGAIN.
import CTransportShims
import Glibc

/// The outcome of a non-blocking read or write.
enum IOResult: Equatable {
    /// The call moved this many bytes (0 from a read means end of stream).
    case processed(Int)
    /// The socket is not ready; wait for epoll.
    case wouldBlock
}

/// Thin wrappers over the system calls the transport needs.
enum Syscall {
    /// Runs `body` until it stops failing with EINTR; a result of -1 becomes a TransportError.
    @inline(__always)
    static func retrying<T: FixedWidthInteger>(
        _ name: StaticString, _ body: () -> T
    ) throws(TransportError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw TransportError(errno: code, syscall: name.description)
        }
    }

    /// Like `retrying`, but EAGAIN/EWOULDBLOCK becomes `.wouldBlock` instead of an error.
    @inline(__always)
    static func retryingNonBlocking(
        _ name: StaticString, _ body: () -> Int
    ) throws(TransportError) -> IOResult {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw TransportError(errno: code, syscall: name.description)
        }
    }

    // MARK: Sockets

    /// A non-blocking, close-on-exec TCP socket for `family`.
    static func tcpSocket(family: Int32) throws(TransportError) -> FileDescriptor {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let fd = try retrying("socket") { Glibc.socket(family, type, 0) }
        return FileDescriptor(rawValue: fd)
    }

    /// Sets an integer socket option (SO_REUSEADDR, TCP_NODELAY, ...).
    static func setOption(
        _ fd: FileDescriptor, level: Int32, name: Int32, value: Int32
    ) throws(TransportError) {
        var value = value
        let size = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("setsockopt") { Glibc.setsockopt(fd.rawValue, level, name, &value, size) }
    }

    /// The pending error of a socket (SO_ERROR), used to learn how a non-blocking connect ended.
    static func pendingError(_ fd: FileDescriptor) throws(TransportError) -> Int32 {
        var value: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") {
            Glibc.getsockopt(fd.rawValue, SOL_SOCKET, SO_ERROR, &value, &size)
        }
        return value
    }

    static func bind(_ fd: FileDescriptor, to address: SocketAddress) throws(TransportError) {
        _ = try address.withSockaddr { (pointer, length) throws(TransportError) in
            try retrying("bind") { Glibc.bind(fd.rawValue, pointer, length) }
        }
    }

    static func listen(_ fd: FileDescriptor, backlog: Int32) throws(TransportError) {
        _ = try retrying("listen") { Glibc.listen(fd.rawValue, backlog) }
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket; nil when none is waiting.
    static func accept(_ fd: FileDescriptor) throws(TransportError) -> (FileDescriptor, SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let flags = Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let result = try retryingNonBlocking("accept4") {
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    Int(CTransportShims.accept4(fd.rawValue, address, &length, flags))
                }
            }
        }
        guard case .processed(let newFD) = result else { return nil }
        return (FileDescriptor(rawValue: Int32(newFD)), SocketAddress(storage: storage, length: length))
    }

    /// Starts a non-blocking connect: true when already connected, false when in progress.
    static func connect(_ fd: FileDescriptor, to address: SocketAddress) throws(TransportError) -> Bool {
        let result: Int32 = address.withSockaddr { pointer, length in
            while true {
                let result = Glibc.connect(fd.rawValue, pointer, length)
                if result == -1 && Glibc.errno == EINTR { continue }
                return result == 0 ? 0 : Glibc.errno
            }
        }
        if result == 0 { return true }
        if result == EINPROGRESS { return false }
        throw TransportError(errno: result, syscall: "connect")
    }

    /// The local address a socket is bound to (to learn an ephemeral port).
    static func localAddress(_ fd: FileDescriptor) throws(TransportError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try retrying("getsockname") {
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    Glibc.getsockname(fd.rawValue, address, &length)
                }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }

    /// Reads into `buffer`; `.processed(0)` is end of stream.
    @inline(__always)
    static func read(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer) throws(TransportError) -> IOResult {
        try retryingNonBlocking("read") { Glibc.read(fd.rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Sends `buffer` without raising SIGPIPE when the peer has gone away.
    @inline(__always)
    static func send(_ fd: FileDescriptor, _ buffer: UnsafeRawBufferPointer) throws(TransportError) -> IOResult {
        try retryingNonBlocking("send") {
            Glibc.send(fd.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
        }
    }

    /// Half-closes the sending side so the peer sees end of stream after our last byte.
    static func shutdownWrite(_ fd: FileDescriptor) throws(TransportError) {
        _ = try retrying("shutdown") { Glibc.shutdown(fd.rawValue, Int32(SHUT_WR)) }
    }

    /// Closes a descriptor. EINTR is not retried: on Linux the descriptor is gone either way.
    static func close(_ fd: FileDescriptor) {
        _ = Glibc.close(fd.rawValue)
    }

    // MARK: epoll and eventfd

    static func epollCreate() throws(TransportError) -> FileDescriptor {
        FileDescriptor(rawValue: try retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) })
    }

    /// Adds, modifies or removes `fd` in the interest list; `data` comes back with its events.
    static func epollControl(
        _ epoll: FileDescriptor, _ operation: Int32, _ fd: FileDescriptor, events: UInt32, data: UInt64
    ) throws(TransportError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = data
        _ = try retrying("epoll_ctl") { epoll_ctl(epoll.rawValue, operation, fd.rawValue, &event) }
    }

    /// Waits for events; `timeoutMilliseconds` -1 waits forever.
    static func epollWait(
        _ epoll: FileDescriptor, into events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32
    ) throws(TransportError) -> Int {
        Int(try retrying("epoll_wait") {
            epoll_wait(epoll.rawValue, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        })
    }

    static func eventFD() throws(TransportError) -> FileDescriptor {
        let flags = Int32(EFD_CLOEXEC | EFD_NONBLOCK)
        return FileDescriptor(rawValue: try retrying("eventfd") { eventfd(0, flags) })
    }

    /// Adds one to an eventfd counter, waking whoever polls it. A full counter (EAGAIN) is
    /// already readable, so it needs nothing more.
    static func signalEventFD(_ fd: FileDescriptor) {
        var one: UInt64 = 1
        _ = try? retryingNonBlocking("write") { Glibc.write(fd.rawValue, &one, 8) }
    }

    /// Resets an eventfd counter to zero.
    static func drainEventFD(_ fd: FileDescriptor) {
        var value: UInt64 = 0
        _ = try? retryingNonBlocking("read") { Glibc.read(fd.rawValue, &value, 8) }
    }

    // MARK: Time

    /// Nanoseconds on the monotonic clock (vDSO, no real system call).
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    // MARK: Address lookup

    /// Resolves a host name (blocking; used only when a literal address does not parse).
    static func resolve(host: String, port: UInt16) throws(TransportError) -> SocketAddress {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, let first = list, let address = first.pointee.ai_addr else {
            throw TransportError(errno: EINVAL, syscall: "getaddrinfo(\(host))")
        }
        var storage = sockaddr_storage()
        let length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
        }
        return SocketAddress(storage: storage, length: length)
    }
}
