/// The envelope-spectrum lines each bearing fault produces: harmonics of its defect frequency and,
/// for an inner-race defect (which turns with the shaft through the load zone), sidebands at the
/// shaft speed. Shaft harmonics are listed too, as lines that explain a peak without a fault.
package struct DefectLines: Sendable, Hashable {
    /// One expected line.
    package struct Line: Sendable, Hashable {
        /// The fault it is evidence of; nil for a shaft harmonic.
        package var fault: BearingFault?
        package var frequency: Double
    }

    package let lines: [Line]
    /// The highest frequency any fault line reaches, with room for its floor either side.
    package let top: Double

    /// Harmonics of each defect frequency that are looked at.
    package static let harmonics = 3

    /// - Parameters:
    ///   - shaftSpeed: rotations per second; without it there are no sidebands and no shaft lines.
    package init(defects: DefectFrequencies, shaftSpeed: Double?) {
        var lines: [Line] = []
        let speed = shaftSpeed.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        for harmonic in 1...Self.harmonics {
            let h = Double(harmonic)
            if defects.bpfo > 0 { lines.append(Line(fault: .outerRace, frequency: h * defects.bpfo)) }
            if defects.bpfi > 0 {
                lines.append(Line(fault: .innerRace, frequency: h * defects.bpfi))
                if let speed {
                    lines.append(Line(fault: .innerRace, frequency: h * defects.bpfi - speed))
                    lines.append(Line(fault: .innerRace, frequency: h * defects.bpfi + speed))
                }
            }
            // A ball defect strikes both races once per spin of the ball.
            if defects.bsf > 0 { lines.append(Line(fault: .ball, frequency: 2 * h * defects.bsf)) }
            if defects.ftf > 0 { lines.append(Line(fault: .cage, frequency: h * defects.ftf)) }
        }
        let highest = lines.map(\.frequency).max() ?? 0
        let margin = 2 * (speed ?? 0.15 * highest)
        top = highest + margin
        if let speed {
            var multiple = 1.0
            while multiple * speed <= top && multiple <= 1000 {
                lines.append(Line(fault: nil, frequency: multiple * speed))
                multiple += 1
            }
        }
        self.lines = lines.filter { $0.frequency > 0 && $0.frequency.isFinite }
        self.shaftSpeed = speed
    }

    /// The shaft speed in Hz, when known.
    package let shaftSpeed: Double?

    /// The line nearest to `frequency`.
    func nearest(to frequency: Double) -> Line? {
        lines.min { abs($0.frequency - frequency) < abs($1.frequency - frequency) }
    }
}
