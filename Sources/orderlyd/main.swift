// orderlyd: parse the flags, set up logging, assemble the services and serve until SIGINT/SIGTERM.
import Glibc
import Logging
import OrderlyTransport

MallocTuning.applyByReexecutingIfNeeded()  // first: it may replace the process
TerminationSignals.block()  // before any thread exists, so every thread inherits the mask
SnapshotSignal.block()
let options = ServerOptions.parseOrExit()
let level = LogfmtLogHandler.level(named: options.logLevel) ?? .info
LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, logLevel: level) }
let logger = Logger(label: "orderlyd")

if let directory = options.persistence.checkDataDir {
    exit(DataDirectoryCheck.run(directory: directory, configuration: options.persistence.options.store))
}

do {
    try OrderlyServer(assembly: ServerAssembly(options: options, logger: logger)).run()
} catch {
    logger.critical("cannot start", metadata: ["error": "\(error)"])
    exit(1)
}
