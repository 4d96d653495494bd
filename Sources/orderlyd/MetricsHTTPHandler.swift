// The metrics endpoint's protocol on the transport's own listener: just enough HTTP/1.1 for a
// Prometheus scrape. It reads one request head (at most 8 KiB), answers `GET /metrics` with the
// text exposition (404 for other paths, 405 for other methods) and closes the connection.
import OrderlyTransport

/// One HTTP/1.1 connection of the metrics listener.
final class MetricsHTTPHandler: ConnectionHandler {
    private let render: @Sendable () -> String
    private var head: [UInt8] = []
    private var answered = false

    init(render: @escaping @Sendable () -> String) {
        self.render = render
    }

    func connectionActive(_ connection: Connection) {}

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        guard !answered else { return }
        head.append(contentsOf: bytes)
        guard let end = Self.headEnd(head) else {
            if head.count > 8 << 10 { respond(connection, status: "431 Request Header Fields Too Large", body: "") }
            return
        }
        let requestLine = String(decoding: head[..<end].prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            respond(connection, status: "400 Bad Request", body: "bad request\n")
            return
        }
        let path = parts[1].split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        if parts[0] != "GET" && parts[0] != "HEAD" {
            respond(connection, status: "405 Method Not Allowed", body: "use GET\n")
        } else if path != "/metrics" {
            respond(connection, status: "404 Not Found", body: "metrics are at /metrics\n")
        } else {
            respond(
                connection, status: "200 OK", body: render(), headOnly: parts[0] == "HEAD",
                contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    func connectionWillFlush(_ connection: Connection) {}

    func connectionShouldDrain(_ connection: Connection) {
        if !answered { connection.close() }
    }

    func connectionClosed(_ connection: Connection) {
        head = []
    }

    private func respond(
        _ connection: Connection, status: String, body: String, headOnly: Bool = false,
        contentType: String = "text/plain; charset=utf-8"
    ) {
        answered = true
        let bodyBytes = Array(body.utf8)
        var response = Array(
            "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bodyBytes.count)\r\nConnection: close\r\n\r\n".utf8)
        if !headOnly { response += bodyBytes }
        response.withUnsafeBytes { connection.write($0) }
        connection.close()
    }

    /// The index of the blank line ending the request head, if it has arrived.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
