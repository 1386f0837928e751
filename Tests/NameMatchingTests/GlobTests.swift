import NameMatching
import Testing

@Suite struct GlobTests {
    @Test func patterns() {
        #expect(Glob.matches("*", "engine-001"))
        #expect(Glob.matches("pump-*", "pump-7"))
        #expect(!Glob.matches("pump-*", "fan-7"))
        #expect(Glob.matches("p?mp-*-a", "pump-12-a"))
        #expect(!Glob.matches("p?mp", "pmp"))
        #expect(Glob.matches("*a*b", "xxaxxb"))
        #expect(!Glob.matches("*a*b", "xxaxxbc"))
    }
}
