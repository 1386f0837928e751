import PlantSimulator
import Testing

@Suite("Simulated plant")
struct SimulatedPlantTests {
    @Test("the same seed gives the same readings")
    func reproducible() {
        var a = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 7)
        var b = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 7)
        #expect(a.samples(at: 5) == b.samples(at: 5))
    }

    @Test("a degrading machine crosses zone D around its time to failure; healthy ones stay in zone A/B")
    func degradation() {
        var plant = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 1)
        func velocity(_ asset: String, at time: Double) -> Double {
            plant.samples(at: time).first { $0.asset == asset && $0.channel == "velocity_rms" }?.value ?? .nan
        }
        #expect(velocity("pump-1", at: 5) < 2.8)
        #expect(velocity("pump-1", at: 120) > 4.5)
        #expect(velocity("motor-1", at: 120) < 2.8)
    }
}
