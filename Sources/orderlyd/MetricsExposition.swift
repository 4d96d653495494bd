// What orderlyd exports at /metrics, rendered on each scrape from the live counters: the gRPC
// server families in go-grpc-prometheus's names and labels, orderlyd's own gauges and histograms,
// and the standard process_* families.
import OrderlyDomain
import OrderlyDurability
import OrderlyMetrics
import OrderlyRPC
import OrderlyTransport

/// Renders the metrics document.
struct MetricsExposition: Sendable {
    let routes: [RPCRoute]
    let server: TCPServer
    let store: OrderStore

    /// The Prometheus text of every metric, now.
    func render() -> String {
        var out = PrometheusText()
        out.family("grpc_server_started_total", type: "counter", help: "Total number of RPCs started on the server.")
        for route in routes {
            out.sample("grpc_server_started_total", labels(route), route.stats.started.value)
        }
        out.family(
            "grpc_server_handled_total", type: "counter",
            help: "Total number of RPCs completed on the server, regardless of success or failure.")
        for route in routes {
            for code in StatusCode.allCases {
                out.sample(
                    "grpc_server_handled_total", labels(route) + [("grpc_code", Self.codeName(code))],
                    route.stats.handled[code.rawValue].value)
            }
        }
        out.family(
            "grpc_server_handling_seconds", type: "histogram",
            help: "Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.")
        for route in routes {
            out.histogram("grpc_server_handling_seconds", labels(route), route.stats.handlingSeconds)
        }

        out.family("orderly_connections", type: "gauge", help: "Open client connections.")
        out.sample("orderly_connections", [], server.openConnectionCount)
        out.family("orderly_journal_fsync_seconds", type: "histogram", help: "Duration of journal segment fdatasync calls.")
        out.histogram("orderly_journal_fsync_seconds", [], JournalMetrics.fsyncSeconds)
        out.family("orderly_orders", type: "gauge", help: "Orders in the store.")
        out.sample("orderly_orders", [], store.read { $0.orderCount })
        out.family("orderly_watchers", type: "gauge", help: "Active WatchOrders and WatchInventory streams.")
        out.sample("orderly_watchers", [], store.watcherCount)
        // No webhooks exist yet: the family is exported with its label values at zero, so
        // dashboards and alerts can be written against it now.
        out.family("orderly_webhook_deliveries_total", type: "counter", help: "Webhook deliveries by outcome (no webhooks exist yet: always 0).")
        for status in ["delivered", "failed"] {
            out.sample("orderly_webhook_deliveries_total", [("status", status)], 0)
        }

        let process = ProcessStats.read()
        out.family("process_cpu_seconds_total", type: "counter", help: "Total user and system CPU time spent in seconds.")
        out.sample("process_cpu_seconds_total", [], process.cpuSeconds)
        out.family("process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.")
        out.sample("process_resident_memory_bytes", [], process.residentBytes)
        out.family("process_virtual_memory_bytes", type: "gauge", help: "Virtual memory size in bytes.")
        out.sample("process_virtual_memory_bytes", [], process.virtualBytes)
        out.family("process_open_fds", type: "gauge", help: "Number of open file descriptors.")
        out.sample("process_open_fds", [], process.openFDs)
        out.family("process_max_fds", type: "gauge", help: "Maximum number of open file descriptors.")
        out.sample("process_max_fds", [], process.maxFDs)
        out.family("process_start_time_seconds", type: "gauge", help: "Start time of the process since unix epoch in seconds.")
        out.sample("process_start_time_seconds", [], process.startTimeSeconds)
        return out.text
    }

    private func labels(_ route: RPCRoute) -> [(String, String)] {
        [("grpc_type", Self.typeName(route.kind)), ("grpc_service", route.service), ("grpc_method", route.method)]
    }

    /// go-grpc-prometheus's grpc_type values.
    static func typeName(_ kind: RPCKind) -> String {
        switch kind {
        case .unary: "unary"
        case .serverStreaming: "server_stream"
        case .clientStreaming: "client_stream"
        case .bidiStreaming: "bidi_stream"
        }
    }

    /// The code names as grpc-go prints them (OK, Canceled, DeadlineExceeded, ...).
    static func codeName(_ code: StatusCode) -> String {
        ["OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
         "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
         "Internal", "Unavailable", "DataLoss", "Unauthenticated"][code.rawValue]
    }
}
