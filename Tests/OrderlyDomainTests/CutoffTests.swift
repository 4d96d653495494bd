// Cutoffs and ship-by dates across time zones and daylight-saving changes, table-driven over
// the system's tzdata; and the POSIX footer rule checked against the TZif transition table.
import Testing
@testable import OrderlyDomain

/// An instant from UTC calendar fields.
func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Timestamp {
    Timestamp(seconds: CivilDate.daysFromCivil(y, m, d) * 86_400 + Int64(h * 3600 + mi * 60 + s))
}

struct CutoffCase: Sendable, CustomTestStringConvertible {
    var name: String
    var zone: String
    var cutoff: String
    var handlingDays: Int32 = 0
    var now: Timestamp
    var shipBy: Timestamp
    var testDescription: String { name }
}

@Suite struct CutoffTests {
    static let cases: [CutoffCase] = [
        CutoffCase(name: "Berlin winter, before the cutoff: today 15:00 CET", zone: "Europe/Berlin", cutoff: "15:00",
                   now: utc(2026, 3, 27, 10), shipBy: utc(2026, 3, 27, 14)),
        CutoffCase(name: "Berlin winter, after the cutoff: tomorrow", zone: "Europe/Berlin", cutoff: "15:00",
                   now: utc(2026, 3, 27, 14, 30), shipBy: utc(2026, 3, 28, 14)),
        CutoffCase(name: "Berlin, exactly at the cutoff ships today", zone: "Europe/Berlin", cutoff: "15:00",
                   now: utc(2026, 3, 27, 14), shipBy: utc(2026, 3, 27, 14)),
        CutoffCase(name: "Berlin, next cutoff on the spring-forward Sunday is 15:00 CEST",
                   zone: "Europe/Berlin", cutoff: "15:00", now: utc(2026, 3, 28, 14, 30), shipBy: utc(2026, 3, 29, 13)),
        CutoffCase(name: "Berlin, handling days across the March change keep 15:00 local",
                   zone: "Europe/Berlin", cutoff: "15:00", handlingDays: 2, now: utc(2026, 3, 28, 10),
                   shipBy: utc(2026, 3, 30, 13)),
        CutoffCase(name: "Berlin, next cutoff on the fall-back Sunday is 15:00 CET",
                   zone: "Europe/Berlin", cutoff: "15:00", now: utc(2026, 10, 24, 14, 30), shipBy: utc(2026, 10, 25, 14)),
        CutoffCase(name: "Berlin, handling days across the October change",
                   zone: "Europe/Berlin", cutoff: "15:00", handlingDays: 1, now: utc(2026, 10, 24, 9),
                   shipBy: utc(2026, 10, 25, 14)),
        CutoffCase(name: "Berlin, a cutoff inside the spring gap lands after it (03:30 CEST)",
                   zone: "Europe/Berlin", cutoff: "02:30", now: utc(2026, 3, 28, 2), shipBy: utc(2026, 3, 29, 1, 30)),
        CutoffCase(name: "Berlin, a cutoff inside the autumn overlap is its first occurrence",
                   zone: "Europe/Berlin", cutoff: "02:30", now: utc(2026, 10, 24, 1), shipBy: utc(2026, 10, 25, 0, 30)),
        CutoffCase(name: "New York, local evening is the next UTC day", zone: "America/New_York", cutoff: "17:00",
                   now: utc(2026, 3, 6, 1), shipBy: utc(2026, 3, 6, 22)),
        CutoffCase(name: "New York, after the cutoff the day before spring forward: 17:00 EDT",
                   zone: "America/New_York", cutoff: "17:00", now: utc(2026, 3, 7, 23), shipBy: utc(2026, 3, 8, 21)),
        CutoffCase(name: "New York, after the cutoff the day before fall back: 17:00 EST",
                   zone: "America/New_York", cutoff: "17:00", now: utc(2026, 10, 31, 22), shipBy: utc(2026, 11, 1, 22)),
        CutoffCase(name: "New York, handling days over the November change",
                   zone: "America/New_York", cutoff: "17:00", handlingDays: 3, now: utc(2026, 10, 30, 12),
                   shipBy: utc(2026, 11, 2, 22)),
        CutoffCase(name: "Kolkata, a half-hour offset", zone: "Asia/Kolkata", cutoff: "12:00",
                   now: utc(2026, 6, 1, 5), shipBy: utc(2026, 6, 1, 6, 30)),
        CutoffCase(name: "Sydney, southern summer (AEDT)", zone: "Australia/Sydney", cutoff: "15:00",
                   now: utc(2026, 1, 15, 1), shipBy: utc(2026, 1, 15, 4)),
        CutoffCase(name: "Berlin 2040 summer, past the transition table (footer rule)", zone: "Europe/Berlin",
                   cutoff: "15:00", now: utc(2040, 7, 1, 10), shipBy: utc(2040, 7, 1, 13)),
        CutoffCase(name: "Berlin 2040 winter (footer rule)", zone: "Europe/Berlin", cutoff: "15:00",
                   now: utc(2040, 12, 1, 10), shipBy: utc(2040, 12, 1, 14)),
        CutoffCase(name: "Sydney 2045 winter and summer (footer rule, daylight spans the new year)",
                   zone: "Australia/Sydney", cutoff: "15:00", now: utc(2045, 7, 15, 1), shipBy: utc(2045, 7, 15, 5)),
        CutoffCase(name: "Sydney 2045 summer (footer rule)", zone: "Australia/Sydney", cutoff: "15:00",
                   now: utc(2045, 1, 15, 1), shipBy: utc(2045, 1, 15, 4)),
        CutoffCase(name: "empty zone and cutoff: UTC, 23:59", zone: "", cutoff: "",
                   now: utc(2026, 5, 1, 23, 59, 30), shipBy: utc(2026, 5, 2, 23, 59)),
    ]

