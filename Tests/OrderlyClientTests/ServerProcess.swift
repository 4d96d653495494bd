// Starts the real server executables (orderlyd, interop-server, built next to the test binary
// because the test target depends on them) on a free loopback port with posix_spawn, waits until
// they listen, and stops them with SIGTERM (SIGKILL if they hang).
import Glibc

/// A server child process on 127.0.0.1.
final class ServerProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let executable: String
    let arguments: [String]
    let port: Int
    private(set) var pid: pid_t = 0

    /// Starts `name` (e.g. "interop-server") with `arguments` plus `--port`.
    init(_ name: String, arguments: [String] = [], port: Int? = nil) throws {
        guard let path = Self.executable(named: name) else {
            throw Failure(description: "\(name) not found next to the test binary")
        }
        executable = path
        self.arguments = arguments
        self.port = try port ?? Self.freePort()
        try start()
    }

    deinit {
        stop()
    }

    /// Starts the process (again, on the same port) and waits until it accepts connections.
    func start() throws {
        let argv = [executable, "--port", String(port)] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Descriptors other tests of this process opened without close-on-exec (pipes,
        // sockets) must not live on in the child and keep their peers from seeing EOF.
        SpawnHygiene.closeInheritedDescriptors(&actions)
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArgs { free(pointer) } }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, nil, cArgs, environ)
        guard result == 0 else { throw Failure(description: "posix_spawn \(executable): errno \(result)") }
        pid = child
        for _ in 0..<400 {
            if Self.canConnect(port: port) { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                throw Failure(description: "\(executable) exited with status \(status) at start")
            }
            usleep(25_000)
        }
        stop()
        throw Failure(description: "\(executable) did not listen on \(port) within 10 s")
    }

    /// Stops the process (SIGTERM, then SIGKILL after 10 s) and reaps it.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<400 {
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                return
            }
            usleep(25_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        pid = 0
    }

    /// Finds `name` in the directories above the running test binary, up to `.build`.
    static func executable(named name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        var directory = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while let slash = directory.lastIndex(of: "/"), !directory.isEmpty {
            directory = String(directory[..<slash])
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
            if directory.hasSuffix("/.build") { break }
        }
        return nil
    }

    /// A port the kernel just handed out (bound then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw Failure(description: "bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
