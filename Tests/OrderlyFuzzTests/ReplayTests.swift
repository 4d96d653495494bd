// Replays every committed fuzz input (seed corpora and the regressions fuzzing found) through the
// same entry points the fuzz executables use, so a fixed crash or broken invariant stays fixed
// in the ordinary `swift test` run.
import OrderlyFuzzing
import Testing

@Suite struct ReplayTests {
    /// Tests/Fuzz, found from this file's path (tests run from the package root or elsewhere).
    static let fuzzDirectory: String = {
        let file = #filePath
        let tests = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")
        return "\(tests)/Fuzz"
    }()

    static let targets: [(name: String, check: FuzzCheck)] = [
        ("FuzzDeframer", DeframerFuzz.check),
        ("FuzzServices", ServicesFuzz.check),
        ("FuzzHTTP2", HTTP2Fuzz.check),
    ]

    @Test(arguments: 0..<targets.count)
    func committedInputsKeepEveryInvariant(target: Int) throws {
        let (name, check) = Self.targets[target]
        let inputs = FuzzDriver.inputs(at: "\(Self.fuzzDirectory)/Corpus/\(name)")
            + FuzzDriver.inputs(at: "\(Self.fuzzDirectory)/Regressions/\(name)")
        #expect(!inputs.isEmpty, "no committed inputs for \(name)")
        for (file, bytes) in inputs {
            let violation = FuzzDriver.run(check, on: bytes)
            #expect(violation == nil, "\(file): \(violation.map { "\($0)" } ?? "")")
        }
    }
}