    @Test(arguments: cases) func shipBy(_ c: CutoffCase) throws {
        let zone = try #require(TimeZones.named(c.zone), "zone \(c.zone) not in tzdata")
        let minutes = try #require(Cutoff.minutes(c.cutoff))
        let cutoff = Cutoff(zone: zone, minuteOfDay: minutes)
        let got = cutoff.shipBy(now: c.now, handlingDays: c.handlingDays)
        #expect(got == c.shipBy, "\(StoreState.format(got)) ≠ \(StoreState.format(c.shipBy))")
    }

    @Test func transitDaysAreLocalCalendarDaysAcrossDaylightSaving() throws {
        let berlin = Cutoff(zone: try #require(TimeZones.named("Europe/Berlin")), minuteOfDay: 15 * 60)
        // Saturday 15:00 CET + 1 day = Sunday 15:00 CEST (23 hours later).
        #expect(berlin.adding(days: 1, to: utc(2026, 3, 28, 14)) == utc(2026, 3, 29, 13))
        #expect(berlin.adding(days: 2, to: utc(2026, 10, 24, 13)) == utc(2026, 10, 26, 14))
        #expect(berlin.adding(days: 0, to: utc(2026, 10, 24, 13)) == utc(2026, 10, 24, 13))
    }

    @Test func offsetsMatchKnownValues() throws {
        let ny = try #require(TimeZones.named("America/New_York"))
        #expect(ny.offset(atUTC: utc(2026, 1, 10).seconds) == -5 * 3600)
        #expect(ny.offset(atUTC: utc(2026, 7, 10).seconds) == -4 * 3600)
        // The change instant itself: 2026-03-08 07:00Z.
        #expect(ny.offset(atUTC: utc(2026, 3, 8, 6, 59, 59).seconds) == -5 * 3600)
        #expect(ny.offset(atUTC: utc(2026, 3, 8, 7).seconds) == -4 * 3600)
    }

    /// The footer rule alone must give the same offsets as the transition table wherever the
    /// table still has entries (2026...2036), hour by hour.
    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Sao_Paulo", "Asia/Tokyo"])
    func footerAgreesWithTable(_ name: String) throws {
        let zone = try #require(TimeZones.named(name))
        let bytes = try #require(Self.footer(of: name))
        let rule = try #require(PosixZoneRule.parse(bytes), "footer \(bytes) does not parse")
        var t = utc(2026, 1, 1).seconds
        let end = utc(2036, 12, 31).seconds
        while t < end {
            #expect(rule.offset(atUTC: t) == zone.offset(atUTC: t), "\(name) at \(t)")
            if rule.offset(atUTC: t) != zone.offset(atUTC: t) { return }
            t += 3600
        }
    }

    @Test func zoneNamesAreChecked() {
        #expect(TimeZones.named("Europe/Berlin") != nil)
        #expect(TimeZones.named("")?.name == "UTC")
        for bad in ["Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "Europe/../Europe/Berlin", "Europe/Berlin\u{0}",
                    "Europe//Berlin", "Europe/Berlin/"] {
            #expect(TimeZones.named(bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [("15:00", 900), ("00:00", 0), ("23:59", 1439), ("", 1439)])
    func cutoffParses(_ text: String, _ minutes: Int) {
        #expect(Cutoff.minutes(text) == minutes)
    }

    @Test(arguments: ["24:00", "9:00", "09:60", "0900", "09:00 ", "ab:cd", "-1:00"])
    func badCutoffIsRefused(_ text: String) {
        #expect(Cutoff.minutes(text) == nil)
    }

    /// The last line of a TZif file: its POSIX TZ string.
    static func footer(of name: String) -> String? {
        guard let rules = TimeZones.named(name) else { return nil }
        _ = rules
        guard let f = fopen(TimeZones.directory + "/" + name, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var c = fgetc(f)
        while c != EOF {
            bytes.append(UInt8(c))
            c = fgetc(f)
        }
        guard bytes.last == 0x0A, let start = bytes.dropLast().lastIndex(of: 0x0A) else { return nil }
        return String(decoding: bytes[(start + 1)..<(bytes.count - 1)], as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#endif
