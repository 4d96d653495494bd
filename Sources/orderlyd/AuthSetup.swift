// orderlyd's authentication flags and the start-up rules around them: with --auth-file every
// orderly.v1 call needs a bearer token; without it the server is meant for loopback only and
// refuses a non-loopback --host unless --insecure says that is really wanted.
import ArgumentParser
import Glibc
import OrderlyServices

/// --auth-file and --insecure.
struct AuthFlags: ParsableArguments {
    @Option(
        name: .customLong("auth-file"),
        help: "Token file: one `<sha256 hex of the token> <role>` a line, # comments. Without it, auth is off.")
    var authFile: String?

    @Flag(help: "Allow listening on a non-loopback address without --auth-file (anyone who can connect can do anything).")
    var insecure = false

    /// Refuses a non-loopback `host` without authentication (unless --insecure).
    func validate(host: String) throws {
        if authFile == nil, !insecure, !Self.isLoopback(host) {
            throw ValidationError(
                "refusing to listen on \(host) without --auth-file: give --auth-file, listen on 127.0.0.1, or pass --insecure")
        }
    }

    /// True for 127.0.0.0/8, ::1 and "localhost".
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    /// The token table from --auth-file, or nil when auth is off. Throws on an unreadable or
    /// malformed file: a server must not start with half its tokens.
    func loadTokens() throws -> TokenTable? {
        guard let authFile else { return nil }
        let text = try Self.readFile(authFile)
        do {
            let table = try TokenTable(parsing: text)
            guard table.count > 0 else { throw AuthFileError(message: "\(authFile): no tokens") }
            return table
        } catch let error as TokenTable.ParseError {
            throw AuthFileError(message: "\(authFile): \(error)")
        }
    }

    private static func readFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AuthFileError(message: "\(path): cannot open (errno \(errno))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw AuthFileError(message: "\(path): read failed (errno \(errno))") }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= 16 << 20 else { throw AuthFileError(message: "\(path): larger than 16 MiB") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The auth file cannot be used.
struct AuthFileError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
