// BufferAndTimerTests: the two data structures under the loop, without sockets: the outbound
// byte FIFO (order across growth and compaction) and the timer heap (order, ties, cancel).
import Testing

@testable import OrderlyTransport

@Suite struct BufferAndTimerTests {
    @Test("the outbound buffer returns bytes in order across growth and partial consumption",
          arguments: [(1, 1), (100, 7), (5000, 4999), (70_000, 3), (300_000, 65_536)])
    func outboundBufferKeepsOrder(writeSize: Int, consumeSize: Int) {
        var buffer = OutboundBuffer()
        var written = 0
        var read: [UInt8] = []
        for _ in 0..<8 {
            let chunk = (written..<written + writeSize).map(patternByte)
            chunk.withUnsafeBytes { buffer.append($0) }
            written += writeSize
            let take = min(consumeSize, buffer.count)
            read += buffer.readable.prefix(take)
            buffer.consume(take)
        }
        while !buffer.isEmpty {
            let take = min(consumeSize, buffer.count)
            read += buffer.readable.prefix(take)
            buffer.consume(take)
        }
        #expect(read.count == written)
        #expect(read == (0..<written).map(patternByte))
        #expect(buffer.count == 0)
    }

    @Test("the timer heap pops by deadline, ties by scheduling order, skipping cancelled timers")
    func timerHeapOrder() {
        var heap = TimerHeap()
        var fired: [Int] = []
        let deadlines: [UInt64] = [50, 10, 30, 10, 70, 30, 5]
        var ids: [TimerID] = []
        for (index, deadline) in deadlines.enumerated() {
            ids.append(heap.schedule(at: deadline) { fired.append(index) })
        }
        heap.cancel(ids[4])
        heap.cancel(ids[4])
        #expect(heap.nextDeadline() == 5)
        while let body = heap.popDue(now: 40) { body() }
        #expect(fired == [6, 1, 3, 2, 5])
        #expect(heap.nextDeadline() == 50)
        while let body = heap.popDue(now: 1000) { body() }
        #expect(fired == [6, 1, 3, 2, 5, 0])
        #expect(heap.nextDeadline() == nil)
        #expect(heap.count == 0)
    }

    @Test("durations convert to nanoseconds without overflow", arguments: [
        (Duration.seconds(-1), UInt64(0)),
        (.zero, 0),
        (.milliseconds(5), 5_000_000),
        (.nanoseconds(1), 1),
        (.seconds(3) + .nanoseconds(7), 3_000_000_007),
        (.seconds(Int64.max), UInt64.max / 2),
    ])
    func durationNanoseconds(duration: Duration, expected: UInt64) {
        #expect(duration.saturatingNanoseconds == expected)
    }

    @Test("cancelling many timers keeps the heap small")
    func timerHeapCompactsAfterCancels() {
        var heap = TimerHeap()
        for round in 0..<10_000 {
            let id = heap.schedule(at: UInt64(1_000_000 + round)) {}
            heap.cancel(id)
        }
        #expect(heap.count == 0)
        #expect(heap.nextDeadline() == nil)
    }
}
