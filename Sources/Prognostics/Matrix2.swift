/// A symmetric-friendly 2 × 2 matrix, enough for Bayesian line fits.
struct Matrix2: Sendable, Hashable {
    var a: Double, b: Double, c: Double, d: Double

    init(_ a: Double, _ b: Double, _ c: Double, _ d: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    var determinant: Double { a * d - b * c }

    /// The inverse, or nil when the matrix is singular.
    var inverse: Matrix2? {
        let det = determinant
        guard det.isFinite, abs(det) > 0 else { return nil }
        return Matrix2(d / det, -b / det, -c / det, a / det)
    }

    static func + (lhs: Matrix2, rhs: Matrix2) -> Matrix2 {
        Matrix2(lhs.a + rhs.a, lhs.b + rhs.b, lhs.c + rhs.c, lhs.d + rhs.d)
    }

    static func * (lhs: Matrix2, rhs: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(lhs.a * rhs.x + lhs.b * rhs.y, lhs.c * rhs.x + lhs.d * rhs.y)
    }

    static func * (lhs: Matrix2, scalar: Double) -> Matrix2 {
        Matrix2(lhs.a * scalar, lhs.b * scalar, lhs.c * scalar, lhs.d * scalar)
    }

    /// Lower Cholesky factor of a symmetric positive-definite matrix (nil if it is not).
    var cholesky: (l11: Double, l21: Double, l22: Double)? {
        guard a > 0 else { return nil }
        let l11 = a.squareRoot()
        let l21 = c / l11
        let rest = d - l21 * l21
        guard rest > 0 else { return nil }
        return (l11, l21, rest.squareRoot())
    }
}
