import Signals
import Testing

@Suite struct FeatureBucketerTests {
    @Test func summarisesEachBucketOnceTheNextBegins() throws {
        var bucketer = FeatureBucketer(width: 60)
        #expect(bucketer.add(time: 0, value: 1) == nil)
        #expect(bucketer.add(time: 30, value: 3) == nil)
        #expect(bucketer.add(time: 59.9, value: 2) == nil)
        let completed = bucketer.add(time: 125, value: 10)
        let first = try #require(completed)
        #expect(first.start == 0 && first.count == 3 && first.mean == 2 && first.minimum == 1 && first.maximum == 3
            && first.last == 2)
        #expect(bucketer.add(time: 110, value: 4) == nil) // late: folded into the open bucket
        let flushed = bucketer.flush()
        let open = try #require(flushed)
        #expect(open.start == 120 && open.count == 2 && open.mean == 7 && open.last == 4)
        #expect(bucketer.flush() == nil)
    }
}
