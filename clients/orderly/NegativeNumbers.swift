// Negative numbers as values (`--lng -74.0`, `inventory adjust W1 SKU -3`). ArgumentParser
// reads any word starting with `-` as an option (and rejects `-74.0` outright), so before
// parsing such words get a U+2212 minus sign instead, and the numeric types below read it back.
import ArgumentParser

/// Escapes and unescapes negative numeric words on the command line.
enum NegativeNumbers {
    /// The stand-in for a leading `-` of a negative number.
    static let minus: Character = "\u{2212}"

    /// Replaces the leading `-` of every word that is a negative decimal number. No option
    /// of `orderly` is spelled with a digit, so this never hides an option. Words after `--`
    /// are left alone.
    static func escape(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var afterTerminator = false
        for argument in arguments {
            if argument == "--" { afterTerminator = true }
            if !afterTerminator, isNegativeNumber(argument) {
                result.append(String(minus) + argument.dropFirst())
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// Undoes `escape` for one word (values of text options, error messages).
    static func unescape(_ text: String) -> String {
        String(text.map { $0 == minus ? "-" : $0 })
    }

    /// `-3`, `-74.0`, `-.5`, `-1e3`.
    static func isNegativeNumber(_ word: String) -> Bool {
        guard word.count >= 2, word.first == "-" else { return false }
        let body = word.dropFirst()
        guard let first = body.first, first.isASCII, first.isNumber || first == "." else { return false }
        return Double(String(body)) != nil
    }
}

/// A Double argument that may be negative (coordinates).
struct SignedDouble: ExpressibleByArgument, Sendable {
    /// The value.
    let value: Double

    init?(argument: String) {
        guard let value = Double(NegativeNumbers.unescape(argument)), value.isFinite else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { String(value) }
}

/// An Int64 argument that may be negative (stock deltas).
struct SignedInteger: ExpressibleByArgument, Sendable {
    /// The value.
    let value: Int64

    init?(argument: String) {
        guard let value = Int64(NegativeNumbers.unescape(argument)) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { String(value) }
}
