// The pure logic behind issue 14's CLI polish: enum names in server messages written the CLI's
// way, and stock CSV rows mapped back to their file lines.
import OrderlyMessages
import Testing
@testable import orderly

@Suite struct CLIPolishTests {
    @Test func enumNamesInMessagesBecomeKebabSpellings() {
        #expect(ErrorText.translate("order o-7 cannot be cancelled: it is ORDER_STATUS_PARTIALLY_SHIPPED and has shipped units")
            == "order o-7 cannot be cancelled: it is partially-shipped and has shipped units")
        #expect(ErrorText.translate("return r-1 is RETURN_STATUS_APPROVED, expected RETURN_STATUS_REQUESTED")
            == "return r-1 is approved, expected requested")
        #expect(ErrorText.translate("channel_order_ref x of channel SALES_CHANNEL_MOBILE_APP")
            == "channel_order_ref x of channel mobile-app")
    }

    @Test func otherCapitalsAreLeftAlone() {
        let message = "SKU-1 at WH_1: ORDER_STATUS_NO_SUCH value, UNKNOWN, shipping_address"
        #expect(ErrorText.translate(message) == message)
        #expect(ErrorText.translate("") == "")
    }

    @Test func serverRowErrorsGetTheirFileLines() {
        var file = StockFile()
        file.lines = [2, 4, 6]
        #expect(file.locate("row 2: location nowhere does not exist") == "line 4 (row 2): location nowhere does not exist")
        #expect(file.locate("row 9: beyond what was sent") == "row 9: beyond what was sent")
        #expect(file.locate("something else") == "something else")
    }

    @Test func malformedRowsAreDescribedWithTheirLine() {
        let columns = ["location_id", "sku", "on_hand"]
        #expect(throws: CommandFailure.self) { try StockCSV.row(["w", "A"], columns: columns, line: 5) }
        let row = try? StockCSV.row(StockCSV.split(#"w,"A,1",7"#), columns: columns, line: 2)
        #expect(row?.sku == "A,1" && row?.onHand == 7)
    }
}
