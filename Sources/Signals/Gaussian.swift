#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal deviates from any random number generator (Box–Muller), so simulations and
/// Monte Carlo estimates reproduce exactly from a seed.
public enum Gaussian {
    /// Two independent standard normal deviates.
    public static func pair(using generator: inout some RandomNumberGenerator) -> (Double, Double) {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        let radius = (-2 * log(u)).squareRoot()
        let angle = 2 * Double.pi * v
        return (radius * cos(angle), radius * sin(angle))
    }

    /// One normal deviate with standard deviation `sigma`.
    public static func sample(_ sigma: Double, using generator: inout some RandomNumberGenerator) -> Double {
        sigma * pair(using: &generator).0
    }
}
