import Prognostics

/// What the service tells its observers (the console's live feed) once it has published it.
package enum ServiceUpdate: Sendable {
    case alarm(AlarmEvent)
    case estimate(RULEstimate, unit: String)
}
