import AlarmEngine
import PDMConfig
import Prognostics
import Signals
import Sparkplug

/// The pure core of `pdm run`: message in, decisions out. Maps topics to assets and channels,
/// parses readings and waveform blocks, screens them (late, out of range), keeps streaming
/// features per channel, turns waveform blocks into condition indicators (derived channels
/// `<channel>.<indicator>`), feeds each asset's prognostic model, and keeps threshold state per
/// asset and rule.
package struct IngestPipeline: Sendable {
    /// What became of one message.
    package enum Output: Sendable {
        /// A reading that passed screening, measured or derived from a waveform block.
        case reading(Reading)
        /// The condition indicators of a waveform block.
        case waveform(asset: String, channel: String, time: Double, features: WaveformFeatures)
        /// A new remaining-useful-life estimate.
        case estimate(RULEstimate, unit: String)
        /// What the alarm engine decided (journal entries, records, notifications), to persist in
        /// this order.
        case alarms([AlarmAction])
        case rejected(ReadingError)
        /// A Sparkplug command to publish (a rebirth request to an edge node).
        case sparkplugCommand(topic: String, payload: [UInt8])
    }

    struct ChannelKey: Hashable, Sendable {
        var asset: String
        var channel: String
    }

    /// A completed bucket of a channel's feature history.
    package struct FeatureBucket: Sendable {
        package var asset: String
        package var channel: String
        package var bucket: FeatureBucketer.Bucket
    }

    /// What is kept per channel, updated in place by each reading (a copy taken out and stored back
    /// would copy the window on every reading).
    private struct ChannelState: Sendable {
        /// Nil until the channel's first reading under the current settings.
        var monitor: ChannelMonitor?
        /// The open bucket of the feature history, when one is kept.
        var history: FeatureBucketer?

        mutating func add(time: Double, value: Double) -> Result<ChannelFeatures, ChannelMonitor.Refusal>? {
            monitor?.add(time: time, value: value)
        }

        /// Adds the reading to the feature history; returns the bucket it completed, if any.
        mutating func record(time: Double, value: Double, width: Double) -> FeatureBucketer.Bucket? {
            if history == nil { history = FeatureBucketer(width: width) }
            return history?.add(time: time, value: value)
        }
    }

    package private(set) var configuration: PDMConfiguration
    private let parser = ReadingParser()
    private var monitorSettings: ChannelMonitor.Settings
    /// One copy of the settings (and their limits) for every channel's monitor.
    private var monitorTuning: ChannelMonitor.Tuning
    /// Each channel's place in `channelStates`: the states themselves sit in one dense array, as a
    /// dictionary's spare buckets would each hold a whole state.
    private var channelSlots: [ChannelKey: Int] = [:]
    private var channelStates: [ChannelState] = []
    /// Width (seconds) of the feature history's buckets; nil keeps no history.
    private let featureBucket: Double?
    /// Feature-history buckets completed and not taken yet.
    private var completedBuckets: [FeatureBucket] = []
    private var analyzers: [String: WaveformAnalyzer] = [:]
    /// Asset and channel of topics seen before (a plant has a fixed set of topics); bounded by
    /// ``routeLimit``, beyond which it starts over.
    private var routes: [String: (asset: String, channel: String?)] = [:]
    /// Topics remembered at most: several times the largest plant's, so a plant's own topics never
    /// make the cache start over on every round of readings.
    static let routeLimit = 1_000_000
    /// The alarm engine.
    package internal(set) var alarms: AlarmCore
    package private(set) var models: ModelLibrary
    /// Each asset's place in `prognosers` (made on the asset's first reading).
    private var prognoserSlots: [String: Int] = [:]
    /// Each asset's prognoser, in one dense array; nil when no model applies to the asset.
    private var prognosers: [AssetPrognoser?] = []
    /// The models in use, each held once for all its assets (by name and version).
    private var sharedModels: [String: PrognosticModel.Shared] = [:]
    /// Saved prognoses not taken up yet: each is restored when its asset's prognoser is made.
    private var savedPrognoses: [String: AssetPrognoser.Snapshot]
    /// Trends toward a failure level of channels of assets no model covers; nil where the failure
    /// level was refused.
    private var trends: [ChannelKey: TrendPrognoser?] = [:]
    /// The Sparkplug B edge nodes' sessions, when `sparkplug:` is configured.
    var sparkplug: SparkplugHost?
    /// Channels whose source went stale (a Sparkplug death, a gateway's error code): left out of
    /// the models until their next fresh reading.
    var staleChannels: Set<ChannelKey> = []
    /// Assets whose communication-lost observation is active, until their next fresh reading.
    var staleAssets: Set<String> = []

    /// - Parameters:
    ///   - restoring: alarm records from the database, so the engine continues where it stopped.
    ///   - prognoses: saved prognosis state by asset, so estimates carry on where they stopped
    ///     (a snapshot made under another model, or another version, is ignored).
    ///   - featureBucket: keeps each channel's feature history in buckets of this width (seconds,
    ///     positive), for ``takeFeatureBuckets(flushing:)``; nil keeps none.
    package init(configuration: PDMConfiguration, models: ModelLibrary = ModelLibrary(), restoring: [Alarm] = [],
                prognoses: [String: AssetPrognoser.Snapshot] = [:], now: Double = 0, featureBucket: Double? = nil) {
        self.configuration = configuration
        self.featureBucket = featureBucket.flatMap { $0 > 0 ? $0 : nil }
        savedPrognoses = prognoses
        self.models = models
        alarms = AlarmCore(settings: configuration.alarms, restoring: restoring, now: now)
        monitorSettings = configuration.channelMonitorSettings
        monitorTuning = ChannelMonitor.Tuning(monitorSettings)
        sparkplug = configuration.sparkplug.map { SparkplugHost(rebirthInterval: $0.rebirthInterval, ignoring: Self.ownEdgeNode($0)) }
    }

    /// Uses `new` from now on (a reloaded alarms.yaml). Alarms keep their state; streaming
    /// features are kept unless their settings changed; waveform analysis and each asset's model
    /// settings are taken afresh.
    package mutating func reconfigure(_ new: PDMConfiguration, now: Double) {
        let current = alarms.alarms
        if new.channelMonitorSettings != monitorSettings {
            // Statistics start afresh; the feature history's open buckets carry on.
            for slot in channelStates.indices {
                channelStates[slot].monitor = nil
            }
        }
        analyzers = [:]
        if new.prognostics.trend != configuration.prognostics.trend || new.assetClasses != configuration.assetClasses
            || new.assets != configuration.assets {
            trends = [:]
        }
        let intervalChanged = new.prognostics.interval?.lower != configuration.prognostics.interval?.lower
            || new.prognostics.interval?.upper != configuration.prognostics.interval?.upper
        configuration = new
        routes.removeAll()
        monitorSettings = new.channelMonitorSettings
        monitorTuning = ChannelMonitor.Tuning(monitorSettings)
        alarms = AlarmCore(settings: new.alarms, restoring: current, now: now)
        if let settings = new.sparkplug {
            if sparkplug == nil { sparkplug = SparkplugHost() }
            sparkplug?.rebirthInterval = settings.rebirthInterval
            sparkplug?.ignoring = Self.ownEdgeNode(settings)
        } else {
            sparkplug = nil
        }
        if intervalChanged {
            prognoserSlots = [:]
            prognosers = []
            sharedModels = [:]
        }
    }

    /// Uses `library` from now on. Assets whose model is unchanged (same name and version) keep
    /// their state; the others start afresh with their new model.
    package mutating func replaceModels(_ library: ModelLibrary) {
        models = library
        sharedModels = [:]
        for (asset, slot) in prognoserSlots {
            let next = Self.model(for: asset, in: library, configuration: configuration)
            if next?.name != prognosers[slot]?.model.name || next?.version != prognosers[slot]?.model.version {
                prognosers[slot] = next.map { AssetPrognoser(asset: asset, shared: shared($0)) }
            }
        }
    }

    /// Handles one message; `receivedAt` (Unix seconds) stands in for a missing `ts`.
    package mutating func handle(topic: String, payload: [UInt8], receivedAt: Double) -> [Output] {
        if sparkplug != nil, SparkplugTopic.isSparkplug(topic) {
            return handleSparkplug(topic: topic, payload: payload, receivedAt: receivedAt)
        }
        var route = routes[topic]
        if route == nil {
            for subscription in configuration.subscriptions {
                if let parts = subscription.template.match(topic), let asset = parts["asset"] {
                    route = (asset, parts["channel"] ?? subscription.channel)
                    break
                }
            }
            if let route {
                if routes.count >= Self.routeLimit { routes.removeAll(keepingCapacity: true) }
                routes[topic] = route
            }
        }
        guard let route else { return [.rejected(.unmappedTopic(topic))] }
        let parsed: ReadingParser.Payload
        do {
            parsed = try parser.parsePayload(payload, topic: topic, asset: route.asset, channel: route.channel,
                                             receivedAt: receivedAt)
        } catch {
            return [.rejected(error)]
        }
        var outputs: [Output] = []
        switch parsed {
        case .readings(let readings):
            for reading in readings where isTimely(reading.time, reading.asset, reading.channel, topic, receivedAt, &outputs) {
                apply(reading, topic: topic, now: receivedAt, into: &outputs)
            }
        case .waveform(let block):
            if isTimely(block.time, block.asset, block.channel, topic, receivedAt, &outputs) {
                analyze(block, topic: topic, now: receivedAt, into: &outputs)
            }
        case .gateway(let readings, let faults, let rejected):
            outputs += rejected.map(Output.rejected)
            for reading in readings where isTimely(reading.time, reading.asset, reading.channel, topic, receivedAt, &outputs) {
                apply(reading, topic: topic, now: receivedAt, into: &outputs)
            }
            for fault in faults {
                outputs.append(.rejected(.gatewayError(topic: topic, asset: fault.asset, channel: fault.channel, code: fault.code)))
                // A tag in error has no current value: the model does not carry its last one forward.
                markStale(asset: fault.asset, channel: fault.channel)
                let actions = alarms.observe(.sensorFault(asset: fault.asset, channel: fault.channel, code: fault.code),
                                             now: receivedAt, sensorHealthOnly: true)
                if !actions.isEmpty { outputs.append(.alarms(actions)) }
            }
        }
        return outputs
    }

    /// Whether a reading dated `time` may count: not further ahead of its arrival than
    /// `ingest.max_future` (a clock set wrong would otherwise make every later reading late).
    func isTimely(_ time: Double, _ asset: String, _ channel: String, _ topic: String, _ receivedAt: Double,
                          _ outputs: inout [Output]) -> Bool {
        let limit = configuration.ingest.maxFuture
        guard time - receivedAt > limit else { return true }
        outputs.append(.rejected(.future(topic: topic, asset: asset, channel: channel, time: time, receivedAt: receivedAt,
                                         limit: limit)))
        return false
    }

    /// Leaves a channel's last value out of its asset's model until the channel's next fresh
    /// reading (its source went stale).
    mutating func markStale(asset: String, channel: String) {
        staleChannels.insert(ChannelKey(asset: asset, channel: channel))
        if let slot = prognoserSlots[asset] { prognosers[slot]?.forget(channel: channel) }
    }

    /// Advances the alarm engine's clock: delays, sensor-health timers, shelves, escalation.
    package mutating func tick(now: Double) -> [AlarmAction] {
        let actions = alarms.tick(now: now)
        // A channel silent for its no_data time is stale: its last value is not carried into the
        // model until it reads again (its next reading ends it, as for any stale channel).
        for case .journal(let entry) in actions where entry.cause == .conditionActive {
            if let rule = alarms.rule(named: entry.key.rule), case .noData = rule.condition, let channel = rule.channel {
                markStale(asset: entry.key.asset, channel: channel)
            }
        }
        return actions
    }

    /// Applies an operator command through the alarm engine.
    package mutating func apply(_ command: OperatorCommand, now: Double) throws(AlarmCommandError) -> [AlarmAction] {
        try alarms.apply(command, now: now)
    }

    /// Sets an asset's operating state (stopped, maintenance, …) for suppression by design.
    package mutating func setAssetState(_ asset: String, to state: String?, now: Double) -> [AlarmAction] {
        alarms.setAssetState(asset, to: state, now: now)
    }

    /// Handles a reading that arrives already parsed (`pdm replay` of a history file); `source`
    /// stands for the topic in rejections. Its time is in the history's own unit (cycles, hours or
    /// Unix seconds), so no calendar range applies; the model refuses a time it cannot place.
    package mutating func ingest(_ reading: Reading, source: String) -> [Output] {
        guard reading.value.isFinite else {
            return [.rejected(.invalidValue(topic: source, channel: reading.channel, detail: "not a finite number"))]
        }
        var outputs: [Output] = []
        apply(reading, topic: source, now: reading.time, into: &outputs)
        return outputs
    }

    /// Handles a waveform block that arrives already parsed (`pdm replay --waveform` of a recording);
    /// `source` stands for the topic in rejections. Its time is the recording's own.
    package mutating func ingest(_ block: WaveformBlock, source: String) -> [Output] {
        var outputs: [Output] = []
        analyze(block, topic: source, now: block.time, into: &outputs)
        return outputs
    }

    /// Monitors `asset` by its rules alone: no model is applied to it (one whose channels the
    /// asset does not have).
    package mutating func withoutModel(for asset: String) {
        if let slot = prognoserSlots[asset] {
            prognosers[slot] = nil
        } else {
            prognoserSlots[asset] = prognosers.count
            prognosers.append(nil)
        }
    }

    /// Closes the open time step of `asset`'s model (the end of a recording) and returns its estimate.
    package mutating func finish(asset: String) -> [Output] {
        guard let slot = prognoserSlots[asset], let estimate = prognosers[slot]?.finish(),
              let unit = prognosers[slot]?.model.timeUnit else { return [] }
        var outputs: [Output] = [.estimate(estimate, unit: unit)]
        observeLife(estimate, now: estimate.time, into: &outputs)
        return outputs
    }

    private mutating func observeLife(_ estimate: RULEstimate, now: Double, into outputs: inout [Output]) {
        let actions = alarms.observe(.remainingLife(asset: estimate.asset, median: estimate.rul, lower: estimate.lower,
                                                    upper: estimate.upper), now: now)
        if !actions.isEmpty { outputs.append(.alarms(actions)) }
    }

    private mutating func analyze(_ block: WaveformBlock, topic: String, now: Double, into outputs: inout [Output]) {
        if analyzers[block.asset] == nil {
            analyzers[block.asset] = WaveformAnalyzer(analysis: configuration.waveformAnalysis(for: block.asset))
        }
        // In place: the analyzer's buffers are not copied per block.
        let result: Result<WaveformFeatures?, SignalError>
        do throws(SignalError) {
            result = .success(try analyzers[block.asset]?.analyze(block.samples, sampleRate: block.sampleRate,
                                                                   channel: block.channel))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(nil):
            break
        case .failure(let error):
            outputs.append(.rejected(.unanalysable(topic: topic, channel: block.channel, detail: "\(error)")))
        case .success(let indicators?):
            outputs.append(.waveform(asset: block.asset, channel: block.channel, time: block.time, features: indicators))
            for (name, value) in indicators.scalars {
                apply(Reading(asset: block.asset, channel: block.channel + "." + name, time: block.time, value: value),
                      topic: topic, now: now, into: &outputs)
            }
        }
    }

    mutating func apply(_ reading: Reading, topic: String, now: Double, into outputs: inout [Output], fresh: Bool = true) {
        if fresh, !staleChannels.isEmpty || !staleAssets.isEmpty { refresh(reading, now: now, into: &outputs) }
        if let range = configuration.statistics.ranges[reading.channel], !range.contains(reading.value) {
            outputs.append(.rejected(.outOfRange(topic: topic, asset: reading.asset, channel: reading.channel,
                                                 value: reading.value, range: range)))
            let actions = alarms.observe(.reading(asset: reading.asset, channel: reading.channel, value: reading.value),
                                         now: now, sensorHealthOnly: true)
            if !actions.isEmpty { outputs.append(.alarms(actions)) }
            return
        }
        let key = ChannelKey(asset: reading.asset, channel: reading.channel)
        let prognoser = prognoserSlot(for: reading.asset)
        let modelled = prognosers[prognoser] != nil
        let slot: Int
        if let known = channelSlots[key] {
            slot = known
        } else {
            slot = channelStates.count
            channelStates.append(ChannelState())
            channelSlots[key] = slot
        }
        if channelStates[slot].monitor == nil {
            let baseline = prognosers[prognoser]?.model.baselines?[reading.channel]
            channelStates[slot].monitor = ChannelMonitor(tuning: monitorTuning, baseline: baseline)
        }
        let channelFeatures: ChannelFeatures
        switch channelStates[slot].add(time: reading.time, value: reading.value) {
        case nil:
            return  // not reached: the monitor was made above
        case .failure(.late(let newest)):
            outputs.append(.rejected(.late(topic: topic, asset: reading.asset, channel: reading.channel,
                                           time: reading.time, newest: newest)))
            return
        case .failure(.notFinite):
            outputs.append(.rejected(.invalidValue(topic: topic, channel: reading.channel, detail: "not a finite number")))
            return
        case .success(let computed):
            channelFeatures = computed
        }
        outputs.append(.reading(reading))
        if let width = featureBucket, let bucket = channelStates[slot].record(time: reading.time, value: reading.value, width: width) {
            completedBuckets.append(FeatureBucket(asset: reading.asset, channel: reading.channel, bucket: bucket))
        }

        if modelled {
            // In place: the prognoser's state is not copied per reading.
            switch prognosers[prognoser]?.observe(channel: reading.channel, time: reading.time, value: reading.value) {
            case .accepted(let estimate?):
                outputs.append(.estimate(estimate, unit: prognosers[prognoser]?.model.timeUnit ?? ""))
                observeLife(estimate, now: now, into: &outputs)
            case .rejected(let rejection):
                outputs.append(.rejected(.refusedByModel(topic: topic, asset: reading.asset, reason: rejection.reason,
                                                         detail: rejection.description)))
            case .accepted(nil), .ignored, nil:
                break
            }
        } else {
            trend(reading, baseline: channelStates[slot].monitor?.baseline, features: channelFeatures, topic: topic, now: now,
                  into: &outputs)
        }

        let actions = alarms.observe(.reading(asset: reading.asset, channel: reading.channel, value: reading.value,
                                              rate: channelFeatures.rateOfChange,
                                              anomaly: channelFeatures.anomaly.map { AnomalyLevel(up: $0.upward, down: $0.downward) }),
                                     now: now)
        if !actions.isEmpty { outputs.append(.alarms(actions)) }
    }

    /// Feeds the channel's trend toward its failure level (an asset no model covers) and reports the
    /// asset's remaining life: that of the channel nearest to failure.
    private mutating func trend(_ reading: Reading, baseline: Baseline?, features: ChannelFeatures, topic: String,
                                now: Double, into outputs: inout [Output]) {
        let key = ChannelKey(asset: reading.asset, channel: reading.channel)
        var slot = trends[key]
        if slot == nil {
            guard let level = configuration.failureLevel(asset: reading.asset, channel: reading.channel) else {
                // No failure level for this channel: remembered, so the lookup is made once.
                trends[key] = .some(nil)
                return
            }
            // Made once the channel's healthy baseline is known.
            guard let baseline else { return }
            let settings = TrendPrognoser.Settings(failureLevel: level, horizon: configuration.prognostics.trend.horizon,
                                                   memory: configuration.prognostics.trend.memory)
            let made = TrendPrognoser(asset: reading.asset, channel: reading.channel, settings: settings, baseline: baseline)
            if made == nil {
                outputs.append(.rejected(.refusedByModel(
                    topic: topic, asset: reading.asset, reason: "failure_level_at_healthy",
                    detail: "\(reading.channel): failure_at \(level) is within one deviation of the healthy level "
                        + "\(baseline.mean) ± \(baseline.standardDeviation); no trend can reach it")))
            }
            slot = .some(made)
        }
        guard var trend = slot ?? nil else {
            trends[key] = .some(nil)
            return
        }
        let evidence = trend.direction > 0 ? features.anomaly?.upward : features.anomaly?.downward
        let estimate = trend.observe(time: reading.time, value: reading.value, anomaly: evidence ?? 0)
        trends[key] = .some(trend)
        guard estimate != nil else { return }
        var nearest: RULEstimate?
        for (other, candidate) in trends where other.asset == reading.asset {
            guard let latest = candidate?.latest else { continue }
            if nearest.map({ latest.rul < $0.rul }) ?? true { nearest = latest }
        }
        guard var chosen = nearest else { return }
        // Another channel's estimate, taken forward to this reading's time.
        let elapsed = max(reading.time - chosen.time, 0)
        chosen.time = reading.time
        chosen.rul = max(chosen.rul - elapsed, 0)
        chosen.lower = max(chosen.lower - elapsed, 0)
        chosen.upper = max(chosen.upper - elapsed, 0)
        outputs.append(.estimate(chosen, unit: configuration.prognostics.trend.timeUnit))
        observeLife(chosen, now: now, into: &outputs)
    }

    /// Snapshots to save: of the prognoses that closed a time step since their last snapshot, or
    /// with `everyChange` (at shutdown) of those that took any reading.
    package mutating func prognosisSnapshots(everyChange: Bool = false) -> [(asset: String, snapshot: AssetPrognoser.Snapshot)] {
        var snapshots: [(asset: String, snapshot: AssetPrognoser.Snapshot)] = []
        for (asset, slot) in prognoserSlots {
            let due = everyChange ? prognosers[slot]?.changedSinceSnapshot : prognosers[slot]?.stepClosedSinceSnapshot
            guard due == true, let snapshot = prognosers[slot]?.takeSnapshot() else { continue }
            snapshots.append((asset, snapshot))
        }
        return snapshots
    }

    /// The feature-history buckets completed since the last call; with `flushing` (at shutdown) the
    /// open ones too.
    package mutating func takeFeatureBuckets(flushing: Bool = false) -> [FeatureBucket] {
        var taken = completedBuckets
        completedBuckets.removeAll()
        if flushing {
            for (key, slot) in channelSlots {
                if let bucket = channelStates[slot].history?.flush() {
                    taken.append(FeatureBucket(asset: key.asset, channel: key.channel, bucket: bucket))
                }
            }
        }
        return taken
    }

    /// The latest features of each channel of `asset` (of every asset when `nil`), by asset and channel.
    package func indicators(of asset: String? = nil) -> [String: [String: ChannelFeatures]] {
        var result: [String: [String: ChannelFeatures]] = [:]
        for (key, slot) in channelSlots where asset == nil || key.asset == asset {
            if let latest = channelStates[slot].monitor?.features { result[key.asset, default: [:]][key.channel] = latest }
        }
        return result
    }

    /// The place of the asset's prognoser in `prognosers`, made on first use (nil there when no
    /// model applies). A place, not a copy: a copy held while the prognoser takes a reading would
    /// make that reading copy its state.
    private mutating func prognoserSlot(for asset: String) -> Int {
        if let known = prognoserSlots[asset] { return known }
        let saved = savedPrognoses.removeValue(forKey: asset)
        let made = Self.model(for: asset, in: models, configuration: configuration).map {
            AssetPrognoser(asset: asset, shared: shared($0), restoring: saved)
        }
        let slot = prognosers.count
        prognosers.append(made)
        prognoserSlots[asset] = slot
        return slot
    }

    /// The one shared copy of `model` (by name and version).
    private mutating func shared(_ model: PrognosticModel) -> PrognosticModel.Shared {
        let key = "\(model.name)\u{0}\(model.version)"
        if let known = sharedModels[key] { return known }
        let made = PrognosticModel.Shared(model)
        sharedModels[key] = made
        return made
    }

    private static func model(for asset: String, in library: ModelLibrary,
                              configuration: PDMConfiguration) -> PrognosticModel? {
        guard var model = library.model(for: asset) else { return nil }
        if let interval = configuration.prognostics.interval {
            model.interval = .init(lower: interval.lower, upper: interval.upper)
        }
        return model
    }

    /// The streaming features of a channel after its latest reading.
    package func features(asset: String, channel: String) -> ChannelFeatures? {
        channelSlots[ChannelKey(asset: asset, channel: channel)].flatMap { channelStates[$0].monitor?.features }
    }

    /// Rolling mean and standard deviation of a channel, if it has readings.
    package func statistics(asset: String, channel: String) -> (mean: Double, standardDeviation: Double, count: Int)? {
        features(asset: asset, channel: channel).map { ($0.mean, $0.standardDeviation, $0.count) }
    }
}
