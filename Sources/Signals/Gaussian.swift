#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal deviates from any random number generator (Box–Muller), so simulations and
/// Monte Carlo estimates reproduce exactly from a seed.
package enum Gaussian {
    /// Two independent standard normal deviates.
    package static func pair(using generator: inout some RandomNumberGenerator) -> (Double, Double) {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        let radius = (-2 * log(u)).squareRoot()
        let angle = 2 * Double.pi * v
        return (radius * cos(angle), radius * sin(angle))
    }

    /// One normal deviate with standard deviation `sigma`.
    package static func sample(_ sigma: Double, using generator: inout some RandomNumberGenerator) -> Double {
        sigma * pair(using: &generator).0
    }
}

extension Gaussian {
    /// The probability that a standard normal deviate exceeds `z`.
    package static func upperTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// The `z` a standard normal deviate exceeds with probability `p` (0 < p < 1): a rational
    /// first guess refined by Newton steps on the upper tail.
    package static func upperQuantile(_ p: Double) -> Double {
        guard p > 0 else { return .infinity }
        guard p < 1 else { return -.infinity }
        if p > 0.5 { return -upperQuantile(1 - p) }
        // Tail approximation (Abramowitz and Stegun 26.2.23), then Newton on Q(z) = p.
        let t = (-2 * log(p)).squareRoot()
        var z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
        for _ in 0..<3 {
            let density = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            guard density > 0 else { break }
            z += (upperTail(z) - p) / density
        }
        return z
    }
}
