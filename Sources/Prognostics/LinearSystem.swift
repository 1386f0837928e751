/// Solves small dense linear systems (normal equations of least-squares fits).
enum LinearSystem {
    /// x with a·x = b by Gaussian elimination with partial pivoting; nil if `a` is singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var rhs = b
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }),
                  abs(m[pivot][column]) > 1e-300 else { return nil }
            m.swapAt(column, pivot)
            rhs.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                rhs[row] -= factor * rhs[column]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = rhs[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }

    /// Ordinary least-squares line through (t, z): (intercept, slope, residual sum of squares).
    static func line(t: [Double], z: [Double]) -> (intercept: Double, slope: Double, residual: Double)? {
        let n = Double(t.count)
        guard t.count >= 2 else { return nil }
        let mt = t.reduce(0, +) / n, mz = z.reduce(0, +) / n
        var stt = 0.0, stz = 0.0
        for (ti, zi) in zip(t, z) {
            stt += (ti - mt) * (ti - mt)
            stz += (ti - mt) * (zi - mz)
        }
        guard stt > 0 else { return nil }
        let slope = stz / stt
        let intercept = mz - slope * mt
        var residual = 0.0
        for (ti, zi) in zip(t, z) {
            let e = zi - intercept - slope * ti
            residual += e * e
        }
        return (intercept, slope, residual)
    }
}
