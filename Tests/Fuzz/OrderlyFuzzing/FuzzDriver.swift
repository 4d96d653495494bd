// FuzzDriver: what every fuzz executable runs. Built by tools/fuzz (with -DFUZZING and libFuzzer
// linked) it hands control to libFuzzer's driver; in an ordinary build it replays the files and
// directories named on the command line instead, so the same executables reproduce crashes.
import Foundation

/// A broken invariant found by a fuzz target. (A crash shows as the process dying instead.)
public struct FuzzViolation: Error, CustomStringConvertible {
    /// What went wrong, for the crash log.
    public let description: String

    /// A violation described by `description`.
    public init(_ description: String) { self.description = description }
}

/// One fuzz target: checks one input, throwing `FuzzViolation` when an invariant breaks. Bad
/// input must only ever be rejected, never crash. (Untyped `throws`: Swift 6.3.1 crashes
/// emitting the thunks for typed-throws function values.)
public typealias FuzzCheck = @Sendable (UnsafeRawBufferPointer) throws -> Void

#if FUZZING
/// libFuzzer's entry for programs that keep their own `main` (SwiftPM renames an executable's
/// `main`, so linking libFuzzer's own `main` does not work).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target libFuzzer's C callback forwards to; set once before the driver starts and only
/// read on the driver's thread.
nonisolated(unsafe) private var currentCheck: FuzzCheck?
#endif

/// Runs a fuzz executable: `--emit-seeds DIR` writes the target's seed inputs; otherwise libFuzzer
/// (fuzz builds) or a replay of the given files and directories (ordinary builds).
public enum FuzzDriver {
    /// Never returns; the exit status is non-zero when a replayed input broke an invariant.
    public static func main(check: @escaping FuzzCheck, seeds: () -> [(name: String, bytes: [UInt8])]) -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--emit-seeds", arguments.count == 2 {
            exit(emit(seeds(), into: arguments[1]) ? 0 : 1)
        }
        #if FUZZING
        currentCheck = check
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let input = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
            do {
                try currentCheck?(input)
            } catch {
                // A broken invariant is a finding: die so that libFuzzer saves the input.
                FileHandle.standardError.write(Data("fuzz invariant violated: \(error)\n".utf8))
                abort()
            }
            return 0
        })
        #else
        var failures = 0
        var count = 0
        for path in arguments {
            for (name, bytes) in inputs(at: path) {
                count += 1
                if let violation = run(check, on: bytes) {
                    failures += 1
                    print("\(name): \(violation)")
                }
            }
        }
        print("replayed \(count) inputs, \(failures) violations")
        exit(failures == 0 ? 0 : 1)
        #endif
    }

    /// Runs `check` on `bytes`; the error it threw, if any.
    public static func run(_ check: FuzzCheck, on bytes: [UInt8]) -> (any Error)? {
        bytes.withUnsafeBytes { raw in
            do {
                try check(raw)
                return nil
            } catch {
                return error
            }
        }
    }

    /// Every input at `path`: the file itself, or each regular file in the directory, by name.
    public static func inputs(at path: String) -> [(name: String, bytes: [UInt8])] {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        let paths: [String]
        if isDirectory.boolValue {
            let names = (try? files.contentsOfDirectory(atPath: path)) ?? []
            paths = names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
        } else {
            paths = [path]
        }
        return paths.compactMap { file in
            files.contents(atPath: file).map { (name: file, bytes: [UInt8]($0)) }
        }
    }

    private static func emit(_ seeds: [(name: String, bytes: [UInt8])], into directory: String) -> Bool {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            print("cannot create \(directory): \(error)")
            return false
        }
        return seeds.allSatisfy { seed in
            files.createFile(atPath: "\(directory)/\(seed.name)", contents: Data(seed.bytes))
        }
    }
}
