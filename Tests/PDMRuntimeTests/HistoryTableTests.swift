import PDMRuntime
import Prognostics
import Testing

@Suite struct HistoryTableTests {
    @Test func readsNumericTimeMissingCellsAndInterleavedAssets() throws {
        let table = try HistoryTable.parse("""
            asset,time,a,b
            m1,1,0.5,10
            m2,1,0.7,
            m1,2,0.6,11
            "m 3",5,1e-3,"12"
            """, file: "h.csv")
        #expect(table.channels == ["a", "b"])
        #expect(table.runs.map(\.asset) == ["m1", "m2", "m 3"])
        #expect(table.runs[0].times == [1, 2])
        #expect(table.runs[1].rows == [[0.7, nil]])
        #expect(table.runs[2].rows == [[0.001, 12]])
        #expect(!table.datedTime)
    }

    @Test func readsISO8601Time() throws {
        let table = try HistoryTable.parse("asset,time,v\r\nm1,2026-01-01T00:00:00Z,1\r\nm1,2026-01-01T01:00:00.5Z,2\r\n",
                                           file: "h.csv")
        #expect(table.datedTime)
        #expect(table.runs[0].times == [1_767_225_600, 1_767_229_200.5])
    }

    @Test(arguments: [
        ("", HistoryError(file: "h.csv", .empty)),
        ("machine,time,v\n", HistoryError(file: "h.csv", line: 1, column: 1, .missingColumn(expected: "asset", found: "machine"))),
        ("asset,t,v\n", HistoryError(file: "h.csv", line: 1, column: 2, .missingColumn(expected: "time", found: "t"))),
        ("asset,time\nm,1\n", HistoryError(file: "h.csv", line: 1, .noChannels)),
        ("asset,time,v,v\n", HistoryError(file: "h.csv", line: 1, column: 4, .duplicateColumn("v"))),
        ("asset,time,v\n", HistoryError(file: "h.csv", line: 1, .noRows)),
        ("asset,time,v\nm,1,2\nm,2\n", HistoryError(file: "h.csv", line: 3, .fieldCount(expected: 3, found: 2))),
        ("asset,time,v,w\nm,1,2,3\n\nm,2,2,x7\n", HistoryError(file: "h.csv", line: 4, column: 4, .notNumeric(column: "w", text: "x7"))),
        ("asset,time,v\nm,1,NaN\n", HistoryError(file: "h.csv", line: 2, column: 3, .notNumeric(column: "v", text: "NaN"))),
        ("asset,time,v\nm,yesterday,1\n", HistoryError(file: "h.csv", line: 2, column: 2, .invalidTime(text: "yesterday"))),
        ("asset,time,v\nm,1,1\nm,2026-01-01T00:00:00Z,1\n", HistoryError(file: "h.csv", line: 3, column: 2, .mixedTimeFormats)),
        ("asset,time,v\nm,2,1\nn,1,1\nm,2,1\n", HistoryError(file: "h.csv", line: 4, column: 2,
                                                             .timeNotIncreasing(asset: "m", time: "2", previous: "2"))),
        ("asset,time,v\n,1,1\n", HistoryError(file: "h.csv", line: 2, column: 1, .emptyAsset)),
        ("asset,time,v\n\"m,1,1\n", HistoryError(file: "h.csv", line: 2, .unterminatedQuote)),
    ])
    func badInputNamesFileLineAndColumn(text: String, expected: HistoryError) {
        #expect(throws: expected) { try HistoryTable.parse(text, file: "h.csv") }
    }

    @Test func messagesReadWell() {
        let error = HistoryError(file: "train.csv", line: 12, column: 5, .notNumeric(column: "s3", text: "abc"))
        #expect(error.description == "train.csv:12:5: `s3` is not a number: \"abc\"")
    }

    @Test func appendsAnotherFileWithTheSameChannels() throws {
        var table = try HistoryTable.parse("asset,time,v\nm,1,1\n", file: "a.csv")
        try table.append(try HistoryTable.parse("asset,time,v\nm,1,2\nn,1,3\n", file: "b.csv"), file: "b.csv")
        #expect(table.runs.map(\.asset) == ["m", "m@b.csv", "n"])
        #expect(throws: HistoryError(file: "c.csv", line: 1, .channelsDiffer(expected: ["v"], found: ["w"]))) {
            try table.append(try HistoryTable.parse("asset,time,w\nm,1,2\n", file: "c.csv"), file: "c.csv")
        }
    }
}
