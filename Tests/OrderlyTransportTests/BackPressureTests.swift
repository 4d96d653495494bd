// BackPressureTests: a server writing 8 MiB to a slow reader. Output must stay near the
// high-water mark, reading must pause while it is above it, and every byte must arrive in order.
import OrderlyTestSupport
import Glibc
import Testing

@testable import OrderlyTransport

/// What the producer saw, written on the loop thread.
struct ProducerLog: Sendable {
    var produced = 0
    var maxOutbound = 0
    var sawNotWritable = false
    var willFlushCalls = 0
    var receivedBytes = 0
    var receivedWhileNotWritable = 0
    var closed = false
}

/// Writes `total` pattern bytes in chunks, only while the connection is writable.
final class Producer: ConnectionHandler {
    let total: Int
    let chunk: Int
    let log: Recorder<ProducerLog>
    private var produced = 0

    init(total: Int, chunk: Int, log: Recorder<ProducerLog>) {
        self.total = total
        self.chunk = chunk
        self.log = log
    }

    func connectionActive(_ connection: Connection) {
        produce(connection)
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        let writable = connection.isWritable
        log.update {
            $0.receivedBytes += bytes.count
            if !writable { $0.receivedWhileNotWritable += 1 }
        }
    }

    func connectionWillFlush(_ connection: Connection) {
        log.update { $0.willFlushCalls += 1 }
        produce(connection)
    }

    func connectionShouldDrain(_ connection: Connection) {
        connection.close()
    }

    func connectionClosed(_ connection: Connection) {
        log.update { $0.closed = true }
    }

    private func produce(_ connection: Connection) {
        var block = [UInt8](repeating: 0, count: chunk)
        while connection.isWritable && produced < total {
            let count = min(chunk, total - produced)
            for index in 0..<count { block[index] = patternByte(produced + index) }
            block.withUnsafeBytes { connection.write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            produced += count
        }
        let (outbound, writable, produced) = (connection.outboundByteCount, connection.isWritable, produced)
        log.update {
            $0.produced = produced
            $0.maxOutbound = max($0.maxOutbound, outbound)
            if !writable { $0.sawNotWritable = true }
        }
    }
}

@Suite struct BackPressureTests {
    @Test("8 MiB to a slow reader: output bounded, reads paused, all bytes in order")
    func largeWriteToSlowReader() throws {
        let total = 8 * 1024 * 1024
        let chunk = 64 * 1024
        let highWater = 256 * 1024
        let log = Recorder(ProducerLog())
        let configuration = ServerConfiguration(
            threads: 1, outboundHighWater: highWater, outboundLowWater: 64 * 1024)
        let server = TCPServer(configuration: configuration) { _ in
            Producer(total: total, chunk: chunk, log: log)
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }

        let client = try RawClient(port: port, receiveBuffer: 32 * 1024)
        // Let the kernel buffers fill so the server's own buffer stays above the high-water mark.
        #expect(waitUntil { log.current.sawNotWritable })
        usleep(200_000)
        var sent = 0
        var received: [UInt8] = []
        received.reserveCapacity(total)
        while received.count < total {
            let piece = try client.receiveSome()
            if piece.isEmpty { break }
            received += piece
            // Keep talking to the server while it is (probably) back-pressured.
            if received.count % (16 * chunk) < piece.count {
                try client.send([0x2a])
                sent += 1
            }
            if received.count < total / 4 { usleep(500) }
        }
        #expect(received.count == total)
        let firstMismatch = received.indices.first { received[$0] != patternByte($0) }
        #expect(firstMismatch == nil)

        // Reading resumes once the output drained: everything the client sent arrives.
        #expect(waitUntil { log.current.receivedBytes == sent })
        let final = log.current
        #expect(final.produced == total)
        #expect(final.sawNotWritable)
        #expect(final.willFlushCalls > 1)
        #expect(final.maxOutbound <= highWater + chunk)
        #expect(final.receivedWhileNotWritable == 0)
    }
}
