// The metric primitives: counters, histogram bucketing (bounds inclusive, +Inf last and equal to
// the count), the text format's escaping and numbers, and per-route call stats.
import OrderlyMetrics
import OrderlyRPC
import Testing

struct MetricsTests {
    @Test func histogramBucketsAreCumulativeAndInclusive() {
        let histogram = Histogram(bounds: [0.001, 0.01, 0.1])
        for duration: Duration in [.microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(50), .seconds(3)] {
            histogram.observe(duration)
        }
        let reading = histogram.snapshot()
        #expect(reading.cumulative == [2, 3, 4, 5])
        #expect(reading.count == 5)
        #expect(abs(reading.sum - 3.0565) < 1e-9)
    }

    @Test func textFormatEscapesAndFormats() {
        var text = PrometheusText()
        text.family("x_total", type: "counter", help: "a \\ b\nc")
        text.sample("x_total", [("k", "q\"\\\n")], 3)
        text.sample("y", [], 0.25)
        #expect(text.text == "# HELP x_total a \\\\ b\\nc\n# TYPE x_total counter\nx_total{k=\"q\\\"\\\\\\n\"} 3\ny 0.25\n")
    }

    @Test func histogramSamplesEndWithInfSumAndCount() {
        let histogram = Histogram(bounds: [1])
        histogram.observe(.milliseconds(1500))
        var text = PrometheusText()
        text.histogram("h", [("a", "b")], histogram)
        #expect(text.text == "h_bucket{a=\"b\",le=\"1\"} 0\nh_bucket{a=\"b\",le=\"+Inf\"} 1\nh_sum{a=\"b\"} 1.5\nh_count{a=\"b\"} 1\n")
    }

    @Test func callStatsCountByCode() async {
        let stats = CallStats()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for _ in 0..<1000 {
                        stats.started.increment()
                        stats.finished(code: worker % 2 == 0 ? StatusCode.ok.rawValue : StatusCode.notFound.rawValue,
                                       after: .microseconds(10))
                    }
                }
            }
        }
        #expect(stats.started.value == 4000)
        #expect(stats.handled[0].value == 2000)
        #expect(stats.handled[5].value == 2000)
        #expect(stats.handlingSeconds.snapshot().count == 4000)
    }
}
