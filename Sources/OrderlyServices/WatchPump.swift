// Feeds one store watch subscription into a server-streaming response. The store only queues
// events and rings a wake-up (cheap, never blocking a writer); a Task per watcher drains the
// queue, converts events to messages and writes them. A watcher that fell behind its bound, or
// whose client stopped reading, is ended with RESOURCE_EXHAUSTED; cancellation and deadlines
// end the watch through the call's context.
import OrderlyDomain
import OrderlyRPC

/// Runs watch streams.
enum WatchPump {
    /// Events taken from the subscription per drain step, so one busy watcher yields regularly.
    static let batchSize = 256
    static let slowClient = "the watcher is not reading its events fast enough"
    static let fellBehind = "the watcher fell too far behind the changes and was cut off"

    /// Subscribes through `subscribe` and streams every event through `writer` until the call
    /// ends. Called on the loop thread; returns at once.
    static func run<Event: Sendable, Message: RPCMessage>(
        writer: ResponseWriter<Message>, context: ServerContext,
        subscribe: (@escaping @Sendable () -> Void) throws(DomainError) -> WatchSubscription<Event>,
        message: @escaping @Sendable (Event) -> Message
    ) {
        // Wake-ups coalesce: one pending wake-up means "look at the queue", however many rang.
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let subscription: WatchSubscription<Event>
        do {
            subscription = try subscribe { wake.yield() }
        } catch {
            writer.finish(throwing: RPCError(error))
            return
        }
        context.onCancel {
            subscription.cancel()
            wake.finish()
        }
        Task {
            var iterator = wakes.makeAsyncIterator()
            while true {
                let batch = subscription.poll(max: batchSize)
                for event in batch.events {
                    // A long replay (from_sequence) may outpace the socket: wait for room
                    // rather than cut off a client that is reading.
                    if batch.replaying {
                        while !writer.isWritable && !writer.isFinished {
                            try? await Task.sleep(for: .milliseconds(2))
                        }
                    }
                    guard writer.write(message(event)) else {
                        // Either the call is over, or the client is not reading and its send
                        // queue is above the bound: stop watching rather than buffer more.
                        subscription.cancel()
                        if !writer.isFinished {
                            writer.finish(throwing: RPCError(.resourceExhausted, slowClient))
                        }
                        return
                    }
                }
                if batch.overflowed {
                    writer.finish(throwing: RPCError(.resourceExhausted, fellBehind))
                    return
                }
                if batch.closed {
                    writer.finish()
                    return
                }
                if batch.events.count == batchSize { continue }
                guard await iterator.next() != nil else {
                    subscription.cancel()
                    return
                }
            }
        }
    }
}
