import RealModule

/// Standard normal deviates from any random number generator (Box–Muller), so Monte Carlo
/// estimates reproduce exactly from a seed.
enum Gaussian {
    static func pair(using generator: inout some RandomNumberGenerator) -> (Double, Double) {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        let radius = (-2 * Double.log(u)).squareRoot()
        let angle = 2 * Double.pi * v
        return (radius * Double.cos(angle), radius * Double.sin(angle))
    }
}
